"""Paper for printed diagrams: the smallest ISO page on which the drawing's smallest text stays readable.

A Graphviz drawing has its own size (a long pathway is most of a metre wide), but a PDF offered as
"A4" must be A4. The drawing is scaled down onto the page, never up; a larger sheet is chosen when
A4 would shrink the smallest text below what can be read on paper, and a drawing too large even for
A3 gets one sheet of its own size, named in centimetres. vl-convert writes one SVG user unit (a CSS
pixel) as one PDF point, so the page SVG is written in unitless numbers that are points.

>>> fit_on_paper(700, 400, smallest_text_pt=11).paper.name
'A4 landscape'
>>> fit_on_paper(3000, 900, smallest_text_pt=11).paper.name
'one sheet, 108 × 34 cm'
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape

from .i18n import N_

PT_PER_MM = 72 / 25.4
MARGIN_PT = 10 * PT_PER_MM
#: 6 pt is about the size of a medicine leaflet's small print: the least a printed diagram may shrink to
MIN_PRINTED_TEXT_PT = 6.0


@dataclass(frozen=True)
class Paper:
    name: str
    width_pt: float
    height_pt: float

    @property
    def size_mm(self) -> tuple[int, int]:
        return round(self.width_pt / PT_PER_MM), round(self.height_pt / PT_PER_MM)


#: smallest first: the first on which the drawing stays readable is the one offered (names translated where shown)
PAPERS = (
    Paper(N_("A4 landscape"), 297 * PT_PER_MM, 210 * PT_PER_MM),
    Paper(N_("A4 portrait"), 210 * PT_PER_MM, 297 * PT_PER_MM),
    Paper(N_("A3 landscape"), 420 * PT_PER_MM, 297 * PT_PER_MM),
    Paper(N_("A3 portrait"), 297 * PT_PER_MM, 420 * PT_PER_MM),
)


@dataclass(frozen=True)
class Fit:
    """Where a drawing goes: the sheet, and the factor its points are multiplied by to fit inside the margins."""

    paper: Paper
    scale: float


def fit_on_paper(
    width_pt: float, height_pt: float, smallest_text_pt: float, reserved: Callable[[float], float] = lambda width: 0.0
) -> Fit:
    """The first of `PAPERS` where the smallest text prints at `MIN_PRINTED_TEXT_PT` or more, else a sheet of its own.

    `reserved(width)` is the height the title and legend take on a sheet of that width.
    """
    for paper in PAPERS:
        inner_w = paper.width_pt - 2 * MARGIN_PT
        inner_h = paper.height_pt - 2 * MARGIN_PT - reserved(inner_w)
        scale = min(1.0, inner_w / width_pt, inner_h / height_pt)
        if scale * smallest_text_pt >= MIN_PRINTED_TEXT_PT:
            return Fit(paper, scale)
    width = max(width_pt, PAPERS[0].width_pt - 2 * MARGIN_PT) + 2 * MARGIN_PT
    height = height_pt + reserved(width - 2 * MARGIN_PT) + 2 * MARGIN_PT
    cm = f"{width / PT_PER_MM / 10:.0f} × {height / PT_PER_MM / 10:.0f} cm"
    return Fit(Paper(f"one sheet, {cm}", width, height), 1.0)


TITLE_PT = 14
LEGEND_PT = 9
LEGEND_ROW_PT = 26
SWATCH_SCALE = 0.8
#: Helvetica's average advance per character, as a share of the font size (generous, so nothing overlaps)
CHAR_EM = 0.56


@dataclass(frozen=True)
class Furniture:
    """What a printed page carries besides the drawing: a title above, a legend and a footer below."""

    title: str
    legend: list[tuple[str, str]]
    footer: str

    def _title_lines(self, width: float) -> list[str]:
        return textwrap.wrap(self.title, max(20, int(width / (CHAR_EM * TITLE_PT)))) or [""]

    def _legend_rows(self, width: float) -> list[list[tuple[str, str, float]]]:
        rows: list[list[tuple[str, str, float]]] = [[]]
        used = 0.0
        for swatch, text in self.legend:
            item = 48 * SWATCH_SCALE + 6 + len(text) * CHAR_EM * LEGEND_PT + 16
            if rows[-1] and used + item > width:
                rows.append([])
                used = 0.0
            rows[-1].append((swatch, text, item))
            used += item
        return rows

    def top(self, width: float) -> float:
        return len(self._title_lines(width)) * TITLE_PT * 1.3 + 8

    def bottom(self, width: float) -> float:
        return 8 + len(self._legend_rows(width)) * LEGEND_ROW_PT + LEGEND_PT * 1.6

    def height(self, width: float) -> float:
        return self.top(width) + self.bottom(width)

    def svg(self, width: float, page_height: float) -> str:
        """Title at the top margin, legend and footer ending at the bottom margin."""
        out = []
        for i, line in enumerate(self._title_lines(width)):
            y = MARGIN_PT + TITLE_PT * (1 + 1.3 * i)
            out.append(
                f'<text x="{MARGIN_PT:.2f}" y="{y:.2f}" font-size="{TITLE_PT}" font-weight="bold" fill="#1A1A1A" {_FONT}>{escape(line)}</text>'
            )
        y = page_height - MARGIN_PT - self.bottom(width) + 8
        for row in self._legend_rows(width):
            x = MARGIN_PT
            for swatch, text, item in row:
                out.append(f'<g transform="translate({x:.2f},{y:.2f}) scale({SWATCH_SCALE})">{swatch}</g>')
                tx, ty = x + 48 * SWATCH_SCALE + 6, y + 28 * SWATCH_SCALE / 2 + LEGEND_PT * 0.35
                out.append(
                    f'<text x="{tx:.2f}" y="{ty:.2f}" font-size="{LEGEND_PT}" fill="#1A1A1A" {_FONT}>{escape(text)}</text>'
                )
                x += item
            y += LEGEND_ROW_PT
        out.append(
            f'<text x="{MARGIN_PT:.2f}" y="{y + LEGEND_PT:.2f}" font-size="{LEGEND_PT}" fill="#333333" {_FONT}>{escape(self.footer)}</text>'
        )
        return "".join(out)


_FONT = 'font-family="Helvetica,Arial,Liberation Sans,sans-serif"'


def svg_size_pt(svg: bytes) -> tuple[float, float]:
    """A Graphviz SVG's size in points, from its viewBox (Graphviz writes one user unit per point).

    >>> svg_size_pt(b'<svg width="72pt" height="144pt" viewBox="0.00 0.00 72.00 144.00">')
    (72.0, 144.0)
    """
    root = re.search(rb"<svg\b[^>]*>", svg)
    box = (
        re.search(rb"""viewBox\s*=\s*["']\s*([-0-9.]+)[\s,]+([-0-9.]+)[\s,]+([0-9.]+)[\s,]+([0-9.]+)""", root.group(0))
        if root
        else None
    )
    if box is None:
        raise ValueError("the SVG has no viewBox on its root element")
    return float(box.group(3)), float(box.group(4))


def on_paper(svg: bytes, fit: Fit, furniture: Furniture | None = None) -> bytes:
    """The drawing centred between title and legend on its sheet: an SVG whose size is the sheet in points."""
    width, height = svg_size_pt(svg)
    start = svg.index(b"<svg")
    root_end = svg.index(b">", start)
    root = svg[start:root_end]
    root = re.sub(rb"""\s(width|height|x|y)\s*=\s*["'][^"']*["']""", b"", root)
    w, h = width * fit.scale, height * fit.scale
    inner_w = fit.paper.width_pt - 2 * MARGIN_PT
    top = furniture.top(inner_w) if furniture else 0.0
    free = fit.paper.height_pt - 2 * MARGIN_PT - (furniture.height(inner_w) if furniture else 0.0)
    x, y = (fit.paper.width_pt - w) / 2, MARGIN_PT + top + max(0.0, free - h) / 2
    inner = root + f' x="{x:.2f}" y="{y:.2f}" width="{w:.2f}" height="{h:.2f}"'.encode() + svg[root_end:]
    pw, ph = fit.paper.width_pt, fit.paper.height_pt
    page = (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="{pw:.2f}" height="{ph:.2f}" viewBox="0 0 {pw:.2f} {ph:.2f}">'
        f'<rect width="{pw:.2f}" height="{ph:.2f}" fill="white"/>'
    ).encode()
    extra = furniture.svg(inner_w, ph).encode() if furniture else b""
    return page + extra + inner + b"</svg>\n"
