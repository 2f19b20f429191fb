"""Compare countries: the same scenario and assumptions across every country in the library."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from pathways.answer import ROUTE_TEXT
from pathways.countries import country_label
from pathways.timeline import ROUTE_COLOURS
from ui.state import current_view, file_stem, library
from ui.text import md_escape

view = current_view()
if view is None:
    st.stop()

st.title("Compare countries")
st.caption(
    f"{md_escape(view.title)} — the same assumptions in every country the library covers. "
    "Dates are for the futures in which the route opens; the chance says how likely that is."
)
countries = sorted(library().countries())
answer = view.answer(countries)
rows = []
for cc, c in answer.countries.items():
    for route, ra in c.routes.items():
        e = ra.estimate
        rows.append(
            {
                "Country": f"{country_label(cc)} ({cc})",
                "code": cc,
                "Route": ROUTE_TEXT[route]["short"],
                "route": route,
                "Chance": e.p_reached,
                "P10": e.p10,
                "Most likely (P50)": e.p50,
                "P90": e.p90,
            }
        )
table = pd.DataFrame(rows)
routes = st.multiselect(
    "Routes",
    list(ROUTE_TEXT),
    default=[r for r in ("reimbursed", "off_label", "early_access") if r in set(table["route"])],
    format_func=lambda r: ROUTE_TEXT[r]["short"],
    key="compare_routes",
)
shown = table[table["route"].isin(routes)]
st.dataframe(
    shown.drop(columns=["code", "route"]),
    hide_index=True,
    width="stretch",
    column_config={"Chance": st.column_config.ProgressColumn("Chance it opens", format="percent", min_value=0, max_value=1)},
)
st.download_button(
    "Download this table (CSV)",
    lambda: shown.to_csv(index=False).encode("utf-8"),
    file_name=f"{file_stem(view, 'compare')}.csv",
    mime="text/csv",
    on_click="ignore",
)

reached = shown.dropna(subset=["Most likely (P50)"]).copy()
if reached.empty:
    st.info("No route is reached in any country under these assumptions.")
else:
    for column in ("P10", "Most likely (P50)", "P90"):
        reached[column] = pd.to_datetime(reached[column])
    order = list(reached.sort_values("Most likely (P50)")["Country"].drop_duplicates())
    domain = [ROUTE_TEXT[r]["short"] for r in ROUTE_COLOURS if r in set(reached["route"])]
    colours = [ROUTE_COLOURS[r] for r in ROUTE_COLOURS if r in set(reached["route"])]
    base = alt.Chart(reached).encode(
        y=alt.Y("Country:N", sort=order, title=None, axis=alt.Axis(labelLimit=240)),
        yOffset=alt.YOffset("Route:N"),
        color=alt.Color("Route:N", scale=alt.Scale(domain=domain, range=colours), legend=alt.Legend(orient="bottom")),
        tooltip=[
            "Country",
            "Route",
            alt.Tooltip("Chance:Q", format=".0%"),
            alt.Tooltip("P10:T", format="%b %Y"),
            alt.Tooltip("Most likely (P50):T", format="%b %Y"),
            alt.Tooltip("P90:T", format="%b %Y"),
        ],
    )
    rules = base.mark_rule(strokeWidth=2).encode(
        x=alt.X("P10:T", title="80% range and most likely date", axis=alt.Axis(format="%Y")), x2="P90:T"
    )
    points = base.mark_point(filled=True, size=80).encode(
        x="Most likely (P50):T",
        shape=alt.Shape("Route:N", legend=None),
        opacity=alt.Opacity(
            "Chance:Q",
            scale=alt.Scale(domain=[0, 1], range=[0.35, 1]),
            legend=alt.Legend(title="Chance", format=".0%", orient="bottom"),
        ),
    )
    st.altair_chart((rules + points).properties(height=max(300, 34 * len(order))), width="stretch")
    st.caption(
        "Lines span P10–P90; the marker is the most likely date (shape and colour show the route, "
        "fainter markers are less likely routes)."
    )
