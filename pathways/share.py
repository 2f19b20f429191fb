"""An edited scenario carried inside a link: compressed, URL-safe, and refused safely when too big.

A server keeps nobody's edits, so a link to "your edited scenario" must carry the text itself. Links up
to `MAX_LINK_CHARS` survive e-mail, chat, browsers and a default nginx (whose request line stops at 8 KB),
so a text is packed on its own when that fits (`z1.`), and otherwise against the seed it was edited from
(`z2.`): the seed's text is zlib's preset dictionary, so only the edit costs room. The seeds in two
languages compress to 4–11 thousand characters on their own, a few hundred against themselves. A `z2.`
link names its seed and that seed's checksum: if the seed has changed since, the link says so instead of
opening something else. Anything still too large is offered as a file to download and reopen. Decoding
stops at the loader's size limit, so a crafted link cannot inflate into a huge text.

>>> token = pack_scenario("title: A test\\n")
>>> token is not None and unpack_scenario(token)
'title: A test\\n'
>>> import random
>>> rng = random.Random(1)
>>> noise = "".join(rng.choice("abc: 0123") for _ in range(20_000))
>>> pack_scenario("x" * 10) is not None, pack_scenario(noise)
(True, None)
>>> seed = "title: A seed\\n" + noise
>>> based = pack_scenario(seed.replace("A seed", "My seed"), {"s": seed})
>>> based is not None and based.startswith("z2.s.") and unpack_scenario(based, {"s": seed}) == seed.replace("A seed", "My seed")
True
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections.abc import Mapping

from .formatting import count_text
from .i18n import _
from .load import MAX_BYTES

#: the longest scenario token put into a link (characters): with the rest of the address it stays under the
#: 8 KB request line of nginx's default `large_client_header_buffers 4 8k` (a longer one gets 414 Request-URI
#: Too Large; nginx documentation as quoted at https://cnblogs.com/antflow/p/7509680.html)
MAX_LINK_CHARS = 8_000
_PREFIX = "z1."  # format version: zlib, then URL-safe base64 without padding
_BASED = "z2."  # zlib with a seed's text as preset dictionary: z2.<seed>.<crc32 of the seed, hex>.<base64>
_SEED_NAME = re.compile(r"^[A-Za-z0-9_-]{1,80}$")


def pack_scenario(text: str, seeds: Mapping[str, str] | None = None) -> str | None:
    """The scenario as a link-safe token, or None when it is too large for a link.

    A text too large on its own is packed against whichever of `seeds` (name → text) makes it shortest: an
    edited seed then costs only its edit."""
    raw = text.encode("utf-8")
    if len(raw) > MAX_BYTES:
        return None
    token = _PREFIX + _b64(zlib.compress(raw, 9))
    if len(token) > MAX_LINK_CHARS and seeds:
        token = min([_based(raw, name, base) for name, base in seeds.items() if _SEED_NAME.match(name)] + [token], key=len)
    return token if len(token) <= MAX_LINK_CHARS else None


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _based(raw: bytes, name: str, base: str) -> str:
    packer = zlib.compressobj(9, zdict=base.encode("utf-8"))
    data = packer.compress(raw) + packer.flush()
    return f"{_BASED}{name}.{zlib.crc32(base.encode('utf-8')):08x}.{_b64(data)}"


def unpack_scenario(token: str, seeds: Mapping[str, str] | None = None) -> str:
    """The scenario text from a token; ValueError with a reason a person can act on."""
    zdict = b""
    if token.startswith(_BASED):
        name, _dot, rest = token[len(_BASED) :].partition(".")
        checksum, _dot, body = rest.partition(".")
        base = (seeds or {}).get(name) if _SEED_NAME.match(name) else None
        if base is None:
            raise ValueError(_("the scenario in the link was edited from a scenario this version does not have"))
        zdict = base.encode("utf-8")
        if checksum != f"{zlib.crc32(zdict):08x}":
            raise ValueError(
                _(
                    "the scenario in the link was edited from the {name} scenario as it was then, and that scenario has "
                    "changed since; ask for the YAML file instead"
                ).format(name=name)
            )
    elif token.startswith(_PREFIX):
        body = token[len(_PREFIX) :]
    else:
        raise ValueError(_("the scenario in the link is not in a format this version reads"))
    if len(body) > MAX_LINK_CHARS:
        raise ValueError(_("the scenario in the link is longer than links may carry"))
    try:
        packed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError) as err:
        raise ValueError(_("the scenario in the link is damaged (it may have been cut short)")) from err
    inflate = zlib.decompressobj(zdict=zdict) if zdict else zlib.decompressobj()
    try:
        raw = inflate.decompress(packed, MAX_BYTES + 1)
    except zlib.error as err:
        raise ValueError(_("the scenario in the link is damaged (it may have been cut short)")) from err
    if len(raw) > MAX_BYTES or inflate.unconsumed_tail:
        raise ValueError(_("the scenario in the link would be larger than {mb} MB").format(mb=count_text(MAX_BYTES // 1_000_000)))
    if not inflate.eof:
        raise ValueError(_("the scenario in the link is damaged (it may have been cut short)"))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ValueError(_("the scenario in the link is not text")) from err
