"""The Ask page's 'another medicine' panel through Streamlit's AppTest (records from a local server only)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tests.test_new_scenario import registry  # noqa: F401 (the local registry fixture)


def shown(at: AppTest) -> str:
    """All text the page shows (the Ask page's layout may change; the answer's words must be there)."""
    return "\n".join(str(x.value) for x in [*at.title, *at.markdown, *at.caption, *at.subheader])


def opened() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.button(key="new_medicine_button").click().run()
    assert not at.exception
    return at


def test_plain_questions_build_the_session_scenario():
    at = opened()
    at.radio(key="nm_how").set_value("plain").run()
    at.selectbox(key="pq_phase").set_value("phase3").run()
    at.multiselect(key="pq_countries").set_value(["NO", "SE"]).run()
    at.text_input(key="pq_medicine").input("Testamab").run()
    at.button(key="pq_build").click().run()
    assert not at.exception
    assert at.session_state["sel:scenario"] == "custom"
    assert "Testamab" in at.session_state["custom_text"] and "# your answer" in at.session_state["custom_text"]
    assert "Testamab" in shown(at)  # the Ask page now answers for it
    assert any("ASK" in c.value or "safe defaults" in c.value for c in at.markdown)


def test_nct_number_is_fetched_and_every_value_is_shown(registry, monkeypatch):  # noqa: F811
    monkeypatch.setenv("PATHWAYS_REGISTRY_URL", registry)
    at = opened()
    at.text_input(key="nm_nct").input("NCT02229942").run()
    at.multiselect(key="nm_approved").set_value(["EU", "US"]).run()
    at.button(key="nm_build").click().run()
    assert not at.exception
    text = at.session_state["custom_text"]
    assert "record: statusModule.startDateStruct.date" in text and "region: EU" in text
    assert at.session_state["custom_text"] == text  # the Edit page opens on it
    assert "Rituximab" in shown(at)
    assert any("record: designModule.phases" in c.value for c in at.code)


def test_a_ctis_number_is_explained_and_the_typed_text_kept():
    at = opened()
    at.text_input(key="nm_nct").input("2024-516609-22-00").run()
    at.button(key="nm_build").click().run()
    assert not at.exception
    assert any("EU CT number" in m.value for m in at.markdown)
    assert at.text_input(key="nm_nct").value == "2024-516609-22-00"
    assert at.session_state["sel:scenario"] != "custom"
