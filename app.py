"""Pathways — when could patients get this medicine, in my country, and what has to happen first?

A thin Streamlit shell: it wires pages together. Every number comes from the `pathways` package.
Run: streamlit run app.py
"""

from __future__ import annotations

import logging

import streamlit as st

from pathways.i18n import _
from ui.state import choose_language, finish_url

st.set_page_config(page_title="Pathways — when could patients get it?", page_icon=":material/explore:", layout="wide")
choose_language()  # first: every title below is written in the chosen language
st.set_page_config(page_title=_("Pathways — when could patients get it?"))

ASK = st.Page("ui/pages/ask.py", title=_("Ask"), icon=":material/help:", url_path="home", default=True)


def _ask_address() -> None:
    """`/ask` is the address people type or are given for the Ask page; it opens the default page, link intact."""
    st.switch_page(ASK, query_params=dict(st.query_params))


PAGES = [
    ASK,
    st.Page("ui/pages/compare.py", title=_("Compare countries"), icon=":material/public:", url_path="compare"),
    st.Page("ui/pages/explorer.py", title=_("Pathway explorer"), icon=":material/account_tree:", url_path="explorer"),
    st.Page("ui/pages/edit.py", title=_("Edit a scenario"), icon=":material/edit:", url_path="edit"),
    st.Page("ui/pages/accuracy.py", title=_("How accurate is this?"), icon=":material/target:", url_path="accuracy"),
    st.Page("ui/pages/sources.py", title=_("Sources"), icon=":material/menu_book:", url_path="sources"),
    st.Page("ui/pages/about.py", title=_("About / how it works"), icon=":material/info:", url_path="about"),
    st.Page(_ask_address, title=_("Ask"), url_path="ask", visibility="hidden"),
    st.Page("ui/pages/yaml_reference.py", title=_("YAML reference"), url_path="yaml-reference", visibility="hidden"),
]

# A link to a step names it in full: on a phone its label wraps instead of ending in "…".
st.html(
    "<style>[data-testid=stMain] [data-testid=stPageLink-NavLink] :is(span, p)"
    "{white-space:normal;overflow:visible;text-overflow:clip}</style>"
)

try:
    st.navigation(PAGES, position="sidebar").run()
    finish_url()
except Exception as err:
    logging.getLogger("pathways.app").exception("page failed")
    st.error(
        _(
            "Something went wrong while building this page. Your inputs are kept; try again, or report it with "
            "this note: {error}."
        ).format(error=type(err).__name__)
    )
