"""One rounding rule: the same chance reads the same on the headline, the cards, the tables and the CSV."""

from __future__ import annotations

import datetime as dt

import pytest

from pathways import api
from pathways.answer import headline_parts, headline_route
from pathways.formatting import chance_percent, chance_short, chance_text, chance_words, month_range
from pathways.share import MAX_LINK_CHARS, pack_scenario, unpack_scenario


@pytest.mark.parametrize(
    ("p", "short", "text"),
    [
        (0.0, "0%", "0% (none of the simulated futures)"),
        (0.00005, "<1%", "<1% (under 1 in 100)"),
        (0.0049, "<1%", "<1% (under 1 in 100)"),
        (0.005, "1%", "1% (under 1 in 20)"),
        (0.0349, "3%", "3% (under 1 in 20)"),
        (0.0499, "5%", "5% (under 1 in 10)"),
        (0.0649, "6%", "6% (under 1 in 10)"),
        (0.065, "7%", "7% (under 1 in 10)"),
        (0.0951, "10%", "10% (under 1 in 5)"),
        (0.2049, "20%", "20%"),
        (0.5, "50%", "50%"),
        (0.99, "99%", "99%"),
        (0.9951, ">99%", ">99% (almost certain)"),
        (1.0, ">99%", ">99% (almost certain)"),
    ],
)
def test_one_rounding_rule(p, short, text):
    assert chance_short(p) == short
    assert chance_text(p) == text
    assert chance_text(p).startswith(chance_short(p)), "the words never change the number"


def test_words_never_disagree_with_the_number():
    for i in range(0, 1001):
        p = i / 1000
        words = chance_words(p)
        if words.startswith("under 1 in "):
            assert chance_percent(p) < 100 / int(words.removeprefix("under 1 in ")), (p, words)


def test_months_not_days():
    assert month_range(dt.date(2030, 6, 1), dt.date(2030, 6, 30)) == "Jun 2030"
    assert month_range(dt.date(2030, 6, 1), dt.date(2033, 8, 9)) == "Jun 2030 – Aug 2033"


def test_headline_and_card_show_the_same_number_for_every_seed_and_country(library):
    for path in api.seed_files().values():
        composition = api.prepare(library, api.load_scenario(path))
        answer = api.answer_question(composition, samples=4_000)
        for cc in answer.countries:
            route = headline_route(answer, cc)
            if route is None:
                continue
            card = chance_short(answer.countries[cc].routes[route].estimate.p_reached)
            first = headline_parts(answer, cc)[0]
            assert f"at all is {card}" in first, (path.name, cc, card, first)
            assert "about " not in first and "less than" not in first


def test_the_seeds_fit_in_a_link_and_come_back_exactly():
    seeds = {name: path.read_text(encoding="utf-8") for name, path in api.seed_files().items()}
    for name, text in seeds.items():
        edited = text.replace("as_of:", "# my edit\nas_of:", 1)
        token = pack_scenario(edited, seeds)
        assert token is not None and len(token) <= MAX_LINK_CHARS, name
        assert unpack_scenario(token, seeds) == edited


def test_a_text_too_long_for_a_link_alone_travels_against_its_seed_and_says_when_that_seed_changed():
    """A seed with its Bokmål is too long for a link on its own; packed against the seed it was edited from it
    costs only the edit; a link whose seed has changed since is refused with the reason, never misread."""
    import random

    rng = random.Random(7)
    seed = "title: A seed\n" + "".join(rng.choice("abcdefgh: 0123\n") for _ in range(30_000))
    edited = seed.replace("A seed", "My seed")
    assert pack_scenario(edited) is None, "too long on its own"
    token = pack_scenario(edited, {"other": "title: Another\n", "mine": seed})
    assert token is not None and token.startswith("z2.mine.") and len(token) < 1_000
    assert unpack_scenario(token, {"mine": seed}) == edited
    with pytest.raises(ValueError, match="changed since"):
        unpack_scenario(token, {"mine": seed + "x"})
    with pytest.raises(ValueError, match="does not have"):
        unpack_scenario(token, {})
    with pytest.raises(ValueError, match="damaged"):
        unpack_scenario(token[:-20], {"mine": seed})


@pytest.mark.parametrize(
    ("token", "reason"),
    [
        ("plain text", "not in a format"),
        ("z1.!!!!", "damaged"),
        ("z1.eJzLSM3JyVcozy_KSQEAGgQEXQ"[:-6], "damaged"),
        ("z1." + "A" * (MAX_LINK_CHARS + 1), "longer than links"),
    ],
)
def test_a_bad_link_token_is_refused_with_a_reason(token, reason):
    with pytest.raises(ValueError, match=reason):
        unpack_scenario(token)


def test_a_small_link_cannot_inflate_past_the_size_limit():
    import base64
    import zlib

    bomb = "z1." + base64.urlsafe_b64encode(zlib.compress(b"a" * 3_000_000, 9)).decode().rstrip("=")
    assert len(bomb) < MAX_LINK_CHARS
    with pytest.raises(ValueError, match="larger than 2 MB"):
        unpack_scenario(bomb)
