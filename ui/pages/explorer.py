"""Pathway explorer: the composed graph as a diagram, filtered, with every step's details and sources."""

from __future__ import annotations

import streamlit as st

from pathways.answer import ROUTE_TEXT
from pathways.diagram import DiagramOptions, build_dot, diagram_nodes, faded_nodes
from pathways.distributions import summary_days
from pathways.export import export_bytes, print_layouts
from pathways.formatting import chance_text, month, month_range
from ui.diagram_view import diagram_view, paper_name
from ui.state import current_view, file_stem
from ui.text import link, md_escape

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

st.title("Pathway explorer")
st.caption(
    "Every step between today and patients, for the country and route you choose. Click a step to see what it "
    "is, how long it takes and where that comes from."
)
present = [r for r in ROUTE_TEXT if composition.access_nodes(view.country, r)]
col1, col2 = st.columns([2, 1])
choices = [*present, "all"]
wanted_route = st.session_state.get("url_route")
route = col1.radio(
    "Route",
    choices,
    index=choices.index(wanted_route) if wanted_route in choices else 0,
    horizontal=True,
    key="explorer_route",
    format_func=lambda r: "All routes" if r == "all" else ROUTE_TEXT[r]["short"],
)
st.session_state["url_route"] = route if route != "all" else None
compact = col2.toggle(
    "Only the most frequent path",
    value=False,
    key="explorer_compact",
    disabled=route == "all",
    help="The most frequent way to patients is drawn strongly and the alternatives faded; switch on to hide them.",
)
vertical = col2.toggle("Top to bottom (easier on screens)", value=True, key="explorer_vertical")
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
    st.session_state["url_step"] = next((n for n in nodes if n not in faded), nodes[0])
dot = build_dot(composition, answer, options)
picture, details = st.columns([3, 2], gap="medium")
with picture:
    diagram_view(
        dot.source,
        {n: composition.step(n).label for n in nodes},
        st.session_state.get("url_step"),
        bool(faded),
        key="explorer_diagram",
        target="url_step",
        details=".st-key-explorer_details",
    )
    dots, furniture = print_layouts(composition, answer, view.country, options.route, options.compact)
    paper = paper_name(dots, furniture)
    stem = file_stem(view, "diagram")
    labels = {"dot": "DOT (Graphviz)", "svg": "SVG (any size)", "png": "PNG image", "pdf": f"PDF, {paper}"}
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
        f"The PDF is {paper}: laid out for that sheet, with the title and legend on the page. "
        "SVG and PNG keep the drawing's own size."
    )

details = details.container(key="explorer_details")
details.subheader("Step details")
if nodes:
    if st.session_state.get("explorer_step") != st.session_state["url_step"]:
        st.session_state["explorer_step"] = st.session_state["url_step"]
    node = details.selectbox(
        "Chosen step (or click one in the diagram)",
        nodes,
        format_func=lambda n: composition.step(n).label,
        key="explorer_step",
        on_change=lambda: st.session_state.update(url_step=st.session_state["explorer_step"]),
    )
    with details:
        step = composition.step(node)
        data = composition.graph.nodes[node]
        st.markdown(f"#### {md_escape(step.label)}")
        st.markdown(md_escape(step.explain.strip()))
        facts = [
            f"**Who acts:** {md_escape(step.who)}" if step.who else "",
            f"**Part of:** {md_escape(data['fragment'])}",
            f"**Step id:** `{node}`",
        ]
        if step.duration is not None:
            p10, p50, p90 = summary_days(step.duration)
            facts.append(f"**Duration:** {md_escape(step.duration.summary())} (P10 {p10:.0f}, P50 {p50:.0f}, P90 {p90:.0f} days)")
            if step.duration.assumption:
                facts.append(f"**Assumption:** {md_escape(step.duration.assumption.strip())}")
        for rule in step.rules:
            facts.append(f"**From {rule.from_:%d %b %Y}:** {md_escape(rule.duration.summary())} — {md_escape(rule.why)}")
        estimate = answer.milestones.get(node)
        if estimate is not None and estimate.p50 is not None:
            facts.append(
                f"**In this scenario:** done by {month(estimate.p50)} (80% range {month_range(estimate.p10, estimate.p90)}), "
                f"chance {chance_text(estimate.p_reached)}"
            )
        for outcome in step.outcomes:
            facts.append(f"**Outcome “{md_escape(outcome.label)}”**")
        st.markdown("  \n".join(f for f in facts if f))
        table = next((f.model.sources for f in composition.library.fragments if f.file == data["file"]), {})
        keys = list(dict.fromkeys(step.sources + (step.duration.sources if step.duration else [])))
        if data.get("scenario_duration"):
            table = {**table, **composition.scenario.sources}
        if keys:
            st.markdown("**Sources**")
            for key in keys:
                if key in table:
                    src = table[key]
                    st.markdown(f"- {link(src.title, src.url)} — {md_escape(src.supports)} (read {src.read}, {src.kind})")

st.session_state["_explorer_shown_step"] = st.session_state.get("url_step")
