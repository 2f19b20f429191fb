"""The Edit page's scenario editor: line numbers, problem markers, jump-to-line, and a size limit before the paste.

Why a component of our own and not ``st.text_area``: the checker's errors name lines, so the box must show
line numbers; and a paste over the size limit must be refused in the browser, with a message, before the text
is in the box — ``max_chars`` cuts a paste silently, and an oversized value that reaches the page stalls it.
A ``<textarea>`` with a gutter (``code_editor.js``, no third-party code, offline) is enough for YAML; a full
editor such as CodeMirror would bring a JavaScript bundle and a build step for features YAML does not need.

The session's text lives in ``st.session_state[TEXT]``; the editor reports each change there. Code that
puts new text in (a seed, an upload, a shared link, a new medicine) calls :func:`replace_text`, so the box
shows it; a rerun caused by typing never overwrites what was typed since.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from pathways.i18n import _, language
from pathways.problems import Problem

TEXT = "custom_text"
_REVISION = "_editor_revision"
_HERE = Path(__file__).resolve().parent
_component = st.components.v2.component(
    "pathways_editor",
    js=(_HERE / "code_editor.js").read_text(encoding="utf-8"),
    css=(_HERE / "code_editor.css").read_text(encoding="utf-8"),
)


def replace_text(text: str) -> None:
    """Put ``text`` in the session and, the next time the editor is drawn, in its box (replacing what was there)."""
    st.session_state[TEXT] = text
    st.session_state[_REVISION] = st.session_state.get(_REVISION, 0) + 1


def _typed(key: str) -> None:
    value: Any = st.session_state.get(key)
    text = value.get("text") if hasattr(value, "get") else None
    if isinstance(text, str):
        st.session_state[TEXT] = text


def _texts() -> dict[str, str]:
    """The editor's own words in the reader's language; `{size}`, `{limit}`, `{lines}`, `{line}`, `{message}` are filled in the browser."""
    refused = _("Your text is unchanged. A scenario this large is almost always a wrong file — check what was copied.")
    return {
        "label": _("Scenario YAML"),
        "meter": _("{size} of at most {limit} · {lines} lines"),
        "pasted": _("Not pasted: the text would be {size}, and a scenario can be at most {limit}.") + " " + refused,
        "dropped": _("Not dropped: the text would be {size}, and a scenario can be at most {limit}.") + " " + refused,
        "added": _("Not added: the text would be {size}, and a scenario can be at most {limit}. Your text is unchanged."),
        "jumps": _("Go to a problem's line"),
        "one": _("Go to the problem:"),
        "many": _("Go to a problem:"),
        "line": _("Line {line}"),
        "go": _("Go to line {line}: {message}"),
    }


def code_editor(key: str, limit_bytes: int, problems: list[Problem]) -> str:
    """Draw the editor on the session's text; return that text (as last reported by the browser)."""
    marks = [{"line": p.line, "column": p.column or 1, "message": p.message} for p in problems if p.line]
    _component(
        key=key,
        data={
            "text": st.session_state.get(TEXT, ""),
            "rev": st.session_state.get(_REVISION, 0),
            "limit": limit_bytes,
            "problems": marks,
            "locale": "nb-NO" if language() == "nb" else "en",
            "texts": _texts(),
        },
        on_text_change=lambda: _typed(key),
    )
    return str(st.session_state.get(TEXT, ""))
