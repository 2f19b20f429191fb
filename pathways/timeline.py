"""Timeline charts as Altair (Vega-Lite) objects, built from an `Answer` only.

Two charts: the most frequent path to one country's route as bars from today with P10–P90 ranges,
and the cumulative chance that patients have access by each date, per route. Each comes with the
table it is drawn from, so the app can show a table alternative and exports can ship the data.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import Any

import altair as alt
import pandas as pd

from .answer import ROUTE_TEXT, SIDE_ROUTES, Answer
from .chart_locale import with_locale
from .countries import country_label
from .formatting import chance_short, chance_text, month, percent_text
from .i18n import N_, _

ROUTE_COLOURS = {
    "reimbursed": "#0072B2",
    "early_access": "#E69F00",
    "off_label": "#009E73",
    "trial": "#CC79A7",
    "private": "#7A7A7A",
    "any": "#444444",
}
ANY = N_("Any public route outside trials")
ROUTE_DASH = {
    "reimbursed": [1, 0],
    "early_access": [6, 3],
    "off_label": [2, 2],
    "trial": [8, 2, 2, 2],
    "private": [4, 4],
    "any": [1, 0],
}
#: the width follows the page (a phone or a laptop); the height stays the plot's own, however wide
FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")


#: characters of a step name per line above its bar: about 300 px at 12 px, so a 390 px phone shows it whole
LABEL_CHARS = 46
#: the extra height of each row per extra line of its name
LINE_PX = 15


def path_table(answer: Answer, country: str, route: str) -> pd.DataFrame:
    """One row per step of the most frequent path: P10/P50/P90 of its end date and its explanation."""
    c = answer.countries[country]
    ra = c.routes[route]
    rows = []
    previous_end: dt.date = answer.as_of
    for order, step in enumerate(ra.steps):
        estimate = answer.milestones.get(step.id)
        if estimate is None or estimate.p50 is None:
            continue  # finished before today (the scenario's history)
        start = max(previous_end, answer.as_of) if step.kind != "milestone" else estimate.p50
        rows.append(
            {
                "order": order,
                "step": step.label,
                "id": step.id,
                "kind": step.kind,
                "who": step.who or "",
                "start": start,
                "p10": estimate.p10,
                "p50": estimate.p50,
                "p90": estimate.p90,
                "chance": round(estimate.p_reached, 3),
                "chance_text": chance_text(estimate.p_reached),
                "explain": step.explain,
                "source": "; ".join(s["title"] for s in step.sources) or _("see the Sources page"),
                **{
                    f"{k}_text": month(v) if v else ""
                    for k, v in (("p10", estimate.p10), ("p50", estimate.p50), ("p90", estimate.p90))
                },
            }
        )
        previous_end = estimate.p50
    return pd.DataFrame(rows)


def _nothing_reached(answer: Answer) -> pd.DataFrame:
    """The one row a chart of a route that no future reaches shows: today, and the words that say so."""
    return pd.DataFrame(
        [
            {
                "order": 0,
                "step": _("No step reached"),
                "id": "",
                "kind": "milestone",
                "who": "",
                "start": answer.as_of,
                "p10": answer.as_of,
                "p50": answer.as_of,
                "p90": answer.as_of,
                "chance": 0.0,
                "chance_text": "",
                "explain": "",
                "source": "",
                "p10_text": "",
                "p50_text": "",
                "p90_text": "",
            }
        ]
    )


def timeline_chart(answer: Answer, country: str, route: str, width: int = 720) -> alt.TopLevelMixin:
    """Bars from today along the most frequent path, P10–P90 range rules, milestones and a today marker."""
    table = path_table(answer, country, route)
    if table.empty:
        table = _nothing_reached(answer)
    data = table.assign(**{k: pd.to_datetime(table[k]) for k in ("start", "p10", "p50", "p90")})
    # a name longer than a phone's chart is wide goes on two or more lines above its bar, never cut
    data["name_lines"] = ["\n".join(textwrap.wrap(name, LABEL_CHARS)) for name in data["step"]]
    lines = max(n.count("\n") + 1 for n in data["name_lines"])
    sort = list(data["step"])
    # Step names sit above their bars, not on a y axis: a long name never pushes the chart off a phone's
    # screen and is never cut to fit a label column.
    y = alt.Y("step:N", sort=sort, title=None, axis=None, scale=alt.Scale(paddingInner=0.55, paddingOuter=0.3))
    tooltip = [
        alt.Tooltip("step:N", title=_("Step")),
        alt.Tooltip("who:N", title=_("Who acts")),
        alt.Tooltip("p10_text:N", title="P10"),
        alt.Tooltip("p50_text:N", title=_("Most likely (P50)")),
        alt.Tooltip("p90_text:N", title="P90"),
        alt.Tooltip("chance_text:N", title=_("Chance it happens")),
        alt.Tooltip("explain:N", title=_("What happens")),
        alt.Tooltip("source:N", title=_("Source")),
    ]
    colour = ROUTE_COLOURS[route]
    base = alt.Chart(data)
    bars = (
        base.transform_filter(alt.datum.kind != "milestone")
        .mark_bar(color=colour, opacity=0.35, height=12)
        .encode(
            x=alt.X("start:T", title=None, axis=alt.Axis(format="%Y", tickCount="year", labelOverlap=True)),
            x2="p50:T",
            y=y,
            tooltip=tooltip,
        )
    )
    ranges = base.mark_rule(color=colour, strokeWidth=2).encode(x="p10:T", x2="p90:T", y=y, tooltip=tooltip)
    medians = base.mark_point(filled=True, color=colour, size=70, shape="diamond").encode(x="p50:T", y=y, tooltip=tooltip)
    ends = base.mark_tick(color=colour, thickness=2, size=12).encode(x="p10:T", y=y) + base.mark_tick(
        color=colour, thickness=2, size=12
    ).encode(x="p90:T", y=y)
    names = base.mark_text(align="left", baseline="bottom", dx=4, dy=-9, fontSize=12, color="#222222", lineBreak="\n").encode(
        x=alt.value(0), y=y, text="name_lines:N"
    )
    today = alt.Chart(
        pd.DataFrame({"today": [pd.Timestamp(answer.as_of)], "label": [_("Today ({month})").format(month=month(answer.as_of))]})
    )
    today_rule = today.mark_rule(color="#D55E00", strokeDash=[4, 3], strokeWidth=2).encode(x="today:T")
    e = answer.countries[country].routes[route].estimate
    # Short title lines: a phone (about 360 px of chart) must show every one of them whole.
    title = alt.TitleParams(
        [country_label(country), _("{route}: most frequent path").format(route=ROUTE_TEXT[route]["short"])],
        subtitle=[
            _("Today ({month}): the dashed line").format(month=month(answer.as_of)),
            _("Bars: today → most likely date"),
            _("Lines: 80% range (P10–P90)"),
            _("Chance it opens at all: {chance}").format(chance=chance_text(e.p_reached)),
        ],
        anchor="start",
    )
    height = max(120, (44 + LINE_PX * (lines - 1)) * len(data))
    return with_locale(
        alt.layer(bars, ranges, ends, medians, names, today_rule).properties(
            width=width, height=height, title=title, autosize=FIT_WIDTH
        )
    )


def chance_table(answer: Answer, country: str) -> pd.DataFrame:
    """Cumulative chance of access by date, per route (and 'any route')."""
    curves = answer.curves.get(country, {})
    rows = []
    for route, values in curves.items():
        name = _(ANY) if route == "any" else ROUTE_TEXT[route]["short"]
        for days, p in zip(answer.curve_days, values):
            rows.append({"route": name, "route_id": route, "date": answer.as_of + dt.timedelta(days=days), "chance": p})
    return pd.DataFrame(rows)


def chance_chart(answer: Answer, country: str, width: int = 720) -> alt.TopLevelMixin:
    """Chance of access by date for the routes outside trials, on a scale that fits the largest of them.

    A trial open today (or paying privately) would sit near 100% and press curves of a few percent flat on
    the axis, so those routes are left to their cards; "any route" is drawn only when it differs from the single route it would copy.
    """
    table = chance_table(answer, country)
    if not table.empty:
        table = table[~table["route_id"].isin(SIDE_ROUTES)]
        if (table["route_id"] != "any").sum() and table.loc[table["route_id"] != "any", "route_id"].nunique() < 2:
            table = table[table["route_id"] != "any"]
    if table.empty:
        table = pd.DataFrame([{"route": "none", "route_id": "any", "date": answer.as_of, "chance": 0.0}])
    data = table.assign(
        date=pd.to_datetime(table["date"]),
        date_text=table["date"].map(month),
        chance_text=table["chance"].map(chance_short),
    )
    names = [(_(ANY) if r == "any" else ROUTE_TEXT[r]["short"]) for r in ROUTE_COLOURS if r in set(table["route_id"])]
    ids = [r for r in ROUTE_COLOURS if r in set(table["route_id"])]
    top = chance_axis_top(float(data["chance"].max()))
    chart = (
        alt.Chart(data)
        .mark_line(strokeWidth=2.5, interpolate="step-after")
        .encode(
            x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount="year", labelOverlap=True)),
            y=alt.Y(
                "chance:Q",
                title=None,
                # '5 %' and '0,5 %' in Norwegian, by the chart's locale
                axis=alt.Axis(format=".0%" if top >= 0.1 else ".1~%"),
                scale=alt.Scale(domain=[0, top]),
            ),
            color=alt.Color(
                "route:N",
                scale=alt.Scale(domain=names, range=[ROUTE_COLOURS[r] for r in ids]),
                legend=alt.Legend(title=None, orient="bottom", direction="vertical"),
            ),
            strokeDash=alt.StrokeDash("route:N", scale=alt.Scale(domain=names, range=[ROUTE_DASH[r] for r in ids])),
            tooltip=[
                alt.Tooltip("route:N", title=_("Route")),
                alt.Tooltip("date_text:N", title=_("By")),
                alt.Tooltip("chance_text:N", title=_("Chance")),
            ],
        )
        .properties(
            width=width,
            height=300,
            autosize=FIT_WIDTH,
            title=alt.TitleParams(
                [country_label(country), _("Chance of access by each date")],
                subtitle=[_("Outside trials"), _("The scale runs to {percent}").format(percent=percent_text(round(top * 100)))],
                anchor="start",
            ),
        )
    )
    return with_locale(chart)


def chance_axis_top(largest: float) -> float:
    """The top of the chance axis: the next step of 5 points above the largest chance (100% at most).

    >>> chance_axis_top(0.059), chance_axis_top(0.31), chance_axis_top(0.97), chance_axis_top(0.0)
    (0.1, 0.35, 1.0, 0.05)
    """
    steps = int(largest * 100 // 5) + 1
    return min(1.0, max(1, steps) * 5 / 100)


def spec(chart: Any) -> dict[str, Any]:
    """Vega-Lite JSON of a chart (what the app offers as 'Vega-Lite JSON' and what vl-convert renders)."""
    result: dict[str, Any] = chart.to_dict()
    return result
