"""Norwegian Bokmål: the catalogue is complete, and the answers read as Norwegian for every seed and question."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from pathways import api
from pathways.audit import bokmal_gaps, bokmal_gaps_markdown, scenario_bokmal_gaps
from pathways.formatting import chance_text, month_long
from pathways.i18n import LOCALE_DIR, catalogue, use_language, yaml_text
from pathways.wording import ROUTE_TEXT

ROOT = Path(__file__).resolve().parent.parent
PO = LOCALE_DIR / "nb" / "LC_MESSAGES" / "pathways.po"
#: English words of the templates that a Norwegian answer must not contain (a text that missed the catalogue)
ENGLISH = re.compile(r"\b(the chance|under these assumptions|around|if it comes|futures|patients in|could)\b", re.IGNORECASE)


def _method_map() -> list[tuple[str, str]]:
    """The extraction rules of babel.cfg, so the test extracts exactly what `pybabel extract` does."""
    patterns = re.findall(r"^\[python:\s*(.+?)\]", (ROOT / "babel.cfg").read_text(encoding="utf-8"), re.MULTILINE)
    assert patterns, "babel.cfg names no Python files"
    return [(p, "python") for p in patterns]


def _extracted() -> set[str]:
    keywords = {"_": None, "N_": None, "ngettext": (1, 2)}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(str(ROOT), _method_map(), keywords=keywords):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_user_facing_text_has_a_bokmal_translation():
    with PO.open("rb") as handle:
        po = read_po(handle)
    entries = {(m.id if isinstance(m.id, str) else m.id[0]): m for m in po if m.id}
    extracted = _extracted()
    assert len(extracted) > 50, "extraction found almost nothing: is babel.cfg right?"
    missing = sorted(extracted - set(entries))
    assert not missing, f"not in the catalogue (run pybabel update, then translate): {missing[:10]}"
    empty = sorted(
        k for k in extracted if not (entries[k].string if isinstance(entries[k].string, str) else all(entries[k].string))
    )
    assert not empty, f"no Bokmål text: {empty[:10]}"
    fuzzy = sorted(k for k in extracted if entries[k].fuzzy)
    assert not fuzzy, f"fuzzy (a guess by pybabel update; check and clear the flag): {fuzzy[:10]}"


def test_translations_keep_every_placeholder():
    with PO.open("rb") as handle:
        po = read_po(handle)
    for m in po:
        if not m.id or not isinstance(m.id, str):
            continue
        assert set(re.findall(r"\{\w+\}", m.id)) == set(re.findall(r"\{\w+\}", m.string)), m.id


def test_the_po_file_is_compiled_at_load_without_a_build_step():
    assert catalogue("nb").gettext("Yes.") == "Ja."
    assert catalogue("en").gettext("Yes.") == "Yes."


def test_numbers_dates_and_route_words_follow_the_language():
    import datetime as dt

    with use_language("nb"):
        assert chance_text(0.05) == "5\u00a0% (under 1 av 10)"
        assert month_long(dt.date(2029, 3, 1)) == "mars 2029"
        assert ROUTE_TEXT["off_label"]["short"] == "Off-label-bruk"
    assert chance_text(0.05) == "5% (under 1 in 10)"
    assert ROUTE_TEXT["off_label"]["short"] == "Off-label use"


@pytest.fixture(scope="module")
def library():
    return api.load_library()


@pytest.mark.parametrize("seed", sorted(p.stem for p in (ROOT / "seeds").glob("*.yaml")))
def test_norwegian_answers_have_no_english_template_left(library, seed):
    """Every route and question of every seed, in every country of the scenario: all placeholders are filled
    and no English template word is left (the library's own texts may still be English where it has no `nb:`)."""
    loaded = api.load_scenario(ROOT / "seeds" / f"{seed}.yaml")
    composition = api.prepare(library, loaded)
    with use_language("nb"):
        answer = api.answer_question(composition, samples=1000)
        texts = [api.headline(answer, cc) for cc in answer.countries]
        texts += [q.answer for q in answer.questions]
        texts += [ra.explanation for c in answer.countries.values() for ra in c.routes.values()]
        own = {yaml_text(composition.step(n), "label") for n in composition.graph}
        own |= {yaml_text(composition.step(n), "who") for n in composition.graph}
        own |= {o.label for n in composition.graph for o in composition.step(n).outcomes}
    for text in texts:
        assert "{" not in text and "}" not in text, text
        stripped = text
        for name in sorted(own, key=len, reverse=True):  # texts from the YAML are checked by the YAML test below
            if name:
                stripped = stripped.replace(name, "")
        assert not ENGLISH.search(stripped), (seed, ENGLISH.search(stripped), text)


def test_resetme_for_norway_is_norwegian_throughout(library):
    """The motivating case: headline, questions and who acts, including the library's texts, in Bokmål."""
    composition = api.prepare(library, api.load_scenario(ROOT / "seeds" / "resetme.yaml"))
    with use_language("nb"):
        answer = api.answer_question(composition, ["NO"], samples=2000)
        head = api.headline(answer, "NO")
    assert head.startswith("Pasienter i Norge kan mest sannsynlig få daratumumab gjennom")
    assert "\u00a0%" in head and "%" not in head.replace("\u00a0%", "")
    everything = " ".join([head, *(q.ask + " " + q.answer for q in answer.questions), answer.scenario])
    for english in ("Trial sponsor", "Regional health authorities", "Phase 3 trial", "If ResetME is positive", "hospital"):
        assert english not in everything
    for term in ("Beslutningsforum", "regionale helseforetak"):
        assert term in everything, term


def test_answer_command_speaks_norwegian():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pathways",
            "answer",
            "seeds/resetme.yaml",
            "--country",
            "NO",
            "--samples",
            "2000",
            "--lang",
            "nb",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "Pasienter i Norge" in result.stdout and "Sv: " in result.stdout
    assert "Patients in" not in result.stdout
    header = result.stdout.splitlines()[0]
    assert "— per 25. nov. 2026  (2\u00a0000 simuleringer" in header, header
    assert re.search(r"\d,\d\d s\)$", header), f"seconds not written the Norwegian way: {header}"
    table = [line for line in result.stdout.splitlines() if "P10 … P50 … P90" in line]
    assert table and all(not re.match(r"\s+(reimbursed|early_access|off_label|trial|private)\b", t) for t in table)
    assert any(t.strip().startswith("Offentlig finansiert") for t in table), table


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_who_must_act_names_each_actor_once(library, lang):
    """Every seed's "who must act" answer: each actor (known by its English name) named once, not once per route."""
    from pathways.questions import _who_must_act
    from pathways.wording import already_authorised

    checked = 0
    with use_language(lang):
        for path in sorted((ROOT / "seeds").glob("*.yaml")):
            composition = api.prepare(library, api.load_scenario(path))
            country = composition.scenario.countries[0]
            answer = api.answer_question(composition, [country], samples=2000, seed=3)
            routes = answer.countries[country].routes.values()
            names = {}
            for ra in routes:
                assert len(ra.actor_keys) == len(ra.who_must_act) == len(set(ra.actor_keys))
                names.update(dict(zip(ra.actor_keys, ra.who_must_act, strict=True)))
            if not names or already_authorised(answer.product, answer.countries.get(country)):
                continue  # (an authorised use names what remains from the simulation, not checked here)
            text = _who_must_act(None, answer, country, composition.scenario.questions[0]).answer
            distinct = "\n".join(names.values())
            for name in names.values():
                assert text.count(name) == distinct.count(name), (path.name, name, text)
            checked += sum(len(ra.who_must_act) > 1 for ra in routes) > 1
    assert checked >= 3, "too few seeds with actors on several routes to show anything"


#: a scenario with one mistake of each common kind: a misspelt key, an impossible date, a step that does not
#: exist, a country without routes, a figure out of range, and a YAML line that cannot be read
_RESETME = (ROOT / "seeds" / "resetme.yaml").read_text(encoding="utf-8")
BROKEN = {
    "keys.yaml": _RESETME.replace("as_of:", "as_off:", 1),
    "date.yaml": _RESETME.replace("as_of: 2026-11-25", "as_of: 2026-13-01", 1),
    "steps.yaml": _RESETME.replace("step: clinical.phase2_trial", "step: clinical.phase2_trail", 1).replace(
        "countries: [NO,", "countries: [XX, NO,", 1
    ),
    "syntax.yaml": "title: T\nproduct: P: Q\n",
}


def _check_nb(tmp_path: Path, name: str) -> list[str]:
    path = tmp_path / name
    path.write_text(BROKEN[name], encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pathways", "check", str(path), "--lang", "nb"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    return result.stderr.splitlines()


#: words of the checker's English messages and fixes that a Bokmål check must not print
CHECK_ENGLISH = re.compile(
    r"\b(error|unknown key|did you mean|is required|missing|expected|write the|no step|the library has|"
    r"check the|choose from|problems? found|not allowed|mapping values)\b"
)


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_check_in_bokmal_names_file_line_and_fix_in_norwegian(tmp_path, name):
    lines = _check_nb(tmp_path, name)
    assert lines[-1].endswith("funnet."), lines
    problems = lines[:-1]
    assert problems
    for line in problems:
        assert line.startswith(f"{tmp_path / name}:"), line
        assert re.match(rf"{re.escape(str(tmp_path / name))}:\d+:\d+: feil: ", line), f"no line and column: {line}"
        assert " — " in line, f"no fix: {line}"
        assert not CHECK_ENGLISH.search(line), f"English left: {line}"
    text = "\n".join(problems)
    expected = {
        "keys.yaml": [
            "ukjent nøkkel 'as_off' — mente du `as_of`?",
            "as_of: denne nøkkelen er påkrevd, men mangler",
            # the key's description from model.py, through the catalogue
            "legg til `as_of:` — Datoen scenarioet beskriver; 'i dag' i tidslinjene.",
        ],
        "date.yaml": ["her ventet vi en dato, men fant '2026-13-01' — skriv datoen som ÅÅÅÅ-MM-DD"],
        "steps.yaml": [
            "det finnes ikke noe steg 'clinical.phase2_trail' i forløpet for dette scenarioet — mente du "
            "`clinical.phase2_trial`?",
            "biblioteket har ingen tilgangsvei for 'XX'",
        ],
        "syntax.yaml": [":2:", "et kolon (:) der YAML ikke venter et"],
    }[name]
    for words in expected:
        assert words in text, (words, text)


def test_check_in_english_is_unchanged(tmp_path):
    path = tmp_path / "keys.yaml"
    path.write_text(BROKEN["keys.yaml"], encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pathways", "check", str(path)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert "error: as_off: unknown key 'as_off' — did you mean `as_of`?" in result.stderr
    assert "add `as_of:` — The date the scenario describes; 'today' in timelines." in result.stderr
    assert result.stderr.rstrip().endswith("problems found.")


def test_model_and_graph_messages_are_in_the_catalogue():
    """The checker's messages built in the model's validators and the library check go through the catalogue."""
    from pathways.load import parse_yaml, validate
    from pathways.model import Fragment
    from pathways.problems import PathwayError

    text = (
        "namespace: t\nsources: {}\nsteps:\n  - id: a\n    label: A\n    kind: step\n"
        "    duration: {min: 10, typical: 5, max: 1, assumption: x}\n"
    )
    with use_language("nb"), pytest.raises(PathwayError) as err:
        validate(Fragment, parse_yaml(text, "t.yaml"), "t.yaml")
    message = " ".join(p.message for p in err.value.problems)
    assert "`min` (10) er større enn `max` (1); bytt dem om" in message, message


def _page_text(at) -> str:
    """Everything the Ask page writes: titles, markdown, captions, metrics, widget labels, expanders, tabs."""
    parts = [e.value for e in at.title] + [e.value for e in at.subheader] + [e.value for e in at.markdown]
    parts += [e.value for e in at.caption] + [e.value for e in at.info] + [e.value for e in at.warning]
    parts += [f"{m.label} {m.value}" for m in at.metric] + [e.label for e in at.expander]
    parts += [w.label for w in at.selectbox] + [w.label for w in at.radio] + [w.label for w in at.slider]
    parts += [w.label for w in at.button] + [w.label for w in at.get("download_button")]
    return "\n".join(str(p) for p in parts)


def _english_left(text: str) -> list[str]:
    """The catalogue's English texts (longer than a word or two, without placeholders) still in `text`."""
    with PO.open("rb") as handle:
        english = [m.id for m in read_po(handle) if isinstance(m.id, str) and len(m.id) > 12 and "{" not in m.id]
    return [e for e in english if e in text and catalogue("nb").gettext(e) != e]


def _page_in_bokmal(page: str, timeout: int = 120):
    """The app opened with ?lang=nb, then switched to `page`."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    at.query_params["lang"] = "nb"
    at.run()
    with use_language("nb"):  # AppTest formats the Ask page's widget options in the test's thread when it leaves
        at.switch_page(page).run()
    return at


def test_ask_page_in_bokmal_has_no_english_text_left():
    """ResetME's Ask page with ?lang=nb: every catalogue text appears in Bokmål, none in English."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = "nb"
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Når kan pasientene få det?"
    assert at.query_params.get("lang") == ["nb"] or at.query_params.get("lang") == "nb", "the link keeps the language"
    text = _page_text(at)
    assert "Pasienter i Norge kan mest sannsynlig få daratumumab" in text
    assert "Veier til pasientene" in text and "Last ned" in text and "Språk" in text
    # the scenario's own texts: its summary, its questions and its notes (what we know and how sure we are)
    assert "har rekruttert i Bergen siden 2025" in text and "Hvem må gjøre hva før pasientene kan få det?" in text
    assert "Den åpne pilotstudien" in text and "publisert i Frontiers in Medicine" in text
    assert "published in Frontiers in Medicine" not in text
    left = _english_left(text)
    assert not left, f"English left on the Ask page: {left[:5]}"
    for words in ("Phase 3 trial", "Trial sponsor", "Chance the", "Reimbursed access", "Who must act"):
        assert words not in text, words


def test_edit_page_in_bokmal_has_no_english_text_left():
    """The Edit page with ?lang=nb, with a problem in the text: its own texts and the editor's words in Bokmål."""
    import json

    at = _page_in_bokmal("ui/pages/edit.py")
    broken = (ROOT / "seeds" / "resetme.yaml").read_text(encoding="utf-8").replace("as_of:", "as_off:", 1)
    at.session_state["custom_text"] = broken
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Rediger et scenario"
    text = _page_text(at) + "\n".join(e.value for e in at.error)
    assert "2 problemer — teksten din er tatt vare på" in text and "Linje 4, kolonne 1" in text
    editor = next(json.loads(e.proto.json) for e in at.get("bidi_component") if e.proto.component_name == "pathways_editor")
    assert editor["locale"] == "nb-NO" and editor["texts"]["line"] == "Linje {line}"
    assert editor["texts"]["pasted"].startswith("Ikke limt inn: teksten ville blitt {size}")
    # the problems themselves, from the engine's checker, in Bokmål: what is wrong and what to write
    shown = text.replace("\\", "")  # the page escapes Markdown outside code spans
    assert "ukjent nøkkel 'as_off'" in shown and "mente du `as_of`?" in shown, shown
    assert "denne nøkkelen er påkrevd, men mangler" in shown and "legg til `as_of:`" in shown
    assert "unknown key" not in shown and "is required" not in shown
    left = _english_left(text)
    assert not left, f"English left on the Edit page: {left[:5]}"


def test_accuracy_page_in_bokmal_has_no_english_text_left():
    """The back-test page with ?lang=nb: its title, tiles, tables and captions in Bokmål, no catalogue text in English."""
    at = _page_in_bokmal("ui/pages/accuracy.py", timeout=300)
    assert not at.exception, at.exception
    assert at.title[0].value == "Hvor treffsikkert er dette?"
    metrics = {m.label: m.value for m in at.metric}
    assert {"Innenfor 80\u00a0%-intervallet", "Medianfeil", "Brier-skår"} <= set(metrics), metrics
    assert metrics["Innenfor 80\u00a0%-intervallet"].endswith("\u00a0%"), "a share is written the Norwegian way"
    assert "dager" in metrics["Medianfeil"] or "dag" in metrics["Medianfeil"]
    assert {"Milepæl", "Vurdert", "Skjevhet (dager; + = modellen for tidlig)"} <= set(at.dataframe[0].value.columns)
    # shares with a decimal comma and a space before the sign, days grouped by a space, by pathways.formatting
    shares = list(at.dataframe[0].value["Innenfor 80\u00a0%-intervall"])
    assert shares and all(re.fullmatch(r"\d{1,3},\d\u00a0%", x) for x in shares if x != "—"), shares
    every = at.dataframe[-1].value
    errors = [x for x in every["Virkelig − P50 (dager)"] if x != "—"]
    assert errors and all(re.fullmatch(r"-?\d{1,3}(\u00a0\d{3})*", x) for x in errors), errors
    assert re.fullmatch(
        r"\d{1,2}\. (jan|feb|mars|apr|mai|juni|juli|aug|sep|okt|nov|des)\.? \d{4}", every["Virkelig dato"].iloc[0]
    )
    countries = at.dataframe[1].value
    assert "fra EU-beslutningen" in set(countries["Anslått"])
    assert set(countries["Nok til å bedømme"]) <= {"ja", "for få tilfeller"}
    text = _page_text(at) + "\n" + "\n".join(str(m.help) for m in at.metric)
    assert "Etter milepæl" in text and "Hvorfor bommene skjer" in text and "Vis" in text
    # milestone and country names and the reasons for the worst misses, in Bokmål
    milestones = set(at.dataframe[0].value["Milepæl"])
    assert {"EU: Europakommisjonens vedtak", "Norge: beslutning i Beslutningsforum"} <= milestones, milestones
    assert not any(m.startswith(("Norway", "Sweden", "Germany", "US:")) for m in milestones), milestones
    assert "Norge" in set(countries["Land"]) and "Norway" not in set(countries["Land"])
    misses = [e.value for e in at.markdown if e.value.startswith("- **")]
    assert misses and all(re.search(r"\bKom \d", m) for m in misses), misses
    assert "Tilbaketest av Pathways-biblioteket mot virkelige legemidler" in text
    for english in ("Came ", "simulated futures", "days after", "EU: Commission", ": public funding decision", "Back-test of"):
        assert english not in text, english
    left = _english_left(text)
    assert not left, f"English left on the accuracy page: {left[:5]}"


def test_language_switch_goes_back_to_english():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = "nb"
    at.run()
    with use_language("nb"):  # AppTest formats the page's other widgets' options here, in the test's thread
        at.selectbox(key="lang").set_value("en")
        at.run()
    assert at.title[0].value == "When could patients get it?"
    assert "lang" not in at.query_params


def test_explorer_in_bokmal_shows_the_step_in_norwegian_and_says_where_english_is_left():
    """The Explorer with ?lang=nb: the step's label, fragment, duration and dates in Bokmål; a library text with no
    Norwegian is shown in English and marked so."""
    at = _page_in_bokmal("ui/pages/explorer.py")
    assert not at.exception, at.exception
    assert at.title[0].value == "Utforsk veien"
    text = _page_text(at)
    assert "**Del av:** Klinisk utvikling \\(fase 1–3" in text, "the fragment's Norwegian title"
    assert re.search(r"\*\*Varighet:\*\* [\d\\-]+ dager, typisk \d+", text), "the duration in Norwegian"
    assert re.search(r"lest \d+\. \w+\.? 20\d\d", text), "a source's date the Norwegian way"
    # ResetME's first step has its explanation in Bokmål (clinical.yaml); the marks are tested below
    assert "ikke skrevet på norsk ennå" not in text
    assert re.search(r"PDF, (A[34] liggende|A[34] stående|ett ark, \d+ × \d+ cm)", text), "the sheet in Norwegian"
    for english in ("days, typically", "any value equally likely", "Clinical development", "landscape", "one sheet"):
        assert english not in text, english
    left = _english_left(text)
    assert not left, f"English left on the Explorer: {left[:5]}"


def test_explorer_in_bokmal_marks_a_library_text_without_norwegian_as_english(monkeypatch):
    """A step whose texts have no `nb:` version shows them in English, each marked, and says so under the
    explanation. The library is being translated entry by entry, so the step's Norwegian is taken away here."""
    from pathways import i18n

    monkeypatch.setattr(i18n, "has_own_text", lambda item, field: False)
    monkeypatch.setattr(i18n, "yaml_text", lambda item, field: str(getattr(item, field) or ""))
    at = _page_in_bokmal("ui/pages/explorer.py")
    assert not at.exception, at.exception
    text = _page_text(at)
    assert "(på engelsk)" in text, "library prose without a translation is marked as English"
    assert "Forklaringen av dette trinnet er ikke skrevet på norsk ennå" in text


def test_the_list_of_library_texts_without_bokmal_is_up_to_date():
    """docs/bokmal-gaps.md lists every library entry that the app shows in English when it speaks Norwegian."""

    lib = api.load_library()
    seeds = [api.load_scenario(path) for path in api.seed_files().values()]
    written = (ROOT / "docs" / "bokmal-gaps.md").read_text(encoding="utf-8")
    assert written == bokmal_gaps_markdown(lib, seeds), (
        "out of date: python -m pathways audit --bokmal-gaps > docs/bokmal-gaps.md"
    )
    assert all("(fragment)" not in found for found in bokmal_gaps(lib).values()), (
        "every fragment has a Norwegian title and jurisdiction"
    )


def test_a_library_text_without_bokmal_is_listed_by_its_key_and_one_with_it_is_not():
    from types import SimpleNamespace as N

    from pathways.model import DurationNb, RuleNb, SourceNb, StepNb

    no = next(f for f in api.load_library().fragments if f.model.namespace == "no")
    step = next(s for s in no.model.steps if s.duration is not None and s.duration.assumption and s.who)
    ruled = next(s for s in no.model.steps if s.rules)
    rule = ruled.rules[0]
    full = step.model_copy(
        update={
            "nb": StepNb(label="L", explain="E", who="W"),
            "duration": step.duration.model_copy(update={"nb": DurationNb(assumption="A")}),
        }
    )
    # the copies drop the library's own Norwegian (no.yaml has it everywhere) so that only the made gaps remain
    label_only = step.model_copy(
        update={
            "id": "label_only",
            "nb": StepNb(label="Bare etiketten"),
            "duration": step.duration.model_copy(update={"nb": None}),
        }
    )
    half_rule = ruled.model_copy(
        update={
            "id": "half_rule",
            "nb": StepNb(label="L", explain="E", who="W"),
            "duration": None,
            "rules": [
                rule.model_copy(update={"nb": RuleNb(why="Hvorfor"), "duration": rule.duration.model_copy(update={"nb": None})})
            ],
        }
    )
    key, source = next(iter(no.model.sources.items()))
    fragment = no.model.model_copy(
        update={
            "steps": [full, label_only, half_rule, label_only.model_copy(update={"nb": None})],
            "parameters": {},
            "sources": {
                key: source.model_copy(update={"nb": None}),
                "translated": source.model_copy(update={"nb": SourceNb(supports="S")}),
            },
        }
    )
    expected = {
        "no.label_only": ["explain", "who", "duration.assumption"],
        "no.label_only (variant 2)": ["label", "explain", "who", "duration.assumption"],
        f"sources.{key}": ["supports"],
    }
    if rule.duration.assumption:
        expected["no.half_rule"] = ["rules[0].duration.assumption"]
    assert bokmal_gaps(N(fragments=[N(model=fragment, file=no.file)])) == {"no.yaml": expected}
    with use_language("nb"):
        assert yaml_text(label_only, "label") == "Bare etiketten" and yaml_text(label_only, "explain") == step.explain


#: A made scenario with every text a reader sees, each with its Norwegian; the table below takes one away at a time
_MADE_SCENARIO = """\
title: Made-up medicine
summary: A summary.
nb: {title: Oppdiktet legemiddel, summary: Et sammendrag.}
as_of: 2026-01-01
product: {name: X, substance: x}
indication: a disease
position: {step: clinical.phase2_trial, since: 2025-01-01}
countries: [NO]
durations:
  clinical.phase2_trial:
    min: 100
    typical: 200
    max: 300
    assumption: A judgement.
    nb: {assumption: Et skjønn.}
access:
  no.trial_enrolment:
    window:
      closes: 2026-12-31
      open_for: {min: 10, typical: 20, max: 30, assumption: Recruiting takes weeks., nb: {assumption: Det tar uker.}}
      assumption: A date.
    place:
      probability: 0.5
      assumption: Half.
      explain: One place in two.
      nb: {explain: Én plass av to.}
    for_whom: Adults.
    who_pays: The sponsor.
    nb: {for_whom: Voksne., who_pays: Sponsoren.}
questions:
  - ask: First?
    nb: {ask: Først?}
    compute: who_must_act
  - ask: Second?
    nb: {ask: Nummer to?}
    compute: who_must_act
notes:
  - text: A fact.
    nb: {text: Et faktum.}
sources:
  x:
    title: A page
    url: https://example.org/page
    supports: A figure.
    nb: {supports: Et tall.}
    read: 2026-01-01
"""


@pytest.mark.parametrize(
    ("translated", "english_only", "key", "fields"),
    [
        ("nb: {title: Oppdiktet legemiddel, summary: Et sammendrag.}", "", "(scenario)", ["title", "summary"]),
        ("{title: Oppdiktet legemiddel, summary: Et sammendrag.}", "{title: Oppdiktet legemiddel}", "(scenario)", ["summary"]),
        ("    nb: {assumption: Et skjønn.}", "", "durations.clinical.phase2_trial", ["assumption"]),
        ("    nb: {for_whom: Voksne., who_pays: Sponsoren.}", "", "access.no.trial_enrolment", ["for_whom", "who_pays"]),
        ("{for_whom: Voksne., who_pays: Sponsoren.}", "{for_whom: Voksne.}", "access.no.trial_enrolment", ["who_pays"]),
        ("      nb: {explain: Én plass av to.}", "", "access.no.trial_enrolment", ["place.explain"]),
        (", nb: {assumption: Det tar uker.}", "", "access.no.trial_enrolment", ["window.open_for.assumption"]),
        ("    nb: {ask: Nummer to?}", "", "questions[1]", ["ask"]),
        ("    nb: {text: Et faktum.}", "", "notes[0]", ["text"]),
        ("    nb: {supports: Et tall.}", "", "sources.x", ["supports"]),
    ],
)
def test_a_seed_text_without_bokmal_is_listed_by_its_key_and_one_with_it_is_not(translated, english_only, key, fields):
    """Each text of a scenario with its `nb:` version: not listed; without it: listed under the key its author writes,
    in the seed's own section of docs/bokmal-gaps.md."""
    assert _MADE_SCENARIO.count(translated) == 1, translated
    done = api.load_scenario_text(_MADE_SCENARIO, "made.yaml")
    assert scenario_bokmal_gaps(done.model) == {}
    assert "seeds/made.yaml" not in bokmal_gaps_markdown(api.Library([]), [done])
    assert "All 1 seed scenarios have every text a reader sees in Bokmål." in bokmal_gaps_markdown(api.Library([]), [done])
    lacking = api.load_scenario_text(_MADE_SCENARIO.replace(translated, english_only), "made.yaml")
    assert scenario_bokmal_gaps(lacking.model) == {key: fields}
    page = bokmal_gaps_markdown(api.Library([]), [lacking])
    assert f"## seeds/made.yaml\n\n- `{key}`: {', '.join(fields)}\n" in page
    assert "1 of 1 seed scenarios have texts only in English" in page and "| `seeds/made.yaml` | 1 |" in page


def test_every_key_description_of_the_model_has_bokmal():
    """The checker's 'add `key:` — <description>' reads the model's Field descriptions; each is marked for the
    catalogue where it is written (model.py stays the one English source, also of the JSON Schema)."""
    import inspect

    from pydantic import BaseModel

    from pathways import model

    described = {
        info.description
        for _name, cls in inspect.getmembers(model, inspect.isclass)
        if issubclass(cls, BaseModel) and cls.__module__ == model.__name__
        for info in cls.model_fields.values()
        if info.description
    }
    assert len(described) > 100
    untranslated = sorted(d for d in described if catalogue("nb").gettext(d) == d)
    assert not untranslated, f"descriptions without Bokmål (mark them N_(...) in model.py): {untranslated[:5]}"


def test_link_and_command_line_messages_in_bokmal(tmp_path):
    from pathways.share import unpack_scenario

    with use_language("nb"), pytest.raises(ValueError, match="scenarioet i lenken er skadet"):
        unpack_scenario("z1.!!!!")
    with pytest.raises(ValueError, match="the scenario in the link is damaged"):
        unpack_scenario("z1.!!!!")
    from pathways.problems import PathwayError
    from pathways.trial_record import parse_record

    with use_language("nb"), pytest.raises(PathwayError) as refused:
        parse_record(b"<html><body>ClinicalTrials.gov</body></html>", "studie.html")
    assert "dette er en nettside (HTML), ikke studiens JSON-post" in str(refused.value.problems[0])

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pathways", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)

    helped = run("export", "--help", "--lang", "nb").stdout
    assert "hva som skal eksporteres (standard: diagram)" in helped and "skaleringsfaktor for PNG" in helped, helped
    assert "what to export" not in helped and "output file" not in helped
    assert "when could patients get it?" in run("--help").stdout, "English help unchanged"
    wrong = run("answer", str(ROOT / "seeds" / "resetme.yaml"), "--set", "p_trial_positive=abc", "--lang", "nb").stderr
    assert "'abc' er ikke et tall — skriv NAVN=0.3" in wrong and "1 problem funnet." in wrong, wrong
    binary = run("export", str(ROOT / "seeds" / "resetme.yaml"), "--format", "png", "--samples", "200", "--lang", "nb")
    assert "png er binært — legg til -o FIL" in binary.stderr, binary.stderr
