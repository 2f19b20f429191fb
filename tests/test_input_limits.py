"""Whatever `check` accepts, `answer` and `export` can serve; what they could not serve, `check` refuses
with a located message that says what to write instead (issue 11)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pathways import api
from pathways.cli import main
from pathways.diagram import build_dot
from pathways.export import FORMATS_BY_WHAT, answer_csv, export_bytes
from pathways.graph import Library
from pathways.load import MAX_NODES, load_fragment_text, load_scenario_text
from pathways.problems import PathwayError
from pathways.render import svg_from_dot
from pathways.tables import FORMULA_STARTS, csv_bytes, spreadsheet_safe
from tests.conftest import ROOT, TINY_FRAGMENT, TINY_SCENARIO, write

TINY_LIBRARY = Library([load_fragment_text(TINY_FRAGMENT, "t.yaml")])
RESETME = (ROOT / "seeds" / "resetme.yaml").read_text(encoding="utf-8")


def _with(text: str, key: str, value: str) -> str:
    """The scenario text with one top-level key's line replaced."""
    replaced, n = re.subn(rf"(?m)^{key}:.*$", f"{key}: {value}", text)
    assert n == 1, key
    return replaced


def _fragment_with(old: str, new: str) -> str:
    assert old in TINY_FRAGMENT
    return TINY_FRAGMENT.replace(old, new, 1)


def _problems(load, text: str, file: str) -> list[str]:
    with pytest.raises(PathwayError) as info:
        loaded = load(text, file)
        if load is load_scenario_text:
            api.prepare(TINY_LIBRARY, loaded)
    return [str(p) for p in info.value.problems]


SCENARIO_CASES = [
    (
        "as_of in year 9999",
        _with(TINY_SCENARIO, "as_of", "9999-01-01"),
        "s.yaml:2:1: error: as_of: 9999-01-01 is outside the dates Pathways answers for (1900-01-01 to 2100-12-31)"
        " — write a real date between 1900 and 2100 as YYYY-MM-DD, e.g. 2026-11-25",
    ),
    (
        "as_of in year 0001",
        _with(TINY_SCENARIO, "as_of", "0001-01-01"),
        "s.yaml:2:1: error: as_of: 0001-01-01 is outside the dates Pathways answers for (1900-01-01 to 2100-12-31)"
        " — write a real date between 1900 and 2100 as YYYY-MM-DD, e.g. 2026-11-25",
    ),
    (
        "position since in year 9999",
        _with(TINY_SCENARIO, "position", "{step: t.trial, since: 9999-12-31}"),
        "s.yaml:5:27: error: position[0].since: 9999-12-31 is outside the dates Pathways answers for (1900-01-01 to "
        "2100-12-31) — write a real date between 1900 and 2100 as YYYY-MM-DD, e.g. 2026-11-25",
    ),
    (
        "a duration of 36,500 years",
        TINY_SCENARIO + "durations:\n  t.trial: {min: 36000, typical: 36400, max: 36500, unit: years, assumption: x}\n",
        "s.yaml:8:3: error: durations.t.trial: 36500 years is 13,331,625 days; one step can last at most 36,500 days "
        "(100 years) — check the `unit` (days, weeks, months, years) and the numbers; write at most 100 years",
    ),
    (
        "a country listed twice",
        _with(TINY_SCENARIO, "countries", "[NO, NO]"),
        "s.yaml:6:17: error: countries[1]: NO appears twice in this list (positions 1 and 2) — remove the repeated "
        "entry; each may be listed once",
    ),
    (
        "20,000 copies of NO",
        _with(TINY_SCENARIO, "countries", "[" + ", ".join(["NO"] * 20_000) + "]"),
        "s.yaml:6:17: error: countries[1]: NO appears twice in this list (positions 1 and 2) — remove the repeated "
        "entry; each may be listed once",
    ),
    (
        "a discussion outside the scenario's folder",
        TINY_SCENARIO + "discussion: ../../../../etc/passwd\n",
        "s.yaml:7:1: error: discussion: ../../../../etc/passwd is not a plain file name — write only the file's name, "
        "e.g. resetme-discussion.txt; it is read from the scenario's own folder",
    ),
    (
        "a discussion with an absolute path",
        TINY_SCENARIO + "discussion: /etc/passwd\n",
        "s.yaml:7:1: error: discussion: /etc/passwd is not a plain file name — write only the file's name, "
        "e.g. resetme-discussion.txt; it is read from the scenario's own folder",
    ),
]

FRAGMENT_CASES = [
    (
        "a fixed duration of 36,500 years",
        _fragment_with("duration: {fixed: 100, sources: [s1]}", "duration: {fixed: 36500, unit: years, sources: [s1]}"),
        "f.yaml:14:5: error: steps[0].duration: 36500 years is 13,331,625 days; one step can last at most 36,500 days "
        "(100 years) — check the `unit` (days, weeks, months, years) and the numbers; write at most 100 years",
    ),
    (
        "a review date in year 9999",
        _fragment_with("reviewed: 2026-01-01", "reviewed: 9999-01-01"),
        "f.yaml:5:1: error: reviewed: 9999-01-01 is outside the dates Pathways answers for (1900-01-01 to 2100-12-31)"
        " — write a real date between 1900 and 2100 as YYYY-MM-DD, e.g. 2026-11-25",
    ),
    (
        "a country listed twice",
        _fragment_with("countries: [NO]", "countries: [NO, SE, NO]"),
        "f.yaml:4:21: error: countries[2]: NO appears twice in this list (positions 1 and 3) — remove the repeated "
        "entry; each may be listed once",
    ),
    (
        "50,000 steps in 1.8 MB",
        "namespace: big\ntitle: Big\njurisdiction: X\ncountries: [NO]\nreviewed: 2026-01-01\nsteps:\n"
        + "".join(f"- {{id: s{i}, label: S, explain: x}}\n" for i in range(50_000)),
        f"f.yaml:7147:34: error: the file holds more than {MAX_NODES:,} values; reading stopped here — split it into "
        "several fragments, or remove unused parts",
    ),
]


@pytest.mark.parametrize(("name", "text", "message"), SCENARIO_CASES, ids=[c[0] for c in SCENARIO_CASES])
def test_scenarios_that_could_not_be_answered_are_refused_with_a_located_fix(name, text, message):
    assert _problems(load_scenario_text, text, "s.yaml") == [message]


@pytest.mark.parametrize(("name", "text", "message"), FRAGMENT_CASES, ids=[c[0] for c in FRAGMENT_CASES])
def test_fragments_that_could_not_be_served_are_refused_with_a_located_fix(name, text, message):
    assert _problems(load_fragment_text, text, "f.yaml") == [message]


def test_a_long_but_legal_duration_in_years_is_accepted_and_answered():
    text = TINY_SCENARIO + "durations:\n  t.trial: {min: 1, typical: 2, max: 3, unit: years, assumption: x}\n"
    answer = api.answer_question(api.prepare(TINY_LIBRARY, load_scenario_text(text, "s.yaml")), samples=500)
    p50 = answer.countries["NO"].routes["reimbursed"].estimate.p50
    assert p50 is not None and dt.date(2027, 6, 1) < p50 < dt.date(2030, 1, 1)


def _check(path: Path, capsys) -> tuple[int, str]:
    code = main(["check", "--library", str(ROOT / "pathways" / "library"), str(path)])
    return code, capsys.readouterr().err


def test_check_reads_the_discussion_only_from_the_scenario_folder(tmp_path, capsys):
    outside = write(tmp_path / "secret.txt", "not for you")
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "link.txt").symlink_to(outside)
    scenario = write(folder / "s.yaml", _with(RESETME, "discussion", "link.txt"))
    code, err = _check(scenario, capsys)
    assert code == 1
    line = next(i for i, text in enumerate(scenario.read_text().splitlines(), 1) if text.startswith("discussion:"))
    assert f"{scenario}:{line}:1: error: discussion: 'link.txt' leads outside the scenario's folder — put the file beside " in err

    write(folder / "s.yaml", _with(RESETME, "discussion", "missing.txt"))
    code, err = _check(scenario, capsys)
    assert code == 1 and "there is no file 'missing.txt' beside the scenario — check the name, or remove the key" in err

    write(folder / "here.txt", "the forum thread")
    write(folder / "s.yaml", _with(RESETME, "discussion", "here.txt"))
    assert _check(scenario, capsys)[0] == 0
    assert api.discussion_text(api.load_scenario(scenario)) == "the forum thread"


# --------------------------------------------------------------------------- CSV, DOT and the command line


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(start):
    cell = f'{start}HYPERLINK("http://evil.example","x")'
    assert spreadsheet_safe(cell) == "'" + cell
    rows = list(csv.reader(io.StringIO(csv_bytes(["a"], [[cell], [-3], [2.5]]).decode(), newline="")))
    assert rows[1:] == [["'" + cell], ["-3"], ["2.5"]]


def test_the_answer_csv_neutralises_a_hostile_scenario_title():
    text = _with(TINY_SCENARIO, "title", '\'=HYPERLINK("http://evil.example","x")\'')
    composition = api.prepare(TINY_LIBRARY, load_scenario_text(text, "s.yaml"))
    row = answer_csv(api.answer_question(composition, samples=200), composition).decode().splitlines()[1]
    assert row.startswith("\"'=HYPERLINK(")


def test_an_entity_in_a_label_is_drawn_as_written(tiny):
    _library, loaded = tiny
    hostile = TINY_FRAGMENT.replace("label: Review", "label: '&lt;script&gt; & R&D'")
    composition = api.prepare(Library([load_fragment_text(hostile, "t.yaml")]), loaded)
    svg = svg_from_dot(build_dot(composition).source)
    texts = ["".join(t.itertext()) for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")]
    drawn = " ".join(texts)
    assert "&lt;script&gt; & R&D" in drawn
    assert "<script>" not in drawn


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pathways", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_export_offers_only_the_formats_of_each_kind():
    result = _cli("export", "seeds/resetme.yaml", "--what", "timeline", "--format", "csv")
    assert result.returncode == 2
    assert "error: argument --format: a timeline exports as vl.json, svg, png, pdf, not csv" in result.stderr
    assert "internal error" not in result.stderr
    helptext = " ".join(_cli("export", "--help").stdout.split())
    for what, formats in FORMATS_BY_WHAT.items():
        assert f"{what}: {', '.join(formats)}" in helptext


def test_a_closed_pipe_is_a_normal_end():
    process = subprocess.Popen(
        [sys.executable, "-m", "pathways", "answer", "seeds/resetme.yaml", "--json", "--samples", "500"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline().strip() == "{"
    process.stdout.close()  # like `| head -1`
    err = process.stderr.read()
    assert process.wait(timeout=300) == 0, err
    assert "BrokenPipe" not in err and "internal error" not in err


# --------------------------------------------------------------------------- property: accepted means served

DATES = st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)) | st.dates(dt.date(1899, 12, 1), dt.date(2101, 2, 1))
UNITS = st.sampled_from(["days", "weeks", "months", "years"])
NAMES = st.sampled_from(["notes.txt", "../x.txt", "/etc/passwd", "a/b.txt", ".hidden", "ok-name_1.md", "C:x", ""]) | st.text(
    max_size=20
)


@st.composite
def edge_scenarios(draw) -> str:
    """TINY_SCENARIO pushed to the edges: far dates, long durations in every unit, repeats, file names."""
    data = yaml.safe_load(TINY_SCENARIO.replace("[NO]", "['NO']"))
    data["as_of"] = draw(DATES)
    data["position"]["since"] = draw(DATES)
    data["countries"] = draw(st.lists(st.sampled_from(["NO"]), min_size=1, max_size=4))
    if draw(st.booleans()):
        data["discussion"] = draw(NAMES)
    if draw(st.booleans()):
        low = draw(st.floats(0, 40_000, allow_nan=False))
        data["durations"] = {
            "t.trial": {
                "min": low,
                "typical": low,
                "max": low + draw(st.floats(0, 40_000)),
                "unit": draw(UNITS),
                "assumption": "x",
            }
        }
    if draw(st.booleans()):
        data["completed"] = {"t.review": draw(DATES)}
    data["flags"] = draw(st.lists(st.sampled_from(["a", "b"]), max_size=3))
    return yaml.safe_dump(data, sort_keys=False)


@st.composite
def edge_fragments(draw) -> str:
    data = yaml.safe_load(TINY_FRAGMENT.replace("[NO]", "['NO']").replace("country: NO", "country: 'NO'"))
    data["reviewed"] = draw(DATES)
    data["countries"] = draw(st.lists(st.sampled_from(["NO"]), max_size=3))
    fixed = draw(st.floats(0, 36_500, allow_nan=False))
    data["steps"][0]["duration"] = {"fixed": fixed, "unit": draw(UNITS), "sources": ["s1"]}
    return yaml.safe_dump(data, sort_keys=False)


def _serve_everything(composition: api.Composition, formats: dict[str, tuple[str, ...]]) -> None:
    answer = api.answer_question(composition, samples=300)
    for cc in answer.countries:
        api.headline(answer, cc)
    for what, fmts in formats.items():
        for fmt in fmts:
            assert export_bytes(composition, answer, fmt, what, "NO")


def _accepted(text: str, fragment: bool) -> api.Composition | None:
    try:
        if fragment:
            library = Library([load_fragment_text(text, "f.yaml")])
            return api.prepare(library, load_scenario_text(TINY_SCENARIO, "s.yaml"))
        return api.prepare(TINY_LIBRARY, load_scenario_text(text, "s.yaml"))
    except PathwayError as err:
        assert all(p.message and p.fix and p.file in ("s.yaml", "f.yaml") for p in err.problems), err
        return None


CHEAP = {"answer": ("json", "csv"), "diagram": ("dot",), "timeline": ("vl.json",), "chance": ("vl.json",)}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(edge_scenarios().map(lambda t: (t, False)), edge_fragments().map(lambda t: (t, True))))
def test_whatever_is_accepted_is_answered_and_exported(case):
    composition = _accepted(*case)
    if composition is not None:
        _serve_everything(composition, CHEAP)


@pytest.mark.slow
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(edge_scenarios().map(lambda t: (t, False)), edge_fragments().map(lambda t: (t, True))))
def test_whatever_is_accepted_renders_in_every_format(case):
    composition = _accepted(*case)
    if composition is not None:
        _serve_everything(composition, FORMATS_BY_WHAT)
