"""Sources: every source in the library with what it supports, and each fragment's review date."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pathways import api
from pathways.i18n import _, ngettext, yaml_text
from ui.state import library

st.title(_("Sources"))
st.markdown(
    _(
        "Every figure in the library cites one of these sources, or says plainly that it is an assumption and why. "
        "*Primary* means the law or the agency's own page; *secondary* means a paper, trade press or a forum."
    )
)
lib = library()
fragments = pd.DataFrame(
    [
        {
            "Fragment": yaml_text(f.model, "title"),
            "Jurisdiction": yaml_text(f.model, "jurisdiction"),
            "Reviewed": f.model.reviewed,
            "Sources": len(f.model.sources),
            "Steps": len(f.model.steps),
            "File": f.file.split("/")[-1],
        }
        for f in lib.fragments
    ]
)
st.subheader(_("Fragments and when they were last reviewed"))
st.dataframe(
    fragments,
    hide_index=True,
    width="stretch",
    column_config={
        "Fragment": st.column_config.TextColumn(_("Fragment"), width="large"),
        "Jurisdiction": st.column_config.TextColumn(_("Jurisdiction"), width="large"),
        "Reviewed": st.column_config.DateColumn(_("Reviewed")),
        "Sources": st.column_config.NumberColumn(_("Sources")),
        "Steps": st.column_config.NumberColumn(_("Steps")),
        "File": st.column_config.TextColumn(_("File")),
    },
)

rows = [
    {
        "Fragment": yaml_text(f.model, "title"),
        "Title": src.title,
        "Link": src.url,
        "What it supports": yaml_text(src, "supports"),
        "Read": src.read,
        "Kind": src.kind,
        "Key": key,
    }
    for f, key, src in lib.sources()
]
table = pd.DataFrame(rows)
st.subheader(ngettext("All {count} source", "All {count} sources", len(table)).format(count=len(table)))
query = st.text_input(_("Filter (any word in the title, the figure or the fragment)"), key="sources_filter")
if query:
    mask = table.apply(lambda r: query.lower() in " ".join(map(str, r.values)).lower(), axis=1)
    table = table[mask]
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    column_config={
        "Fragment": st.column_config.TextColumn(_("Fragment"), width="medium"),
        "Title": st.column_config.TextColumn(_("Title"), width="large"),
        "Link": st.column_config.LinkColumn(_("Link"), display_text=_("open"), width="small"),
        "What it supports": st.column_config.TextColumn(_("What it supports"), width="large"),
        "Read": st.column_config.DateColumn(_("Read"), format="MMM YYYY", width="small"),
        "Kind": st.column_config.TextColumn(_("Kind"), width="small"),
        "Key": st.column_config.TextColumn(_("Key"), width="small"),
    },
)
st.caption(_("Point at a cell to read all of it; on a phone the table scrolls sideways."))
st.download_button(
    _("Download all sources (CSV)"),
    lambda: api.csv_bytes(list(table.columns), table.itertuples(index=False)),
    file_name="pathways-sources.csv",
    mime="text/csv",
    on_click="ignore",
)
