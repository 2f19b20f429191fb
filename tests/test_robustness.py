"""Bad input and hostile files: every one gives located, readable problems — never a crash.

The fuzz tests run 2,400 generated examples in all (see the `max_examples` settings).
"""

from __future__ import annotations

import copy
import time
import tracemalloc

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pathways import api
from pathways.diagram import build_dot
from pathways.graph import Library, check_library
from pathways.load import MAX_BYTES, load_fragment_text, load_scenario_text
from pathways.problems import PathwayError
from tests.conftest import TINY_FRAGMENT, TINY_SCENARIO

BASE_FRAGMENT = yaml.safe_load(
    TINY_FRAGMENT.replace("countries: [NO]", "countries: ['NO']").replace("country: NO", "country: 'NO'")
)
BASE_SCENARIO = yaml.safe_load(TINY_SCENARIO.replace("countries: [NO]", "countries: ['NO']"))

NASTY = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.text(min_size=5000, max_size=6000),
    st.sampled_from(
        [
            "NO",
            "yes",
            "~",
            "1.10",
            "2026-13-45",
            "t.nope",
            "rest",
            "-1",
            "1e400",
            "ø å é ü",
            "<b>x</b>",
            '"];node[shape=x',
            "node",
            "edge",
        ]
    ),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


def _paths(data, prefix=()):
    """Every (path, value) in nested dicts/lists."""
    yield prefix, data
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _paths(v, prefix + (i,))


@st.composite
def mutated(draw, base):
    data = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p, _ in _paths(data) if p]
        path = draw(st.sampled_from(paths))
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "delete", "rename", "nest"]))
        key = path[-1]
        if action == "replace":
            parent[key] = draw(NASTY)
        elif action == "delete":
            del parent[key]
        elif action == "rename" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=12))] = parent.pop(key)
        elif action == "nest":
            parent[key] = {"deep": [[[[parent[key]]]]]}
    return data


def _dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _assert_located(err: PathwayError, file: str, text: str) -> None:
    assert err.problems
    lines = text.count("\n") + 1
    for problem in err.problems:
        assert problem.file == file
        assert problem.message and problem.fix, problem
        if problem.line is not None:
            assert 1 <= problem.line <= lines + 1


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated(BASE_FRAGMENT))
def test_fuzzed_fragments_give_located_errors_or_load(data):
    text = _dump(data)
    try:
        loaded = load_fragment_text(text, "fuzz.yaml")
        problems = check_library(Library([loaded]))
        for problem in problems:
            assert problem.message and problem.file == "fuzz.yaml"
    except PathwayError as err:
        _assert_located(err, "fuzz.yaml", text)


def _tiny_library() -> Library:
    return Library([load_fragment_text(TINY_FRAGMENT, "t.yaml")])


TINY_LIBRARY = _tiny_library()


@settings(max_examples=700, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated(BASE_SCENARIO))
def test_fuzzed_scenarios_give_located_errors_or_answer(data):
    library = TINY_LIBRARY
    text = _dump(data)
    try:
        composition = api.prepare(library, load_scenario_text(text, "s.yaml"))
        api.answer_question(composition, samples=200)
    except PathwayError as err:
        _assert_located(err, "s.yaml", text)


@settings(max_examples=700, deadline=None)
@given(
    st.integers(0, len(TINY_FRAGMENT) - 1),
    st.sampled_from(["[", "]", "{", ":", "- ", "\t", "'", '"', "&a ", "*a", "!!x ", "\n  ", "%"]),
)
def test_syntax_errors_at_random_positions_are_located(position, junk):
    text = TINY_FRAGMENT[:position] + junk + TINY_FRAGMENT[position:]
    try:
        load_fragment_text(text, "syntax.yaml")
    except PathwayError as err:
        _assert_located(err, "syntax.yaml", text)


@pytest.mark.parametrize(
    ("name", "payload", "needle"),
    [
        ("50 MB file", b"a: 1\n" * 10_000_000, "the limit is"),
        ("binary garbage", bytes(range(256)) * 100, "binary"),
        ("python tag", b"a: !!python/object/apply:os.system ['touch /tmp/pwned']\n", "not allowed"),
        ("deep nesting", b"[" * 1_000_000 + b"]" * 1_000_000, "nesting"),
        (
            "100,000 steps",
            b"namespace: x\nsteps:\n" + b"".join(b"- {id: s%d, label: x, explain: x}\n" % i for i in range(100_000)),
            "",
        ),
    ],
)
def test_hostile_files_are_refused_fast_with_bounded_memory(name, payload, needle):
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(PathwayError) as info:
        load_fragment_text(payload, "hostile.yaml")
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert needle in str(info.value)
    # a generous bound: the point is "stops at the limits", not a speed test
    assert peak < 200 * 1024 * 1024, f"{name}: {peak / 1e6:.0f} MB"
    assert elapsed < 30, f"{name}: {elapsed:.1f} s"


def test_many_steps_within_size_limit_are_capped():
    text = "namespace: x\ntitle: t\njurisdiction: j\nreviewed: 2026-01-01\nsteps:\n" + "".join(
        f"- {{id: s{i}, label: x, explain: x}}\n" for i in range(2_500)
    )
    assert len(text) < MAX_BYTES
    with pytest.raises(PathwayError) as info:
        load_fragment_text(text, "many.yaml")
    assert "2000" in str(info.value) or "at most" in str(info.value)


HOSTILE_LABELS = [
    'Quote " and \\\\ backslash',
    "<b>bold</b> <script>alert(1)</script>",
    "line one\nline two",
    "node",
    "edge",
    "graph",
    '"]; node [shape=box color=red',
    "ø å é ü — Norwegian",
    "[click](javascript:alert(1))",
]


@pytest.mark.parametrize("label", HOSTILE_LABELS)
def test_hostile_labels_stay_literal_in_dot_and_svg(tiny, label):
    import xml.etree.ElementTree as ET

    from pathways.render import svg_from_dot

    library, loaded = tiny
    fragment = library.fragments[0].model
    fragment.steps[0] = fragment.steps[0].model_copy(update={"label": label})
    composition = api.prepare(library, loaded)
    plain = build_dot(composition)
    dot = plain.source
    svg = svg_from_dot(dot)
    root = ET.fromstring(svg)
    shown = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    for token in label.split():
        assert token in shown, (token, shown[:400])
    # structure unchanged: one node per step plus the legend, and no injected attribute took effect
    titles = [t.text for t in root.iter("{http://www.w3.org/2000/svg}title")]
    assert "t.trial" in titles
    assert 'fill="red"' not in svg.decode() and 'stroke="red"' not in svg.decode()
