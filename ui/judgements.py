"""The judgements the public-funding route rests on, each with what the answer would be if it were halved or doubled.

Self-contained so the Ask page only places it; the numbers come from `api.judgement_sensitivity`.
"""

from __future__ import annotations

import streamlit as st

from pathways import api
from pathways.i18n import _, language, use_language
from ui.state import View, composition_for
from ui.text import md_escape

#: A route rests on a handful of judgements; all are shown (ordered by how far they move the chance),
#: because one that barely moves the chance can still move the dates (one trial enough -> years sooner).
SHOWN = 8


@st.cache_data(show_spinner=False, max_entries=128)
def _lines(
    text: str, country: str, route: str, parameters: tuple[tuple[str, float], ...], lang: str
) -> list[tuple[str, str, float]]:
    with use_language(lang):  # the sentences are written in the language, so it is part of the cache key
        found = api.judgement_sensitivity(composition_for(text), country, route, dict(parameters))
    return [(s.sentence(), s.basis, s.swing) for s in found]


def render_judgements(view: View, route: str = "reimbursed") -> None:
    """An expander: "if this were X" lines for the judgements behind a route, largest effect first."""
    lines = _lines(view.text, view.country, route, tuple(sorted(view.parameters.items())), language())
    if not lines:
        return
    with st.expander(_("Which judgements the approved route rests on, and how much they matter"), expanded=False):
        st.markdown(
            _(
                "These chances are judgements, not measured rates. Each line shows the answer if one of them "
                "were half or double its value, everything else unchanged."
            )
        )
        for sentence, basis, _swing in lines[:SHOWN]:
            st.markdown(f"- {md_escape(sentence)}")
            st.caption(_("Why this value: {basis}").format(basis=md_escape(basis)))
