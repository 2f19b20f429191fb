"""Shared fixtures: small hand-written libraries whose answers can be computed by hand."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from pathways import api

ROOT = Path(__file__).resolve().parent.parent

TINY_FRAGMENT = """\
namespace: t
title: Tiny test pathway
jurisdiction: Testland
countries: [NO]
reviewed: 2026-01-01
sources:
  s1: {title: A source, url: "https://example.org/a", supports: "numbers", read: 2026-01-01}
parameters:
  p_yes: {label: Chance of yes, explain: test, default: 0.3, assumption: "test value"}
steps:
  - id: trial
    label: Trial
    explain: A trial.
    duration: {fixed: 100, sources: [s1]}
  - id: readout
    label: Readout
    kind: decision
    after: [trial]
    explain: The result.
    outcomes:
      - {id: positive, label: Positive, probability: {param: p_yes}}
      - {id: negative, label: Negative, probability: rest}
  - id: review
    label: Review
    after: [readout: positive]
    explain: Review.
    duration: {fixed: 50, sources: [s1]}
  - id: fast
    label: Fast lane
    after: [readout: positive]
    explain: Fast.
    duration: {fixed: 20, sources: [s1]}
  - id: slow
    label: Slow lane
    after: [readout: positive]
    explain: Slow.
    duration: {fixed: 80, sources: [s1]}
  - id: either
    label: First lane
    kind: milestone
    first_of: [fast, slow]
    explain: Whichever lane is first.
  - id: both
    label: Both done
    kind: milestone
    after: [review, slow]
    explain: Waits for both.
  - id: access
    label: Access
    kind: access
    country: NO
    route: reimbursed
    after: [both, either]
    explain: Patients get it.
"""

TINY_SCENARIO = """\
title: Tiny scenario
as_of: 2026-01-01
product: {name: Testamab, substance: testamab}
indication: test disease
position: {step: t.trial, since: 2026-01-01}
countries: [NO]
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def tiny(tmp_path: Path) -> tuple[api.Library, api.Loaded[api.Scenario]]:
    lib_dir = tmp_path / "library"
    write(lib_dir / "t.yaml", TINY_FRAGMENT)
    scenario = write(tmp_path / "s.yaml", TINY_SCENARIO)
    return api.load_library(lib_dir), api.load_scenario(scenario)


@pytest.fixture(scope="session")
def library() -> api.Library:
    return api.load_library()


@pytest.fixture(scope="session")
def resetme(library: api.Library) -> api.Composition:
    return api.prepare(library, api.load_scenario(ROOT / "seeds" / "resetme.yaml"))
