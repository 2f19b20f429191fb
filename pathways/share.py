"""An edited scenario carried inside a link: compressed, URL-safe, and refused safely when too big.

A server keeps nobody's edits, so a link to "your edited scenario" must carry the text itself. The
seeds compress to 3–6 thousand characters; links up to `MAX_LINK_CHARS` survive e-mail, chat and
browsers, so anything larger is offered as a file to download and reopen instead. Decoding stops at
the loader's size limit, so a crafted link cannot inflate into a huge text.

>>> token = pack_scenario("title: A test\\n")
>>> token is not None and unpack_scenario(token)
'title: A test\\n'
>>> import random
>>> rng = random.Random(1)
>>> pack_scenario("x" * 10) is not None, pack_scenario("".join(rng.choice("abc: 0123") for _ in range(20_000)))
(True, None)
"""

from __future__ import annotations

import base64
import binascii
import zlib

from .load import MAX_BYTES

#: the longest scenario token put into a link (characters)
MAX_LINK_CHARS = 8_000
_PREFIX = "z1."  # format version: zlib, then URL-safe base64 without padding


def pack_scenario(text: str) -> str | None:
    """The scenario as a link-safe token, or None when it is too large for a link."""
    raw = text.encode("utf-8")
    if len(raw) > MAX_BYTES:
        return None
    token = _PREFIX + base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode("ascii").rstrip("=")
    return token if len(token) <= MAX_LINK_CHARS else None


def unpack_scenario(token: str) -> str:
    """The scenario text from a token; ValueError with a reason a person can act on."""
    if not token.startswith(_PREFIX):
        raise ValueError("the scenario in the link is not in a format this version reads")
    body = token[len(_PREFIX) :]
    if len(body) > MAX_LINK_CHARS:
        raise ValueError("the scenario in the link is longer than links may carry")
    try:
        packed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError) as err:
        raise ValueError("the scenario in the link is damaged (it may have been cut short)") from err
    inflate = zlib.decompressobj()
    try:
        raw = inflate.decompress(packed, MAX_BYTES + 1)
    except zlib.error as err:
        raise ValueError("the scenario in the link is damaged (it may have been cut short)") from err
    if len(raw) > MAX_BYTES or inflate.unconsumed_tail:
        raise ValueError(f"the scenario in the link would be larger than {MAX_BYTES // 1_000_000} MB")
    if not inflate.eof:
        raise ValueError("the scenario in the link is damaged (it may have been cut short)")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ValueError("the scenario in the link is not text") from err
