"""The YAML reference (docs/yaml-reference.md) as a page of its own, linked from the Edit page."""

from __future__ import annotations

import streamlit as st

from pathways.i18n import _
from ui.state import ROOT

# the reference's tables are wider than a phone: each scrolls sideways on its own, the page does not
st.html("<style>[data-testid=stMarkdownContainer] table{display:block;max-width:100%;overflow-x:auto}</style>")
reference = (ROOT / "docs" / "yaml-reference.md").read_text(encoding="utf-8")
heading, _sep, body = reference.partition("\n")
st.title(_("YAML reference"))
st.page_link("ui/pages/edit.py", label=_("Back to editing my scenario (the text is kept)"), icon=":material/arrow_back:")
st.caption(_("The reference is written in English: the keys are the same in every language."))
st.markdown(body if heading.startswith("# ") else reference)
