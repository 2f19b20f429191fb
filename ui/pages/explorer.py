"""Pathway explorer: the composed graph as a diagram, filtered, with every step's details and sources."""

from __future__ import annotations

import streamlit as st

from pathways.answer import ROUTE_TEXT
from pathways.countries import country_label
from pathways.diagram import DiagramOptions, build_dot, diagram_nodes, faded_nodes
from pathways.distributions import summary_days
from pathways.export import export_bytes, print_layouts
from pathways.formatting import chance_text, day_text, month, month_range
from pathways.i18n import N_, _, has_own_text, yaml_text
from ui.diagram_view import diagram_view, paper_name
from ui.state import current_view, file_stem
from ui.text import link, md_escape

#: a source's kind as the page says it
KINDS = {"primary": N_("primary"), "secondary": N_("secondary")}


def _library_text(item: object, field: str) -> str:
    """A library text (an assumption's reason, a rule's reason, what a source supports) in the page's language,
    escaped; one without a translation is shown in English and marked so."""
    text = md_escape(yaml_text(item, field).strip())
    return text if has_own_text(item, field) else _("{text} (in English)").format(text=text)


def _paper(name: str) -> str:
    """A sheet's name (`paper.PAPERS`, or 'one sheet, W × H cm' for a drawing too big for A3) in the language."""
    size = name.removeprefix("one sheet, ")
    return _("one sheet, {size}").format(size=size) if size != name else _(name)


# A link (from the Ask page's questions) names a step. The address also keeps the step this page showed
# last; after a click in the diagram that one is stale and must not undo the click.
incoming = st.query_params.get("step")
if incoming and incoming != st.session_state.get("_explorer_shown_step"):
    st.session_state["url_step"] = incoming
    st.session_state["url_route"] = "all"  # the step may lie on any route: show them all
view = current_view()
if view is None:
    st.stop()
composition = view.composition
answer = view.answer()

st.title(_("Pathway explorer"))
st.caption(
    _(
        "Every step between today and patients, for the country and route you choose. Click a step to see what it "
        "is, how long it takes and where that comes from."
    )
)
present = [r for r in ROUTE_TEXT if composition.access_nodes(view.country, r)]
col1, col2 = st.columns([2, 1])
choices = [*present, "all"]
wanted_route = st.session_state.get("url_route")
route = col1.radio(
    _("Route"),
    choices,
    index=choices.index(wanted_route) if wanted_route in choices else 0,
    horizontal=True,
    key="explorer_route",
    format_func=lambda r: _("All routes") if r == "all" else ROUTE_TEXT[r]["short"],
)
st.session_state["url_route"] = route if route != "all" else None
compact = col2.toggle(
    _("Only the most frequent path"),
    value=False,
    key="explorer_compact",
    disabled=route == "all",
    help=_("The most frequent way to patients is drawn strongly and the alternatives faded; switch on to hide them."),
)
vertical = col2.toggle(_("Top to bottom (easier on screens)"), value=True, key="explorer_vertical")
options = DiagramOptions(
    country=view.country,
    route=None if route == "all" else route,
    compact=compact and route != "all",
    direction="TB" if vertical else "LR",
    title=False,
    legend=False,
)
nodes = diagram_nodes(composition, answer, options)
faded = faded_nodes(composition, answer, options)
if nodes and st.session_state.get("url_step") not in nodes:
    linked = st.session_state.get("url_step")
    if linked and linked == incoming:  # a link's step that this view has not: say so rather than silently move
        if linked in composition.graph:
            notice = _("The link's step “{step}” is on no route for {country}; showing the first step for {country} instead.")
            label = md_escape(yaml_text(composition.step(linked), "label"))
            st.info(notice.format(step=label, country=country_label(view.country)))
        else:
            notice = _("The link names a step this scenario does not have ({step}); showing the first step instead.")
            st.info(notice.format(step="`" + linked[:80].replace("`", "") + "`"))  # an id, shown as code
    st.session_state["url_step"] = next((n for n in nodes if n not in faded), nodes[0])
dot = build_dot(composition, answer, options)
picture, details = st.columns([3, 2], gap="medium")
with picture:
    diagram_view(
        dot.source,
        {n: yaml_text(composition.step(n), "label") for n in nodes},
        st.session_state.get("url_step"),
        bool(faded),
        key="explorer_diagram",
        target="url_step",
        details=".st-key-explorer_details",
    )
    dots, furniture = print_layouts(composition, answer, view.country, options.route, options.compact)
    paper = _paper(paper_name(dots, furniture))
    stem = file_stem(view, "diagram")
    labels = {
        "dot": "DOT (Graphviz)",
        "svg": _("SVG (any size)"),
        "png": _("PNG image"),
        "pdf": _("PDF, {paper}").format(paper=paper),
    }
    cols = st.columns(4)
    for column, fmt in zip(cols, ("dot", "svg", "png", "pdf")):
        column.download_button(
            labels[fmt],
            (lambda f=fmt: export_bytes(composition, answer, f, "diagram", view.country, options.route, compact=options.compact)),
            file_name=f"{stem}.{fmt}",
            on_click="ignore",
            width="stretch",
            key=f"explorer_download_{fmt}",
        )
    st.caption(
        _(
            "The PDF is {paper}: laid out for that sheet, with the title and legend on the page. "
            "SVG and PNG keep the drawing's own size."
        ).format(paper=paper)
    )

details = details.container(key="explorer_details")
details.subheader(_("Step details"))
if nodes:
    if st.session_state.get("explorer_step") != st.session_state["url_step"]:
        st.session_state["explorer_step"] = st.session_state["url_step"]
    node = details.selectbox(
        _("Chosen step (or click one in the diagram)"),
        nodes,
        format_func=lambda n: yaml_text(composition.step(n), "label"),
        key="explorer_step",
        on_change=lambda: st.session_state.update(url_step=st.session_state["explorer_step"]),
    )
    with details:
        step = composition.step(node)
        data = composition.graph.nodes[node]
        st.markdown(f"#### {md_escape(yaml_text(step, 'label'))}")
        st.markdown(md_escape(yaml_text(step, "explain").strip()))
        if not has_own_text(step, "explain"):
            st.caption(_("This step's explanation is not yet written in this language; it is shown in English."))
        fragment = next((f.model for f in composition.library.fragments if f.file == data["file"]), None)
        facts = [
            _("**Who acts:** {who}").format(who=md_escape(yaml_text(step, "who"))) if step.who else "",
            _("**Part of:** {fragment}").format(
                fragment=md_escape(yaml_text(fragment, "title") if fragment else data["fragment"])
            ),
            _("**Step id:** `{id}`").format(id=node),
        ]
        if step.duration is not None:
            p10, p50, p90 = summary_days(step.duration)
            facts.append(
                _("**Duration:** {summary} (P10 {p10}, P50 {p50}, P90 {p90} days)").format(
                    summary=md_escape(step.duration.summary()), p10=f"{p10:.0f}", p50=f"{p50:.0f}", p90=f"{p90:.0f}"
                )
            )
            if step.duration.assumption:
                facts.append(_("**Assumption:** {reason}").format(reason=_library_text(step.duration, "assumption")))
        for rule in step.rules:
            facts.append(
                _("**From {date}:** {summary} — {why}").format(
                    date=day_text(rule.from_), summary=md_escape(rule.duration.summary()), why=_library_text(rule, "why")
                )
            )
        estimate = answer.milestones.get(node)
        if estimate is not None and estimate.p50 is not None:
            facts.append(
                _("**In this scenario:** done by {month} (80% range {range}), chance {chance}").format(
                    month=month(estimate.p50),
                    range=month_range(estimate.p10, estimate.p90),
                    chance=chance_text(estimate.p_reached),
                )
            )
        for outcome in step.outcomes:
            facts.append(
                _("**Outcome {outcome}**").format(outcome=_("“{name}”").format(name=md_escape(yaml_text(outcome, "label"))))
            )
        st.markdown("  \n".join(f for f in facts if f))
        table = next((f.model.sources for f in composition.library.fragments if f.file == data["file"]), {})
        keys = list(dict.fromkeys(step.sources + (step.duration.sources if step.duration else [])))
        if data.get("scenario_duration"):
            table = {**table, **composition.scenario.sources}
        if keys:
            st.markdown(_("**Sources**"))
            for key in keys:
                if key in table:
                    src = table[key]
                    st.markdown(
                        _("- {link} — {supports} (read {date}, {kind})").format(
                            link=link(src.title, src.url),
                            supports=_library_text(src, "supports"),
                            date=day_text(src.read),
                            kind=_(KINDS[src.kind]),
                        )
                    )

st.session_state["_explorer_shown_step"] = st.session_state.get("url_step")
