"""App logic through Streamlit's AppTest: every page renders, numbers come from the engine, links round-trip."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from pathways import api
from pathways.answer import headline_parts
from tests.conftest import ROOT

PAGES = [
    "ui/pages/ask.py",
    "ui/pages/compare.py",
    "ui/pages/explorer.py",
    "ui/pages/edit.py",
    "ui/pages/sources.py",
    "ui/pages/about.py",
    "ui/pages/accuracy.py",
    "ui/pages/yaml_reference.py",
]


def app(**query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    return at


def texts(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def editor_data(at: AppTest) -> dict:
    """What the Edit page hands its browser editor: the text in the box, the size limit, the problem lines."""
    views = [e.proto for e in at.get("bidi_component") if e.proto.component_name == "pathways_editor"]
    assert len(views) == 1, "the Edit page shows one editor"
    return json.loads(views[0].json)


def type_in_editor(at: AppTest, text: str) -> None:
    """What the browser's editor does when a person types (it reports the whole text), then the rerun it causes."""
    at.session_state["custom_text"] = text
    at.run()


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_error(page):
    at = app()
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.title, "each page has a title"


def engine_answer(resetme, country="NO", **params):
    return api.answer_question(resetme, [country], samples=20_000, parameters=params or None)


def test_headline_is_the_engines_answer(resetme):
    at = app()
    at.run()
    expected = headline_parts(engine_answer(resetme), "NO")[0]
    shown = texts(at)
    assert expected.replace("(", "\\(").replace(")", "\\)").replace(".", "\\.").replace("-", "\\-")[:40] in shown or expected[
        :30
    ] in shown.replace("\\", "")
    plain = shown.replace("\\", "")
    assert expected in plain
    assert re.search(r"20\d\d", expected) and "%" in expected


def test_changing_an_assumption_moves_the_answer_the_expected_way(resetme):
    at = app()
    at.run()
    before = engine_answer(resetme).countries["NO"].routes["off_label"].estimate.p_reached
    at.slider(key="slider:p_offlabel_funded_no").set_value(80).run()
    assert not at.exception
    after = engine_answer(resetme, p_offlabel_funded_no=0.8).countries["NO"].routes["off_label"].estimate.p_reached
    assert after > before
    tiles = [m.value for m in at.metric]
    assert f"{after:.0%}" in tiles, tiles
    assert at.query_params["p_offlabel_funded_no"] in ("0.8", ["0.8"])


def test_a_shared_link_reproduces_the_view(resetme):
    at = app(scenario="resetme", country="SE", p_mah_files="0.9")
    at.run()
    assert at.selectbox(key="country").value == "SE"
    assert at.slider(key="slider:p_mah_files").value == 90
    expected = headline_parts(api.answer_question(resetme, ["SE"], samples=20_000, parameters={"p_mah_files": 0.9}), "SE")[0]
    assert expected in texts(at).replace("\\", "")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"scenario": "nope"}, "does not exist"),
        ({"country": "XX"}, "unknown country"),
        ({"p_mah_files": "7"}, "outside"),
        ({"p_mah_files": "lots"}, "is not a number"),
        ({"p_<script>": "1"}, "unknown setting"),
    ],
)
def test_bad_link_values_give_a_message_and_a_safe_default(params, message):
    at = app(**params)
    at.run()
    assert not at.exception
    assert any(message in w.value for w in at.warning), [w.value for w in at.warning]
    assert "<script>" not in "".join(w.value for w in at.warning)
    assert at.selectbox(key="scenario").value == "resetme"


def test_invalid_yaml_edit_shows_a_located_error_and_keeps_the_text():
    at = app()
    at.run()
    at.switch_page("ui/pages/edit.py").run()
    broken = (ROOT / "seeds" / "resetme.yaml").read_text().replace("step: clinical.phase2_trial", "step: clinical.phase2_trail")
    type_in_editor(at, broken)
    assert not at.exception
    assert any("problem" in e.value for e in at.error)
    located = texts(at).replace("\\", "")
    assert re.search(r"line \d+, column \d+", located, re.IGNORECASE)
    assert any("→" in c.value and "phase2_trail" in c.value for c in at.code), "the problem's line is shown beside it"
    assert "did you mean `clinical.phase2_trial`?" in located.replace("\\", "")
    assert editor_data(at)["text"] == broken
    # the text survives a page switch and coming back
    at.switch_page("ui/pages/ask.py").run()
    at.switch_page("ui/pages/edit.py").run()
    assert editor_data(at)["text"] == broken


def test_explorer_diagram_is_the_countrys_svg_with_its_legend_and_steps():
    at = app(country="NO", route="reimbursed")  # the explorer opens on the route chosen on the Ask page
    at.run()
    at.switch_page("ui/pages/explorer.py").run()
    views = [e.proto for e in at.get("bidi_component") if e.proto.component_name == "pathways_diagram"]
    assert views, "the explorer shows the diagram view"
    data = json.loads(views[0].json)
    assert data["svg"].lstrip().startswith(("<?xml", "<svg", "<!DOCTYPE"))
    assert "<title>no.reimbursed_access</title>" in data["svg"]
    assert data["labels"]["no.reimbursed_access"] == "Norway: publicly funded treatment"
    assert len(data["legend"]) >= 9 and all(item["swatch"].startswith("<svg") for item in data["legend"])
    assert data["selected"] in data["labels"]


def test_uploaded_text_never_becomes_html_or_links():
    hostile = (
        (ROOT / "seeds" / "resetme.yaml")
        .read_text()
        .replace(
            'title: "ResetME: daratumumab for ME/CFS (Norway)"',
            'title: "<script>alert(1)</script> [click](javascript:alert(1)) **bold**"',
        )
        .replace("name: daratumumab\n", 'name: "<img src=x onerror=alert(1)>"\n')
    )
    at = app()
    at.run()
    at.switch_page("ui/pages/edit.py").run()
    type_in_editor(at, hostile)
    assert not at.error, [e.value for e in at.error]
    at.button[1].click().run()  # "Answer this scenario on the Ask page"
    assert not at.exception
    rendered = "\n".join(m.value for m in at.markdown) + "\n".join(c.value for c in at.caption)
    assert "<script>" not in rendered and "<img" not in rendered
    assert "](javascript" not in rendered
    assert "&lt;script&gt;" in rendered or "\\<script" in rendered


def test_one_sessions_edits_never_reach_another_session():
    first = app()
    first.run()
    first.switch_page("ui/pages/edit.py").run()
    edited = (ROOT / "seeds" / "resetme.yaml").read_text().replace("p_mah_files: 0.25", "p_mah_files: 0.95")
    type_in_editor(first, edited)
    second = app()
    second.run()
    assert "custom" not in second.selectbox(key="scenario").options
    assert second.slider(key="slider:p_mah_files").value == 25


def test_a_step_link_opens_that_step_in_the_explorer():
    at = app(step="no.beslutningsforum")
    at.run()
    at.switch_page("ui/pages/explorer.py").run()
    assert not at.exception
    assert at.selectbox(key="explorer_step").value == "no.beslutningsforum"
    assert any("Beslutningsforum" in m.value for m in at.markdown)


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ({"step": "no.beslutningsforum", "country": "DE"}, "is on no route for Germany"),
        ({"step": "no.no_such_step"}, "does not have (`no.no_such_step`)"),
    ],
)
def test_a_step_link_the_view_has_not_says_so_and_opens_the_first_step(query, notice):
    at = app(**query)
    at.run()
    at.switch_page("ui/pages/explorer.py").run()
    assert not at.exception
    assert any(notice in i.value for i in at.info), [i.value for i in at.info]
    assert at.selectbox(key="explorer_step").value != query["step"]


def test_question_answers_link_to_their_steps():
    at = app()
    at.run()
    links = at.get("page_link")
    assert links, "each motivating question links to the steps behind it"
    assert any("no.reimbursed_access" in str(link.proto) or "Norway" in str(link.proto) for link in links)


def test_ask_page_for_the_us_gives_the_fda_record_beside_the_answer():
    from ui.track import backtest_report

    at = app(scenario="resetme", country="US")
    at.run()
    backtest_report(wait=True)  # the record is computed once per process, on a thread
    at.run()
    assert not at.exception, at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "For the FDA's approval:" in captions and "Predicted from the filed application:" in captions
    assert "Reimbursed access in United States:" in captions


def test_accuracy_page_shows_the_back_tests_figures_and_filters_by_milestone(library):
    from pathways.backtest import default_case_files, milestone_label, run_backtest

    report = run_backtest(library, default_case_files(ROOT / "validation"))
    at = app()
    at.run()
    at.switch_page("ui/pages/accuracy.py").run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Inside the 80% range"] == f"{report['overall']['coverage_p10_p90']:.0%}"
    table = at.dataframe[0].value
    ec = table[table["Milestone"] == milestone_label("eu.ec_decision")].iloc[0]
    assert ec["Scored"] == str(report["milestones"]["eu.ec_decision"]["n_scored"])
    assert ec["Inside 80% range"] == f"{report['milestones']['eu.ec_decision']['coverage_p10_p90']:.1%}"
    countries = at.dataframe[1].value
    norway = countries[
        (countries["Country"] == report["countries"]["NO"]["label"]) & (countries["Predicted"] == "from the EU decision")
    ]
    assert norway.iloc[0]["Scored"] == str(
        report["countries"]["NO"]["national"]["milestones"]["no.reimbursed_access"]["n_scored"]
    )
    starts = at.dataframe[2].value  # each track by its starting point: a readout start is told apart
    readout = starts[
        (starts["Predicted"] == "from the US submission or the readout") & starts["Starting point"].str.startswith("the trial")
    ]
    assert readout.iloc[0]["Scored"] == str(report["tracks"]["US"]["by_cutoff"]["clinical.pivotal_readout"]["n_scored"])
    busiest = at.dataframe[-1].value
    assert busiest["Milestone"].nunique() == 1, "the chart opens on one milestone, not on every prediction at once"
    at.selectbox(key="accuracy_milestone").select("All milestones").run()
    every = at.dataframe[-1].value
    assert set(every["Milestone"]) == {milestone_label(r["milestone"]) for r in report["rows"] if r["date_scored"]}
    assert "Brier score" in metrics and any("Does it happen at all?" in (m.help or "") for m in at.metric)
    at.selectbox(key="accuracy_milestone").select(milestone_label("us.fda_approval")).run()
    only_us = at.dataframe[-1].value
    assert set(only_us["Milestone"]) == {milestone_label("us.fda_approval")}
    assert len(only_us) == report["milestones"]["us.fda_approval"]["n_scored"]


def test_ask_page_shows_the_judgements_behind_the_approved_route_and_the_trial_deadline(resetme):
    at = app()
    at.run()
    assert not at.exception
    plain = texts(at).replace("\\", "")
    expected = api.judgement_sensitivity(resetme, "NO")
    assert {"p_mah_files", "p_single_trial_sufficient"} <= {s.parameter for s in expected}
    for s in expected:
        assert s.sentence() in plain  # every judgement on the route, from the engine, with its "if it were" line
    assert "**Open now**, until about Dec 2026" in plain


def test_timeline_opens_on_the_route_the_headline_speaks_of(resetme):
    from pathways.answer import headline_route

    at = app()
    at.run()
    assert at.radio(key="timeline_route").value == headline_route(engine_answer(resetme), "NO")


def test_the_address_follows_the_route_chosen_in_the_same_click():
    at = app()
    at.run()
    at.radio(key="timeline_route").set_value("reimbursed").run()
    assert at.query_params["route"] in ("reimbursed", ["reimbursed"])
    again = app(**{k: v[0] if isinstance(v, list) else v for k, v in at.query_params.items()})
    again.run()
    assert again.radio(key="timeline_route").value == "reimbursed"


def test_assumptions_most_influential_first_and_the_rest_folded(resetme):
    from pathways.influence import parameter_influence

    at = app()
    at.run()
    names = [p for p, *_ in api.relevant_parameters(resetme, ["NO"])]
    ranked = [i.parameter for i in parameter_influence(resetme, "NO", dict(resetme.scenario.parameters), names)]
    sliders = [s.key.removeprefix("slider:") for s in at.slider]
    assert sliders == ranked, "every slider is there, largest swing first"
    folded = at.sidebar.expander[0]
    assert [s.key.removeprefix("slider:") for s in folded.slider] == ranked[3:]


def test_an_edited_scenario_travels_in_the_link():
    from pathways.share import unpack_scenario

    edited = (ROOT / "seeds" / "resetme.yaml").read_text().replace("p_mah_files: 0.25", "p_mah_files: 0.95")
    first = app()
    first.run()
    first.session_state["custom_text"] = edited
    first.session_state["sel:scenario"] = "custom"
    first.run()
    token = first.query_params["yaml"]
    token = token[0] if isinstance(token, list) else token
    seeds = {name: path.read_text(encoding="utf-8") for name, path in api.seed_files().items()}
    assert token.startswith("z2.resetme.") and len(token) < 1_000, "too long alone: carried against its seed"
    assert unpack_scenario(token, seeds) == edited
    fresh = app(scenario="custom", yaml=token)
    fresh.run()
    assert not fresh.exception and not fresh.warning, [w.value for w in fresh.warning]
    assert fresh.selectbox(key="scenario").value == "custom"
    assert fresh.slider(key="slider:p_mah_files").value == 95


def test_a_link_to_an_edited_scenario_without_the_scenario_says_what_to_do():
    at = app(scenario="custom")
    at.run()
    assert any("too large for a link" in w.value for w in at.warning), [w.value for w in at.warning]
    assert at.selectbox(key="scenario").value == "resetme"


def test_edit_page_names_seeds_by_title_and_keys_without_backslashes():
    at = app()
    at.run()
    at.switch_page("ui/pages/edit.py").run()
    seed = at.selectbox(key="edit_seed")
    assert seed.format_func(seed.value).startswith("ResetME:"), "seeds are offered by their titles"
    broken = (ROOT / "seeds" / "resetme.yaml").read_text().replace("as_of:", "as_off:", 1)
    type_in_editor(at, broken)
    shown = texts(at)
    assert "`as_off`" in shown or "as_off" in shown
    assert "`as_off`" in shown and "`as_of`" in shown, "key names are code spans"
    assert not re.search(r"`[^`\n]*\\[^`\n]*`", shown), "no Markdown backslash inside a code span"
    data = editor_data(at)
    assert data["limit"] == 2_000_000, "the browser refuses a paste over the loader's own limit"
    assert any("at most 2 MB" in m.value and "refused" in m.value for m in at.markdown), "the limit is stated beside the box"
    line = broken.splitlines().index(next(x for x in broken.splitlines() if x.startswith("as_off:"))) + 1
    assert line in [p["line"] for p in data["problems"]], "the problem's line is marked in the editor's gutter"
    assert any(link.proto.page == "yaml-reference" for link in at.get("page_link")), "the reference is linked"


def test_sidebar_shows_a_long_scenario_title_whole():
    at = app()
    at.run()
    title = api.load_scenario(ROOT / "seeds" / "resetme.yaml").model.title
    assert len(title) > 28, "the seed's title is longer than the select box shows"
    assert any(c.value.replace("\\", "") == title for c in at.sidebar.caption), [c.value for c in at.sidebar.caption]


def test_explorer_step_details_use_the_one_rounding_rule(resetme):
    from pathways.formatting import chance_text, month

    at = app(country="NO", route="reimbursed")
    at.run()
    at.switch_page("ui/pages/explorer.py").run()
    node = at.selectbox(key="explorer_step").value
    estimate = engine_answer(resetme).milestones[node]
    facts = next(m.value for m in at.markdown if "**In this scenario:**" in m.value).replace("\\", "")
    assert f"done by {month(estimate.p50)}" in facts and f"chance {chance_text(estimate.p_reached)}" in facts, facts
    assert not re.search(r"\d\.\d+%|\d{1,2} [A-Z][a-z]{2} \d{4}", facts), "no decimals in a chance, no days in a simulated date"
