"""The same scenario in every country, as the rows a person reads (and downloads) on the Compare page.

Rows are sorted by country name, chances and dates formatted by `pathways.formatting`, so the table, the
chart's tooltips and the CSV say exactly what the Ask page says for the same country and route.
"""

from __future__ import annotations

import pandas as pd

from .answer import ROUTE_TEXT, Answer, Estimate
from .countries import country_label
from .formatting import chance_short, month
from .i18n import N_, _
from .tables import csv_bytes

#: what a person sees and downloads, in this order (the keys; `readable` heads them in the active language)
COLUMNS = [N_("Country"), N_("Route"), N_("Chance it opens"), N_("Most likely"), N_("80% range from"), N_("80% range to")]


def route_cells(cc: str, route: str, e: Estimate) -> dict[str, str]:
    """One country's route as a person reads it (the `COLUMNS`), for the Compare table and the answer CSV alike."""
    return {
        "Country": f"{country_label(cc)} ({cc})",
        "Route": ROUTE_TEXT[route]["short"],
        "Chance it opens": chance_short(e.p_reached),
        "Most likely": month(e.p50) if e.p50 else _("not reached"),
        "80% range from": month(e.p10) if e.p10 else "",
        "80% range to": month(e.p90) if e.p90 else "",
    }


def compare_frame(answer: Answer, routes: list[str]) -> pd.DataFrame:
    """One row per country and route: readable columns plus the raw values the chart draws from.

    The raw columns (`code`, `route`, `chance`, `p10`, `p50`, `p90`) are for drawing only;
    `readable` keeps the columns of `COLUMNS`.
    """
    rows = []
    for cc, c in answer.countries.items():
        for route, ra in c.routes.items():
            if route not in routes:
                continue
            e = ra.estimate
            rows.append(
                {
                    **route_cells(cc, route, e),
                    "code": cc,
                    "route": route,
                    "chance": e.p_reached,
                    "p10": e.p10,
                    "p50": e.p50,
                    "p90": e.p90,
                }
            )
    frame = pd.DataFrame(rows, columns=[*COLUMNS, "code", "route", "chance", "p10", "p50", "p90"])
    order = {r: i for i, r in enumerate(ROUTE_TEXT)}
    frame["_name"] = frame["Country"].str.casefold()
    frame["_route"] = frame["route"].map(order)
    return frame.sort_values(["_name", "_route"]).drop(columns=["_name", "_route"]).reset_index(drop=True)


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """Only what a person reads: no internal codes, no raw fractions, dates in months; headings in the language."""
    return frame[COLUMNS].rename(columns={column: _(column) for column in COLUMNS})


def compare_csv(frame: pd.DataFrame) -> bytes:
    table = readable(frame)
    return csv_bytes(list(table.columns), table.itertuples(index=False))
