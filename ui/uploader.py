"""A file uploader whose own words ('Upload', '2MB per file', 'Drag and drop a file here') follow the language.

Streamlit writes those words in English and has no parameter for them (streamlit/streamlit#13500, open;
`st.file_uploader` 1.67 takes none). In a language other than English the page adds a style sheet for
this one uploader, found by its key's class (``st-key-<key>``) and the dropzone's ``data-testid``s,
that hides Streamlit's words and shows the catalogue's in their place. Only text is replaced: the
input, the button and the drop area stay Streamlit's own, so uploading works exactly as before.
"""

from __future__ import annotations

from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from pathways.formatting import count_text
from pathways.i18n import DEFAULT, _, language

#: the size of the words replaced (Streamlit's small text), which the hidden original no longer gives
_TEXT_SIZE = "0.875rem"


def _css_text(text: str) -> str:
    """`text` as a CSS string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def uploader_style(key: str, max_mb: int, types: list[str]) -> str:
    """The style sheet that writes the uploader `key`'s words in the active language ('' in English)."""
    if language() == DEFAULT:
        return ""
    zone = f".st-key-{key} [data-testid=stFileUploaderDropzone]"
    words = {
        # the button
        f"{zone} button [data-testid=stMarkdownContainer] p": _("Upload"),
        # the size limit and the accepted types under it
        f"{zone} [data-testid=stFileUploaderDropzoneInstructions] span": _("At most {size} per file • {types}").format(
            size=_("{n} MB").format(n=count_text(max_mb)), types=", ".join(t.upper() for t in types)
        ),
        # shown while a file is dragged over the zone
        f"{zone} > input + div span": _("Drop the file here"),
    }
    rules = [
        f"{target} {{ font-size: 0; }}\n{target}::after {{ content: {_css_text(text)}; font-size: {_TEXT_SIZE}; }}"
        for target, text in words.items()
    ]
    return "\n".join(rules)


def file_uploader(where: DeltaGenerator, label: str, types: list[str], key: str, max_mb: int) -> Any:
    """`where.file_uploader` (a column, the page) with its own words in the reader's language."""
    upload = where.file_uploader(label, type=types, key=key, max_upload_size=max_mb)
    style = uploader_style(key, max_mb, types)
    if style:
        st.html(f"<style>{style}</style>")
    return upload
