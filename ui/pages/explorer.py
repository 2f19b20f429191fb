"""Pathway explorer: the composed graph as a diagram, filtered, with every step's details and sources."""

from __future__ import annotations

import streamlit as st

from pathways.answer import ROUTE_TEXT
from pathways.diagram import DiagramOptions, build_dot
from pathways.distributions import summary_days
from pathways.export import export_bytes
from ui.state import current_view, file_stem
from ui.text import link, md_escape

incoming = st.query_params.get("step")  # a link from the Ask page's questions names a step
if incoming:
    st.session_state["url_step"] = incoming
    st.session_state["url_route"] = "all"  # the step may lie on any route: show them all
view = current_view()
if view is None:
    st.stop()
composition = view.composition
answer = view.answer()

st.title("Pathway explorer")
st.caption(
    "Every step between today and patients, for the country and route you choose. Solid arrows: waits for all; "
    "dashed arrows: whichever comes first. Percentages on arrows are the chances of each outcome."
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
    value=True,
    key="explorer_compact",
    disabled=route == "all",
    help="Shows the steps of the most frequent way to patients; switch off to see every alternative.",
)
vertical = col2.toggle("Top to bottom (easier on screens)", value=True, key="explorer_vertical")
options = DiagramOptions(
    country=view.country,
    route=None if route == "all" else route,
    compact=compact and route != "all",
    direction="TB" if vertical else "LR",
)
dot = build_dot(composition, answer, options)
st.graphviz_chart(dot.source, width="stretch")
st.caption(
    "Use the full-screen button at the top right of the diagram to enlarge it. Downloads are laid out left to "
    "right for print (A4 landscape for one route's most frequent path)."
)

stem = file_stem(view, "diagram")
cols = st.columns(4)
for column, fmt in zip(cols, ("dot", "svg", "png", "pdf")):
    column.download_button(
        f"Diagram ({fmt.upper()})",
        (lambda f=fmt: export_bytes(composition, answer, f, "diagram", view.country, options.route, compact=options.compact)),
        file_name=f"{stem}.{fmt}",
        on_click="ignore",
        width="stretch",
    )

st.subheader("Step details")
from pathways.diagram import diagram_nodes  # noqa: E402 - keeps the page's imports in reading order

nodes = [n for n in diagram_nodes(composition, answer, options)]
wanted = st.session_state.get("url_step")
index = nodes.index(wanted) if wanted in nodes else 0
if nodes:
    node = st.selectbox("Choose a step", nodes, index=index, format_func=lambda n: composition.step(n).label, key="explorer_step")
    st.session_state["url_step"] = node
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
            f"**In this scenario:** done by {estimate.p50:%b %Y} (80% range {estimate.p10:%b %Y}–{estimate.p90:%b %Y}), "
            f"chance {estimate.p_reached:.0%}"
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
