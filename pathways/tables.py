"""CSV that is safe to open in a spreadsheet: every table the CLI or the app writes goes through here.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (and tab or
carriage return can smuggle one in), so text from a scenario such as ``=HYPERLINK("http://…")``
would become a live link. Following the OWASP rule for CSV injection, such a cell gets a leading
apostrophe, which spreadsheets show as plain text. Numbers are written as numbers (a negative number
is data, not a formula); only text is changed.

>>> spreadsheet_safe('=HYPERLINK("http://evil.example","x")')
'\\'=HYPERLINK("http://evil.example","x")'
>>> spreadsheet_safe("-3 days"), spreadsheet_safe(-3), spreadsheet_safe("Norway")
("'-3 days", '-3', 'Norway')
"""

from __future__ import annotations

import csv
import io
import numbers
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> str:
    """The cell's text, with a leading apostrophe if a spreadsheet would read it as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, numbers.Number):
        text = str(value)
        return "'" + text if text.startswith(FORMULA_STARTS) else text
    return str(value)


def csv_bytes(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 CSV of a header and rows, every cell made spreadsheet-safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([spreadsheet_safe(h) for h in header])
    for row in rows:
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return out.getvalue().encode("utf-8")
