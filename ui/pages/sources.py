"""Sources: every source in the library with what it supports, and each fragment's review date."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pathways import api
from ui.state import library

st.title("Sources")
st.markdown(
    "Every figure in the library cites one of these sources, or says plainly that it is an assumption and why. "
    "*Primary* means the law or the agency's own page; *secondary* means a paper, trade press or a forum."
)
lib = library()
fragments = pd.DataFrame(
    [
        {
            "Fragment": f.model.title,
            "Jurisdiction": f.model.jurisdiction,
            "Reviewed": f.model.reviewed,
            "Sources": len(f.model.sources),
            "Steps": len(f.model.steps),
            "File": f.file.split("/")[-1],
        }
        for f in lib.fragments
    ]
)
st.subheader("Fragments and when they were last reviewed")
st.dataframe(
    fragments,
    hide_index=True,
    width="stretch",
    column_config={
        "Fragment": st.column_config.TextColumn("Fragment", width="large"),
        "Jurisdiction": st.column_config.TextColumn("Jurisdiction", width="large"),
    },
)

rows = [
    {
        "Fragment": f.model.title,
        "Title": src.title,
        "Link": src.url,
        "What it supports": src.supports,
        "Read": src.read,
        "Kind": src.kind,
        "Key": key,
    }
    for f, key, src in lib.sources()
]
table = pd.DataFrame(rows)
st.subheader(f"All {len(table)} sources")
query = st.text_input("Filter (any word in the title, the figure or the fragment)", key="sources_filter")
if query:
    mask = table.apply(lambda r: query.lower() in " ".join(map(str, r.values)).lower(), axis=1)
    table = table[mask]
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    column_config={
        "Fragment": st.column_config.TextColumn("Fragment", width="medium"),
        "Title": st.column_config.TextColumn("Title", width="large"),
        "Link": st.column_config.LinkColumn("Link", display_text="open", width="small"),
        "What it supports": st.column_config.TextColumn("What it supports", width="large"),
        "Read": st.column_config.DateColumn("Read", format="MMM YYYY", width="small"),
        "Kind": st.column_config.TextColumn("Kind", width="small"),
        "Key": st.column_config.TextColumn("Key", width="small"),
    },
)
st.caption("Point at a cell to read all of it; on a phone the table scrolls sideways.")
st.download_button(
    "Download all sources (CSV)",
    lambda: api.csv_bytes(list(table.columns), table.itertuples(index=False)),
    file_name="pathways-sources.csv",
    mime="text/csv",
    on_click="ignore",
)
