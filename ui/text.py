"""Showing text that came from YAML (possibly uploaded) without letting it become Markdown or HTML.

>>> md_escape("[click](javascript:alert(1)) *bold* <b>")
'\\\\[click\\\\]\\\\(javascript:alert\\\\(1\\\\)\\\\) \\\\*bold\\\\* &lt;b&gt;'
>>> link("A <title>", "https://example.org/a(b)")
'[A &lt;title&gt;](https://example.org/a%28b%29)'
>>> link("bad", "javascript:alert(1)")
'bad'
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>$:])")
_SAFE_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(?::\d+)?(?:[/?#][^\s<>\"'`]*)?$")


def md_escape(text: str) -> str:
    """Escape Markdown syntax and HTML so the text renders literally."""
    text = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", text).replace("&gt;", "&gt;")


def md_with_code(text: str) -> str:
    """Escape text as `md_escape` does, but keep `code spans` as code (their contents render literally anyway).

    >>> md_with_code("unknown key 'as_off' — did you mean `as_of`?")
    "unknown key 'as\\\\_off' — did you mean `as_of`?"
    """
    parts = str(text).split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: no code spans to keep
        return md_escape(text)
    return "".join(f"`{part}`" if i % 2 else md_escape(part) for i, part in enumerate(parts))


def link(title: str, url: str) -> str:
    """A Markdown link for an http(s) URL; anything else becomes plain escaped text."""
    if not _SAFE_URL.match(url or ""):
        return md_escape(title)
    safe = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    title_text = str(title).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    title_text = re.sub(r"([\\`*_{}\[\]()#|])", r"\\\1", title_text)
    return f"[{title_text}]({safe})"
