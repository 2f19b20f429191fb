"""The loader: YAML 1.1 traps, hostile files, and errors located by file, line and column with a fix."""

from __future__ import annotations

import pytest

from pathways import api
from pathways.load import MAX_BYTES, load_fragment_text, load_scenario_text, parse_yaml
from pathways.problems import PathwayError
from tests.conftest import TINY_FRAGMENT, TINY_SCENARIO


def problems_of(fn, text: str, name: str = "f.yaml") -> list:
    with pytest.raises(PathwayError) as info:
        fn(text, name)
    return info.value.problems


@pytest.mark.parametrize(
    ("yaml_text", "expected"),
    [
        ("country: NO", {"country": "NO"}),  # Norway, not False
        ("a: yes\nb: on\nc: off\nd: n", {"a": "yes", "b": "on", "c": "off", "d": "n"}),
        ("version: 1.10", {"version": "1.10"}),  # not 1.1
        ("date: 2026-01-15", {"date": "2026-01-15"}),  # not datetime.date
        ("x: ~\ny: null\nz:", {"x": None, "y": None, "z": None}),
        ("x: 'null'", {"x": "null"}),  # quoted text stays text
        ("list: [NO, SE]", {"list": ["NO", "SE"]}),
    ],
)
def test_scalars_stay_as_written(yaml_text, expected):
    assert parse_yaml(yaml_text).data == expected


def test_norway_survives_into_the_model():
    loaded = load_scenario_text(TINY_SCENARIO.replace("countries: [NO]", "countries: [NO, SE]"), "s.yaml")
    assert loaded.model.countries == ["NO", "SE"]


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ("a: 1\nb: 2\na: 3\n", 3, "duplicate key 'a' (first written on line 1)"),
        ("a: !!python/object/apply:os.system ['echo hi']\n", 1, "tag '!!python/object/apply:os.system' is not allowed"),
        ("a: [1, 2\n", 2, "expected ',' or ']'"),
        ("a: 1\n---\nb: 2\n", 2, "one document per file"),
        ("a:\n  - b\n   c: 1\n", 3, ""),
    ],
)
def test_yaml_errors_are_located(text, line, needle):
    with pytest.raises(PathwayError) as info:
        parse_yaml(text, "bad.yaml")
    problem = info.value.problems[0]
    assert problem.file == "bad.yaml"
    assert problem.line == line
    assert needle in str(problem)


def test_billion_laughs_fails_fast_with_a_clear_message():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, 10):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        bomb += f"{cur}: &{cur} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
    with pytest.raises(PathwayError) as info:
        parse_yaml(bomb, "bomb.yaml")
    assert "through aliases" in str(info.value)


@pytest.mark.parametrize(
    ("payload", "needle"),
    [
        (b"\x00\x01\x02binary", "binary file"),
        (b"a: \xff\xfe", "not UTF-8"),
        (b"a: 1\n" * (MAX_BYTES // 5 + 1), "the limit is"),
        (b"", "empty"),
        ("[" * 200 + "]" * 200, "nesting"),
    ],
)
def test_hostile_files_are_rejected(payload, needle):
    with pytest.raises(PathwayError) as info:
        parse_yaml(payload, "hostile.yaml")
    assert needle in str(info.value)


@pytest.mark.parametrize(
    ("old", "new", "key", "needle", "fix"),
    [
        ("kind: decision", "kind: descision", "steps[1].kind", "'descision' is not one of", "did you mean 'decision'?"),
        (
            "duration: {fixed: 50, sources: [s1]}",
            "duraton: {fixed: 50, sources: [s1]}",
            "steps[2].duraton",
            "unknown key 'duraton'",
            "did you mean `duration`?",
        ),
        (
            "duration: {fixed: 100, sources: [s1]}",
            "duration: {min: 90, typical: 80, max: 120, sources: [s1]}",
            "steps[0].duration",
            "`typical` (80) must lie between",
            "",
        ),
        (
            "duration: {fixed: 100, sources: [s1]}",
            "duration: {min: 120, typical: 100, max: 90, sources: [s1]}",
            "steps[0].duration",
            "`min` (120) is larger than `max` (90)",
            "",
        ),
        (
            "duration: {fixed: 100, sources: [s1]}",
            "duration: {fixed: -5, sources: [s1]}",
            "steps[0].duration.fixed",
            "greater than or equal to 0",
            "",
        ),
        (
            "duration: {fixed: 100, sources: [s1]}",
            "duration: {fixed: 100}",
            "trial.duration",
            "this figure has no source",
            "assumption",
        ),
        (
            "duration: {fixed: 100, sources: [s1]}",
            "duration: {fixed: 100, sources: [s2]}",
            "steps[0].duration.sources[0]",
            "source 's2' is not in",
            "did you mean 's1'?",
        ),
        ("countries: [NO]", "countries: [Norway]", "countries[0]", "'Norway' is not a valid value", "two-letter ISO"),
        ("reviewed: 2026-01-01", "reviewed: last week", "reviewed", "expected a date", "YYYY-MM-DD"),
        ("    route: reimbursed\n", "", "steps[7]", "an access step needs route", ""),
    ],
)
def test_fragment_errors_name_key_and_fix(old, new, key, needle, fix):
    text = TINY_FRAGMENT.replace(old, new, 1)
    assert text != TINY_FRAGMENT
    found = problems_of(load_fragment_text, text)
    match = [p for p in found if p.key.startswith(key) and needle in p.message]
    assert match, [str(p) for p in found]
    assert match[0].line is not None and match[0].column is not None
    assert fix in match[0].fix


def test_line_numbers_point_at_the_offending_line():
    text = TINY_FRAGMENT.replace("kind: decision", "kind: descision")
    problem = problems_of(load_fragment_text, text)[0]
    assert text.splitlines()[problem.line - 1].strip() == "kind: descision"


def test_every_problem_is_reported_not_just_the_first():
    text = TINY_FRAGMENT.replace("kind: decision", "kind: descision").replace("reviewed: 2026-01-01", "reviewed: soon")
    assert len(problems_of(load_fragment_text, text)) >= 2


def test_unknown_step_reference_suggests_close_match(tmp_path):
    from tests.conftest import write

    write(tmp_path / "lib" / "t.yaml", TINY_FRAGMENT.replace("after: [review, slow]", "after: [reveiw, slow]"))
    with pytest.raises(PathwayError) as info:
        api.load_library(tmp_path / "lib")
    text = str(info.value)
    assert "'t.reveiw', which no fragment defines" in text and "did you mean `t.review`?" in text


def test_cycle_is_named(tmp_path):
    from tests.conftest import write

    write(tmp_path / "lib" / "t.yaml", TINY_FRAGMENT.replace("explain: A trial.", "explain: A trial.\n    after: [access]"))
    with pytest.raises(PathwayError) as info:
        api.load_library(tmp_path / "lib")
    assert "wait for each other in a circle" in str(info.value)
    assert "t.trial" in str(info.value)


def test_probabilities_must_sum_to_one():
    text = TINY_FRAGMENT.replace("probability: rest}", "probability: 0.5, assumption: x}").replace(
        "probability: {param: p_yes}}", "probability: 0.7, assumption: x}"
    )
    found = problems_of(load_fragment_text, text)
    assert any("add up to 1.2, not 1" in p.message for p in found)


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        (
            "position: {step: t.trial, since: 2026-01-01}",
            "position: {step: t.trail, since: 2026-01-01}",
            "did you mean `t.trial`?",
        ),
        ("countries: [NO]", "countries: [XX]", "no access route for 'XX'"),
        ("countries: [NO]", "countries: [NO]\nparameters: {p_yes: 1.5}", "outside 0-1"),
        ("countries: [NO]", "countries: [NO]\nparameters: {p_yse: 0.5}", "did you mean `p_yes`?"),
    ],
)
def test_scenario_errors_are_located(tiny, old, new, needle):
    library, _ = tiny
    text = TINY_SCENARIO.replace(old, new)
    with pytest.raises(PathwayError) as info:
        api.prepare(library, load_scenario_text(text, "s.yaml"))
    problem = next(p for p in info.value.problems if needle in str(p))
    assert problem.file == "s.yaml" and problem.line is not None


def test_whole_library_and_seeds_are_valid(library):
    assert len(library.fragments) >= 4
    for path in api.seed_files().values():
        api.prepare(library, api.load_scenario(path))
