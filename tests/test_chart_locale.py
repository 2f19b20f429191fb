"""Charts in Bokmål: Vega formats their numbers and dates by a locale built from Babel, in the app and in exports."""

from __future__ import annotations

import datetime as dt
import re

import altair as alt
import pandas as pd
import pytest

from pathways import api
from pathways.chart_locale import d3_time_format, day_format, vega_locale, with_locale
from pathways.export import export_bytes
from pathways.formatting import day_text
from pathways.i18n import use_language
from pathways.render import vegalite_to
from pathways.timeline import chance_chart, spec, timeline_chart
from tests.conftest import ROOT


def _texts(svg: bytes) -> list[str]:
    return re.findall(r">([^<>]+)</text>", svg.decode("utf-8"))


@pytest.fixture(scope="module")
def answers(library):
    composition = api.prepare(library, api.load_scenario(ROOT / "seeds" / "resetme.yaml"))
    made = {}
    for lang in ("en", "nb"):
        with use_language(lang):
            made[lang] = api.answer_question(composition, ["NO"], samples=2000)
    return composition, made


def test_the_bokmal_locale_comes_from_babels_norwegian_data():
    locale = vega_locale("nb")
    assert locale is not None
    assert locale["number"]["decimal"] == "," and locale["number"]["thousands"] == "\u00a0"
    assert locale["number"]["percent"] == "\u00a0%" and locale["number"]["currency"] == ["", "\u00a0kr"]
    assert locale["time"]["months"][2] == "mars" and locale["time"]["shortMonths"][9] == "okt."
    assert locale["time"]["days"][0] == "søndag" and locale["time"]["shortDays"][1] == "man."
    assert vega_locale("en") is None


def test_a_chart_day_is_written_as_a_sentence_writes_it():
    """The tooltip's d3 format and `day_text` come from one CLDR pattern, so the chart and the text agree."""
    assert day_format() == "%d %b %Y"
    with use_language("nb"):
        assert day_format() == "%-d. %b %Y"
        assert day_text(dt.date(2013, 10, 8)) == "8. okt. 2013"
    with pytest.raises(ValueError, match="no d3 directive"):
        d3_time_format("QQQ y")


def test_charts_carry_the_locale_in_bokmal_and_are_unchanged_in_english(answers):
    _composition, made = answers
    for make in (lambda a: timeline_chart(a, "NO", "reimbursed"), lambda a: chance_chart(a, "NO")):
        english = spec(make(made["en"]))
        assert "locale" not in english.get("config", {}) and "timeFormat" not in english.get("config", {})
        with use_language("nb"):
            norwegian = spec(make(made["nb"]))
        assert norwegian["config"]["locale"] == vega_locale("nb")
        assert norwegian["config"]["timeFormat"] == "%-d. %b %Y"
        assert "labelExpr" not in str(norwegian), "the writing comes from the locale, not a replaced label"


def test_an_exported_chart_in_bokmal_writes_percent_and_months_in_norwegian(answers):
    composition, made = answers
    with use_language("nb"):
        labels = _texts(export_bytes(composition, made["nb"], "svg", "chance", "NO"))
    percents = [t for t in labels if t.endswith("%")]
    assert percents and all(t.endswith("\u00a0%") for t in percents), percents
    english = _texts(export_bytes(composition, made["en"], "svg", "chance", "NO"))
    assert [t for t in english if t.endswith("%")] and not any("\u00a0%" in t for t in english)

    # A month axis drawn by Vega itself through the exporter's renderer: the names are Babel's Norwegian ones.
    months = pd.DataFrame({"day": pd.to_datetime(["2029-03-01", "2029-10-01"]), "share": [0.805, 0.05]})
    chart = alt.Chart(months).mark_point().encode(x=alt.X("day:T", axis=alt.Axis(format="%B %Y")), y="share:Q")
    with use_language("nb"):
        norwegian = _texts(vegalite_to(spec(with_locale(chart)), "svg"))
    assert "mars 2029" in norwegian and "oktober 2029" in norwegian, norwegian
    assert not any("March" in t or "October" in t for t in norwegian)
    english = _texts(vegalite_to(spec(with_locale(chart)), "svg"))
    assert "March 2029" in english, "a Norwegian export leaves no locale behind for the next English one"
