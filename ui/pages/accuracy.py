"""How accurate is this? The back-test: predicted ranges against what really happened, case by case."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from pathways.backtest import MIN_CASES_TO_JUDGE, milestone_label
from pathways.chart_locale import day_format, with_locale
from pathways.countries import country_label
from pathways.formatting import count_text, day_text, decimal_text, month, percent_text, share_decimal_text
from pathways.i18n import N_, _, language, ngettext
from ui.text import md_escape
from ui.track import backtest_report

st.title(_("How accurate is this?"))
st.markdown(
    _(
        "A forecast nobody checked is an opinion. For real medicines whose dates are known, Pathways predicted "
        "each later milestone from what was known at a cut-off (for example, the day the EU application was submitted) "
        "and compared the prediction with the real date. Unverified dates are left out, not guessed."
    )
)


CLIP_DAYS = 730
#: what each track predicts from (translated where shown)
TRACK_NAMES = {
    "EU": N_("from the EU submission or the readout"),
    "national": N_("from the EU decision"),
    "US": N_("from the US submission or the readout"),
}
#: each starting point a track can have (its first verified one is used)
CUTOFF_NAMES = {
    "eu.submission": N_("the EU application, filed"),
    "us.submission": N_("the US application, filed"),
    "eu.ec_decision": N_("the EU decision"),
    "clinical.pivotal_readout": N_("the trial's results, nothing filed yet"),
}


def _track(name: str) -> str:
    return _(TRACK_NAMES[name]) if name in TRACK_NAMES else name


def _day(iso: object) -> str:
    """A date of the report (ISO text) as the language writes a day; '—' when there is none."""
    return day_text(dt.date.fromisoformat(str(iso))) if iso else "—"


def _share(x: float) -> str:
    """A share as a whole percent: '83%' in English (as before), '83 %' in Norwegian."""
    return f"{x:.0%}" if language() == "en" else percent_text(int(f"{x * 100:.0f}"))


def _cell_share(x: float | None) -> str:
    """A share in a table, with one decimal: '80.5%', '80,5 %'."""
    return "—" if x is None else share_decimal_text(x)


def _cell_days(x: float | None) -> str:
    """Days in a table, whole and grouped as the language groups them: '1,234', '1 234', '-45'."""
    return "—" if x is None else count_text(round(x))


def _cell_brier(x: float | None) -> str:
    return "—" if x is None else decimal_text(x, 3)


def _interval(ci: list[float] | None) -> str:
    """With a dozen cases a share is uncertain; say how much (Wilson interval)."""
    return f"{_share(ci[0])}–{_share(ci[1])}" if ci else "—"


def _score_cells(s: dict, interval: bool = True) -> dict[str, str]:
    """The columns every score table shares, in one order: count, the two coverages, error and bias."""
    cells = {_("Scored"): _cell_days(s.get("n_scored")), _("Inside 80% range"): _cell_share(s.get("coverage_p10_p90"))}
    if interval:
        cells[_("95% interval of that share")] = _interval(s.get("coverage_p10_p90_ci95"))
    cells[_("Inside 50% range")] = _cell_share(s.get("coverage_p25_p75"))
    cells[_("Median error (days)")] = _cell_days(s.get("median_abs_error_days"))
    cells[_("Bias (days; + = model too early)")] = _cell_days(s.get("bias_days"))
    return cells


def _score_table(title: str, rows: list[dict[str, str]], caption: str) -> None:
    """A table of scores under its heading, with what it means below. Every figure is text written by
    pathways.formatting: Streamlit's number formats know no decimal comma."""
    if rows:
        st.subheader(title)
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        st.caption(caption)


def _prediction_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Each scored prediction as a person reads it: names, days and the reason in the language, no internal ids."""
    days = {
        _("Cut-off"): "cutoff",
        "P10": "p10",
        _("Most likely (P50)"): "p50",
        "P90": "p90",
        _("Real date"): "actual",
    }
    table = pd.DataFrame(
        {
            _("Medicine"): rows["name"],
            _("Milestone"): rows["milestone_name"],
            _("Predicted"): rows["track"].map(_track),
            **{title: rows[column].map(lambda d: day_text(d.date()) if pd.notna(d) else "—") for title, column in days.items()},
            _("Real − P50 (days)"): rows["error_days"].map(lambda d: _cell_days(None if pd.isna(d) else d)),
            _("Result"): rows["result_text"],
        }
    )
    if "why" in rows:
        table[_("Why")] = rows["why"].fillna("")
    return table


report = backtest_report(wait=True)
if not report:
    st.info(_("The back-test is not available on this server."))
    st.stop()
overall = report.get("overall", {})
cols = st.columns(5)
cols[0].metric(
    _("Milestones scored"),
    count_text(overall.get("n_scored", 0)),
    help=_("Dated milestones of {n} real medicines, each predicted from what was known before it.").format(
        n=report.get("n_cases_scored", 0)
    ),
)
cols[1].metric(
    _("Inside the 80% range"),
    _share(overall.get("coverage_p10_p90", 0)),
    help=_("Target: close to {percent}.").format(percent=percent_text(80)),
)
cols[2].metric(
    _("Inside the 50% range"),
    _share(overall.get("coverage_p25_p75", 0)),
    help=_("Target: close to {percent}.").format(percent=percent_text(50)),
)
median_error = round(overall.get("median_abs_error_days", 0))
cols[3].metric(
    _("Median error"),
    ngettext("{days} day", "{days} days", median_error).format(days=count_text(median_error)),
    help=_("The middle of the gaps between the predicted most likely date (P50) and the real date."),
)
brier = overall.get("brier")
cols[4].metric(
    _("Brier score"),
    _cell_brier(brier),
    help=_(
        "Does it happen at all? The mean squared gap between the predicted chance that a milestone happens and what "
        "happened (1 or 0): 0 is perfect, 0.25 is what always saying 50% scores."
    ),
)
held = report.get("held_out")
if held and held["overall"].get("n_scored"):
    st.markdown(
        _(
            "**Out-of-time check.** {n_cases} of these medicines were added after the last change to the "
            "library's figures, chosen without looking at their dates; on them alone the 80% range contained "
            "the real date in {share} of {n_scored} milestones."
        ).format(n_cases=held["n_cases"], share=_share(held["overall"]["coverage_p10_p90"]), n_scored=held["overall"]["n_scored"])
    )
_score_table(
    _("By milestone"),
    [
        {_("Milestone"): milestone_label(k), **_score_cells(v), _("Brier score"): _cell_brier(v.get("brier"))}
        for k, v in report.get("milestones", {}).items()
    ],
    _(
        "With few cases per milestone the share itself is uncertain: the 95% interval says how much. "
        "Bias is the median of (actual − predicted most likely date). The Brier score measures the predicted "
        "chance that the milestone happens at all (0 is perfect, 0.25 is a coin toss)."
    ),
)
country_rows = [
    {
        _("Country"): country_label(cc),
        _("Predicted"): _track(track),
        _("Event"): milestone_label(key).split(": ", 1)[-1],
        **_score_cells(s, interval=False),
        _("Brier score"): _cell_brier(s.get("brier")),
        _("Held out (80% range)"): (
            _("{share} of {n}").format(share=_share(scores["held_out"]["coverage_p10_p90"]), n=scores["held_out"]["n_scored"])
            if scores.get("held_out") and scores["held_out"].get("n_scored")
            else "—"
        ),
        _("Enough to judge"): _("yes") if (s.get("n_scored") or 0) >= MIN_CASES_TO_JUDGE else _("too few cases"),
    }
    for cc, per_track in (report.get("countries") or {}).items()
    for track, scores in per_track.items()
    if track != "label"
    for key, s in scores["milestones"].items()
]
_score_table(
    _("By country"),
    country_rows,
    _(
        "Each country's own decisions and access dates. Predicted from the EU decision, only the national steps "
        "are tested; from the EU submission, the EU assessment's error is added. With fewer than "
        "{n} scored dates a country's record is too thin to judge."
    ).format(n=MIN_CASES_TO_JUDGE),
)
tracks = report.get("tracks") or {}
start_rows = [
    {
        _("Predicted"): _track(name),
        _("Starting point"): _(CUTOFF_NAMES[cut]) if cut in CUTOFF_NAMES else cut,
        **_score_cells(s),
    }
    for name, track in tracks.items()
    for cut, s in (track.get("by_cutoff") or {}).items()
]
_score_table(
    _("By starting point"),
    start_rows,
    _(
        "A track starts from the filed application where its day is known, otherwise from the trial's results: "
        "from the results, the company's time to prepare and file is predicted too, and is a judgement."
    ),
)
curve = pd.DataFrame(
    [{**point, "track": _track(name)} for name, track in tracks.items() for point in track.get("calibration", [])]
    or [{**point, "track": _("all")} for point in report.get("calibration", [])]
)
if not curve.empty and curve["n"].max():
    st.subheader(_("Are the ranges as wide as they should be?"))
    curve["nominal"] = curve["level"]
    diagonal = (
        alt.Chart(pd.DataFrame({"x": [0, 1], "y": [0, 1]})).mark_line(color="#999999", strokeDash=[4, 4]).encode(x="x:Q", y="y:Q")
    )
    points = (
        alt.Chart(curve)
        .mark_line(point=alt.OverlayMarkDef(size=80, filled=True), strokeWidth=2)
        .encode(
            color=alt.Color(
                "track:N",
                title=_("Predicted"),
                scale=alt.Scale(range=["#0072B2", "#D55E00", "#009E73", "#CC79A7"]),
                legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=320),  # whole track names
            ),
            x=alt.X("nominal:Q", title=[_("Predicted range"), _("(80% = the P10–P90 range)")], axis=alt.Axis(format="%")),
            y=alt.Y("share:Q", title=_("Real dates inside it"), axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
            tooltip=[
                alt.Tooltip("nominal:Q", title=_("Range"), format=".0%"),
                alt.Tooltip("share:Q", title=_("Real dates inside"), format=".0%"),
                alt.Tooltip("inside:Q", title=_("Count inside")),
                alt.Tooltip("n:Q", title=_("Dates scored")),
                alt.Tooltip("track:N", title=_("Predicted")),
            ],
        )
    )
    # the height is the plot's own: the legend and axis titles come on top of it, so a phone's plot is as tall
    st.altair_chart(
        with_locale((diagonal + points).properties(height=300, autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))),
        width="stretch",
    )
    st.caption(
        _(
            "One line per track. Each point: of the real dates scored on that track, the share that fell inside the "
            "model's range of that size. "
            "On the dashed line the ranges are honest; below it they are too narrow (the model is overconfident); "
            "above it, too wide."
        )
    )
rows = pd.DataFrame(report.get("rows", []))
if not rows.empty:
    st.subheader(_("Every prediction against the real date"))
    for column in ("p10", "p50", "p90", "actual", "cutoff"):
        if column in rows:
            rows[column] = pd.to_datetime(rows[column])
    rows = rows[rows["date_scored"]] if "date_scored" in rows else rows
    if "why_by_language" in rows:  # the reason for a miss in the reader's language
        rows["why"] = [w.get(language()) if isinstance(w, dict) else None for w in rows["why_by_language"]]
        rows = rows.drop(columns=["why_by_language"])
    rows["milestone_name"] = rows["milestone"].map(milestone_label)
    choices = [_("All milestones"), *sorted(rows["milestone_name"].unique())]
    busiest = rows["milestone_name"].value_counts().index[0]  # one milestone at a time reads better than 100 rows
    shown = st.selectbox(
        _("Show"),
        choices,
        index=choices.index(busiest),
        key="accuracy_milestone",
        help=_("Narrow the chart and the table to one milestone."),
    )
    if shown != choices[0]:
        rows = rows[rows["milestone_name"] == shown]
    # One milestone: the medicine alone; all of them: medicine · milestone. One medicine with two
    # indications is told apart by its cut-off month, never by an internal case id.
    suffix = "" if shown != choices[0] else " · " + rows["milestone_name"]
    rows["label"] = rows["name"] + suffix
    same = rows["label"].duplicated(keep=False)
    from_cutoff = rows["cutoff"].map(lambda day: _("(from {month})").format(month=month(day.date())))
    rows.loc[same, "label"] = rows["name"] + " " + from_cutoff + suffix
    again = rows["label"].duplicated(keep=False)  # one event predicted on two tracks
    rows.loc[again, "label"] = rows["label"] + " (" + rows["track"].map(_track) + ")"
    inside, outside = _("inside the 80% range"), _("outside")
    rows["result_text"] = rows["inside80"].map({True: inside, False: outside})
    # Days relative to the predicted most likely date, so every case shares one scale.
    for column in ("p10", "p90", "actual"):
        rows[f"{column}_rel"] = (rows[column] - rows["p50"]).dt.days
    rows = rows.sort_values(["milestone", "actual"])
    order = list(rows["label"])
    day = day_format()
    base = alt.Chart(rows).encode(y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=150, labelOverlap=False)))
    chart = (
        base.mark_rule(strokeWidth=3, color="#0072B2").encode(
            x=alt.X(
                "p10_rel:Q",
                title=[_("Days from the most likely date"), _("line: the 80% range"), _("marker: the real date")],
                scale=alt.Scale(domain=[-CLIP_DAYS, CLIP_DAYS], clamp=True),
            ),
            x2="p90_rel:Q",
        )
        + alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#555555", strokeDash=[3, 3]).encode(x="x:Q")
        + base.mark_point(filled=True, size=70).encode(
            x="actual_rel:Q",
            color=alt.Color(
                "result_text:N",
                scale=alt.Scale(domain=[inside, outside], range=["#009E73", "#D55E00"]),
                legend=alt.Legend(title=_("Actual date"), orient="bottom", direction="vertical"),
            ),
            shape=alt.Shape(
                "result_text:N",
                scale=alt.Scale(domain=[inside, outside], range=["circle", "cross"]),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("name:N", title=_("Medicine")),
                alt.Tooltip("milestone_name:N", title=_("Milestone")),
                alt.Tooltip("cutoff:T", title=_("Cut-off"), format=day),
                alt.Tooltip("p10:T", title="P10", format=day),
                alt.Tooltip("p50:T", title=_("Most likely (P50)"), format=day),
                alt.Tooltip("p90:T", title="P90", format=day),
                alt.Tooltip("actual:T", title=_("Real date"), format=day),
                alt.Tooltip("error_days:Q", title=_("Real − P50 (days)"), format=",d"),
            ],
        )
    ).properties(height=max(320, 24 * len(rows)))
    st.altair_chart(with_locale(chart), width="stretch")
    st.caption(
        _(
            "The scale stops at ±{days} days so that most ranges stay readable; a marker at the edge came even "
            "further out (the table below has every date)."
        ).format(days=CLIP_DAYS)
    )
    with st.expander(_("The same as a table")):
        st.dataframe(_prediction_table(rows), hide_index=True, width="stretch")
worst = report.get("worst", [])
if worst:
    st.subheader(_("The worst misses"))
    for w in worst[:5]:
        st.markdown(
            _("- **{name}** · {milestone}: predicted {predicted}, actual {actual} ({days} days). {why}").format(
                name=md_escape(str(w.get("name") or w.get("case"))),
                milestone=milestone_label(str(w.get("milestone"))),
                predicted=_day(w.get("p50")),
                actual=_day(w.get("actual")),
                days=count_text(int(w["error_days"])) if w.get("error_days") is not None else "—",
                why=md_escape(str((w.get("why_by_language") or {}).get(language()) or w.get("why") or "")),
            )
        )
st.caption(_(report.get("header", "")))
st.markdown(
    _(
        "**Why the misses happen.** The library's durations are published averages; real procedures sometimes "
        "take far longer (a negative opinion and re-examination, a Commission decision referred back to the committee) "
        "or far shorter (rolling reviews). These are the futures the 80% range leaves out on purpose — and a reason "
        "never to read the most likely date as a promise."
    )
)
