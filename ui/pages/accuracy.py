"""How accurate is this? The back-test: predicted ranges against what really happened, case by case."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from ui.track import backtest_report

st.title("How accurate is this?")
st.markdown("A forecast nobody checked is an opinion. For real medicines whose dates are known, Pathways predicted "
            "each later milestone from what was known at a cut-off (for example, the day the EU application was submitted) "
            "and compared the prediction with the real date. Unverified dates are left out, not guessed.")
report = backtest_report()
if not report:
    st.info("The back-test is not available on this server.")
    st.stop()
overall = report.get("overall", {})
cols = st.columns(4)
cols[0].metric("Milestones scored", overall.get("n", 0))
cols[1].metric("Inside the 80% range", f"{overall.get('coverage_80', 0):.0%}", help="Target: close to 80%.")
cols[2].metric("Inside the 50% range", f"{overall.get('coverage_50', 0):.0%}", help="Target: close to 50%.")
cols[3].metric("Median error of the most likely date", f"{overall.get('median_abs_error_days', 0):.0f} days")
per = pd.DataFrame([{"Milestone": k, **v} for k, v in report.get("milestones", {}).items()])
if not per.empty:
    st.subheader("By milestone")
    st.dataframe(per, hide_index=True, width="stretch")
rows = pd.DataFrame(report.get("rows", []))
if not rows.empty:
    st.subheader("Every prediction against the real date")
    for column in ("p10", "p50", "p90", "actual", "cutoff"):
        if column in rows:
            rows[column] = pd.to_datetime(rows[column])
    rows["label"] = rows["case"] + " · " + rows["milestone"]
    order = list(rows.sort_values("actual")["label"])
    base = alt.Chart(rows).encode(y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)))
    chart = (
        base.mark_rule(strokeWidth=3, color="#0072B2").encode(x=alt.X("p10:T", title="Predicted 80% range (line) and actual date (marker)"), x2="p90:T")
        + base.mark_tick(color="#0072B2", thickness=2).encode(x="p50:T")
        + base.mark_point(filled=True, size=70).encode(
            x="actual:T",
            color=alt.Color("inside80:N", scale=alt.Scale(domain=[True, False], range=["#009E73", "#D55E00"]),
                            legend=alt.Legend(title="Inside the 80% range", orient="bottom")),
            shape=alt.Shape("inside80:N", scale=alt.Scale(domain=[True, False], range=["circle", "cross"]), legend=None),
            tooltip=["case", "milestone", alt.Tooltip("cutoff:T", format="%d %b %Y"), alt.Tooltip("p50:T", format="%d %b %Y"),
                     alt.Tooltip("actual:T", format="%d %b %Y"), "error_days"],
        )
    ).properties(height=max(320, 16 * len(rows)))
    st.altair_chart(chart, width="stretch")
    with st.expander("The same as a table"):
        st.dataframe(rows.drop(columns=["label"]), hide_index=True, width="stretch")
worst = report.get("worst", [])
if worst:
    st.subheader("The worst misses")
    for w in worst[:5]:
        st.markdown(f"- **{w.get('case')}** · {w.get('milestone')}: predicted {w.get('p50')}, actual {w.get('actual')} "
                    f"({w.get('error_days')} days). {w.get('why', '')}")
st.caption(report.get("note", ""))
