"""Compare countries: the same scenario and assumptions across every country in the library."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from pathways.answer import ROUTE_TEXT
from pathways.chart_locale import with_locale
from pathways.compare import compare_csv, compare_frame, readable
from pathways.countries import country_label
from pathways.formatting import chance_short
from pathways.i18n import _
from pathways.timeline import FIT_WIDTH, ROUTE_COLOURS
from ui.state import current_view, file_stem, library
from ui.text import md_escape

view = current_view()
if view is None:
    st.stop()

st.title(_("Compare countries"))
st.caption(
    _(
        "{scenario} — the same assumptions in every country the library covers. "
        "Dates are for the futures in which the route opens; the chance says how likely that is."
    ).format(scenario=md_escape(view.answer().scenario))
)
countries = sorted(library().countries())
answer = view.answer(countries)
present = {route for c in answer.countries.values() for route in c.routes}
routes = st.multiselect(
    _("Routes"),
    [r for r in ROUTE_TEXT if r in present],
    default=[r for r in ("reimbursed", "off_label", "early_access") if r in present],
    format_func=lambda r: ROUTE_TEXT[r]["short"],
    key="compare_routes",
)
frame = compare_frame(answer, routes)
chosen = f"{country_label(view.country)} ({view.country})"
st.markdown(_("Your country, **{country}**, is highlighted.").format(country=md_escape(chosen)))


def _highlight(row: pd.Series) -> list[str]:
    mine = row[_("Country")] == chosen
    return ["background-color: #FFF3C4; font-weight: 600" if mine else "" for _ in row]


st.dataframe(readable(frame).style.apply(_highlight, axis=1), hide_index=True, width="stretch")
st.download_button(
    _("Download this table (CSV)"),
    lambda: compare_csv(frame),
    file_name=f"{file_stem(view, 'compare')}.csv",
    mime="text/csv",
    on_click="ignore",
)

reached = frame.dropna(subset=["p50"]).copy()
if reached.empty:
    st.info(_("No route is reached in any country under these assumptions."))
else:
    for column in ("p10", "p50", "p90"):
        reached[column] = pd.to_datetime(reached[column])
    order = list(dict.fromkeys(reached["Country"]))  # by name, like the table
    used = [r for r in ROUTE_COLOURS if r in set(reached["route"])]
    domain = [ROUTE_TEXT[r]["short"] for r in used]
    colours = [ROUTE_COLOURS[r] for r in used]
    top = max(0.01, float(reached["chance"].max()))
    y = alt.Y(
        "Country:N",
        sort=order,
        title=None,
        axis=alt.Axis(
            labelLimit=150,
            labelFontWeight=alt.condition(alt.datum.value == chosen, alt.value("bold"), alt.value("normal")),
            labelColor=alt.condition(alt.datum.value == chosen, alt.value("#000000"), alt.value("#444444")),
        ),
    )
    base = alt.Chart(reached).encode(
        y=y,
        yOffset=alt.YOffset("Route:N", sort=domain),
        color=alt.Color(
            "Route:N",
            scale=alt.Scale(domain=domain, range=colours),
            legend=alt.Legend(orient="bottom", title=None, direction="vertical"),
        ),
        tooltip=[
            alt.Tooltip(field=column, type="nominal", title=_(column))
            for column in ("Country", "Route", "Chance it opens", "Most likely", "80% range from", "80% range to")
        ],
    )
    band = (
        alt.Chart(pd.DataFrame({"Country": [chosen]}))
        .mark_rect(color="#FFF3C4")
        .encode(y=alt.Y("Country:N", sort=order))
        .transform_filter(alt.FieldOneOfPredicate(field="Country", oneOf=order))
    )
    rules = base.mark_rule(strokeWidth=2).encode(
        x=alt.X(
            "p10:T",
            # a translation may break the title in two ("\n"): a phone's chart is too narrow for one long line
            title=_("80% range and most likely date").split("\n"),
            axis=alt.Axis(format="%Y", tickCount="year", labelOverlap=True),
        ),
        x2="p90:T",
    )
    points = base.mark_point(filled=True, size=80).encode(
        x="p50:T",
        shape=alt.Shape("Route:N", sort=domain, legend=None),
        # Opacity against the largest chance shown: with every chance under 11%, the likeliest still stands out.
        opacity=alt.Opacity(
            "chance:Q",
            scale=alt.Scale(domain=[0, top], range=[0.3, 1]),
            legend=None,  # told in the caption below; a second legend beside the routes runs off a phone
        ),
    )
    chart = alt.layer(band, rules, points).properties(height=34 * len(order), autosize=FIT_WIDTH)
    st.altair_chart(with_locale(chart), width="stretch")
    st.caption(
        _(
            "Lines span P10–P90; the marker is the most likely date (shape and colour show the route; "
            "fainter markers are less likely, on a scale up to the largest chance here, {chance})."
        ).format(chance=chance_short(top))
    )
