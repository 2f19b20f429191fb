"""Ask: the plain-language answer first, then routes, timelines, assumptions and the motivating questions."""

from __future__ import annotations

import json

import streamlit as st

from pathways.answer import ROUTE_TEXT, headline_parts, headline_route, range_text
from pathways.export import answer_csv, export_bytes
from pathways.formatting import chance_short, chance_text, chance_words, count_text, month, month_long, month_range, share_text
from pathways.i18n import _, yaml_text
from pathways.timeline import chance_chart, chance_table, path_table, timeline_chart
from ui import new_medicine
from ui.assumptions import assumption_sliders
from ui.judgements import render_judgements
from ui.state import current_view, file_stem
from ui.text import link, md_escape
from ui.track import track_record_line

view = current_view()
new_medicine.sidebar_button()
new_medicine.panel()
if view is None:
    st.stop()

scenario = view.composition.scenario
answer = view.answer()
country = answer.countries[view.country]

st.title(_("When could patients get it?"))
st.markdown(f"**{md_escape(answer.scenario)}**")
st.caption(
    _("Situation as of {month} · {count} simulated futures").format(
        month=month_long(scenario.as_of), count=count_text(answer.samples)
    )
)

with st.container(key="headline", border=True):
    parts = headline_parts(answer, view.country)
    st.markdown(f"#### {md_escape(parts[0])}")
    if parts[1:]:
        st.markdown("**" + md_escape(" ".join(parts[1:])) + "**")
    if scenario.summary:
        st.markdown(md_escape(yaml_text(scenario, "summary")))
    st.caption(track_record_line(view.country))

# --- routes ----------------------------------------------------------------------------------------
st.subheader(_("Routes to patients"))
ORDER = ("reimbursed", "off_label", "early_access", "trial", "private")
routes = [r for r in ORDER if r in country.routes]
if not routes:
    st.info(_("The library has no route to patients for this country in this scenario."))
columns = st.columns(max(1, len(routes)))
for column, route in zip(columns, routes):
    ra = country.routes[route]
    e = ra.estimate
    with column.container(border=True, key=f"route-{route}"):
        st.markdown(f"**{ROUTE_TEXT[route]['short']}**")
        personal = any(w.place for w in ra.ways)  # the chance includes getting one of few places
        st.metric(_("Chance if you seek it") if personal else _("Chance it opens at all"), chance_short(e.p_reached))
        if chance_words(e.p_reached):
            st.caption(chance_words(e.p_reached))
        if e.p50 is not None and e.p10 is not None and e.p90 is not None:
            if e.p50 <= scenario.as_of:
                if ra.open_until:
                    st.markdown(_("**Open now**, until about {month}").format(month=month(ra.open_until)))
                else:
                    st.markdown(_("**Open now**"))
            else:
                st.markdown(
                    _("Most likely **{month}**  \n80% range {range}").format(month=month(e.p50), range=month_range(e.p10, e.p90))
                )
        else:
            st.markdown(_("Not reached under these assumptions"))
        st.markdown(_("**For whom:** {text}").format(text=md_escape(ra.for_whom)))
        st.markdown(_("**Who pays:** {text}").format(text=md_escape(ra.who_pays)))
        if ra.who_must_act:
            st.markdown(_("**Who must act:** {actors}").format(actors="; ".join(md_escape(w) for w in ra.who_must_act)))

render_judgements(view)

# --- timelines -------------------------------------------------------------------------------------
st.subheader(_("Timeline"))
reached = [r for r in routes if country.routes[r].estimate.p50 is not None]
if reached:
    wanted = st.session_state.get("url_route")
    lead = headline_route(answer, view.country)
    default_route = wanted if wanted in reached else lead if lead in reached else reached[0]
    route = st.radio(
        _("Route shown"),
        reached,
        index=reached.index(default_route),
        horizontal=True,
        format_func=lambda r: ROUTE_TEXT[r]["short"],
        key="timeline_route",
    )
    st.session_state["url_route"] = route
    chart = timeline_chart(answer, view.country, route)
    st.altair_chart(chart, width="stretch")
    e = country.routes[route].estimate
    st.caption(
        _(
            "The most frequent way to {route} ({share} of the futures that reach it). "
            "Diamonds: most likely date; lines: 80% range. Whole route: {range}, chance {chance}."
        ).format(
            route=ROUTE_TEXT[route]["name"],
            share=share_text(country.routes[route].path_share),
            range=range_text(e),
            chance=chance_text(e.p_reached),
        )
    )
    with st.expander(_("The same as a table")):
        table = path_table(answer, view.country, route)
        if not table.empty:
            for column in ("p10", "p50", "p90"):
                table[column] = table[column].map(month)
            st.dataframe(
                table[["step", "who", "p10", "p50", "p90", "chance_text", "source"]].rename(
                    columns={
                        "step": _("Step"),
                        "who": _("Who acts"),
                        "p10": "P10",
                        "p50": _("Most likely"),
                        "p90": "P90",
                        "chance_text": _("Chance"),
                        "source": _("Source"),
                    }
                ),
                hide_index=True,
                width="stretch",
            )
    st.altair_chart(chance_chart(answer, view.country), width="stretch", theme=None)
    st.caption(
        _(
            "Each line is one route outside trials; a curve flattens at the chance that its route opens at all. "
            "Trials and paying privately are on their cards above."
        )
    )
    with st.expander(_("Chance of access by date, as a table")):
        ct = chance_table(answer, view.country)
        if not ct.empty:
            yearly = ct[ct["date"].map(lambda d: d.month == scenario.as_of.month)]
            pivot = yearly.pivot_table(index="date", columns="route", values="chance")
            pivot.index = [month(d) for d in pivot.index]
            st.dataframe(pivot.map(chance_short), width="stretch")
else:
    route = "reimbursed"
    st.info(_("No route is reached under these assumptions, so there is no timeline to draw."))

# --- questions -------------------------------------------------------------------------------------
if answer.questions:
    st.subheader(_("Your questions, answered from the model"))
    for q in answer.questions:
        with st.container(border=True):
            st.markdown(f"**{md_escape(q.ask)}**")
            st.markdown(md_escape(q.answer))
            steps = [s for s in q.steps if s in view.composition.graph][:6]
            if steps:
                st.caption(_("The steps behind this answer (open them in the Pathway explorer):"))
                for step_id in steps:
                    st.page_link(
                        "ui/pages/explorer.py",
                        label=yaml_text(view.composition.step(step_id), "label"),
                        icon=":material/account_tree:",
                        query_params={"step": step_id},
                    )

# --- notes and downloads ---------------------------------------------------------------------------
if scenario.notes:
    with st.expander(_("What we know about this case, and how sure we are")):
        for note in scenario.notes:
            refs = [link(scenario.sources[k].title, scenario.sources[k].url) for k in note.sources if k in scenario.sources]
            badge = {"sourced": _("✅ sourced"), "uncertain": _("⚠️ uncertain"), "inference": _("💭 our inference")}[
                note.certainty
            ]
            st.markdown(f"- {badge}: {md_escape(yaml_text(note, 'text').strip())}" + (f" ({'; '.join(refs)})" if refs else ""))

st.subheader(_("Download"))
stem = file_stem(view, "answer")
cols = st.columns(4)
cols[0].download_button(
    _("Answer (JSON)"),
    lambda: json.dumps(answer.to_json(), indent=2, ensure_ascii=False).encode("utf-8"),
    file_name=f"{stem}.json",
    mime="application/json",
    on_click="ignore",
    width="stretch",
)
cols[1].download_button(
    _("Answer (CSV)"),
    lambda: answer_csv(answer, view.composition),
    file_name=f"{stem}.csv",
    mime="text/csv",
    on_click="ignore",
    width="stretch",
)
cols[2].download_button(
    _("Scenario (YAML)"),
    view.text.encode("utf-8"),
    file_name=f"pathways-{view.name}.yaml",
    mime="application/x-yaml",
    on_click="ignore",
    width="stretch",
)
cols[3].download_button(
    _("Timeline (Vega-Lite JSON)"),
    lambda: export_bytes(view.composition, answer, "vl.json", "timeline", view.country, route),
    file_name=f"{file_stem(view, 'timeline')}.vl.json",
    mime="application/json",
    on_click="ignore",
    width="stretch",
)
cols = st.columns(4)
for column, fmt in zip(cols, ("svg", "png", "pdf")):
    column.download_button(
        _("Timeline ({format})").format(format=fmt.upper()),
        (lambda f=fmt: export_bytes(view.composition, answer, f, "timeline", view.country, route)),
        file_name=f"{file_stem(view, 'timeline')}.{fmt}",
        on_click="ignore",
        width="stretch",
    )
cols[3].download_button(
    _("Chance chart (PNG)"),
    lambda: export_bytes(view.composition, answer, "png", "chance", view.country),
    file_name=f"{file_stem(view, 'chance')}.png",
    on_click="ignore",
    width="stretch",
)
st.caption(_("Not medical or legal advice. Every step's sources are on the Sources page."))

# Last, so the answer is on screen before the ranking of assumptions (a few small simulations) is ready.
assumption_sliders(view)
