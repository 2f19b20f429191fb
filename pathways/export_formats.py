"""Which file formats each export can be written in.

Kept apart from `export` so that the command line can list the choices without importing the
chart and rendering stack (altair, pandas, the SVG converters), which costs most of a second of
start-up for every command, including the ones that export nothing.
"""

from __future__ import annotations

DIAGRAM_FORMATS = ("dot", "svg", "png", "pdf")
CHART_FORMATS = ("vl.json", "svg", "png", "pdf")
DATA_FORMATS = ("json", "csv")

#: What each kind of export can be written as; the first is the default.
FORMATS_BY_WHAT: dict[str, tuple[str, ...]] = {
    "diagram": DIAGRAM_FORMATS,
    "timeline": CHART_FORMATS,
    "chance": CHART_FORMATS,
    "answer": DATA_FORMATS,
}
