"""Edit a scenario: start from a seed or an upload, see located errors as you type, run it, download it."""

from __future__ import annotations

import streamlit as st

from pathways import api
from pathways.problems import PathwayError
from ui.state import CUSTOM, composition_for, default_seed, library, seed_texts
from ui.text import md_escape

st.title("Edit a scenario")
st.markdown(
    "Describe a real product at a real moment: where it stands (`position`), what it already has (`product`), "
    "the assumptions (`parameters`) and the countries to answer for. Every key is documented in "
    "`docs/yaml-reference.md`; errors below name the line and what to write instead. Your text is kept while "
    "you switch pages in this session — download it to keep it for good."
)
seeds = seed_texts()
if "custom_text" not in st.session_state:
    st.session_state["custom_text"] = seeds[default_seed()]
if "editor" not in st.session_state:
    st.session_state["editor"] = st.session_state["custom_text"]

col1, col2 = st.columns([2, 1])
start = col1.selectbox("Start from a seed scenario", list(seeds), index=list(seeds).index(default_seed()), key="edit_seed")
if col1.button("Replace my text with this seed"):
    st.session_state["editor"] = seeds[start]
    st.session_state["custom_text"] = seeds[start]
    st.rerun()
upload = col2.file_uploader("…or upload a YAML file", type=["yaml", "yml"], key="edit_upload", max_upload_size=2)
if upload is not None and st.session_state.get("_uploaded") != upload.file_id:
    st.session_state["_uploaded"] = upload.file_id
    raw = upload.getvalue()
    try:
        text = raw.decode("utf-8")
        st.session_state["editor"] = text
        st.session_state["custom_text"] = text
        st.rerun()
    except UnicodeDecodeError:
        st.error("That file is not UTF-8 text; save it as UTF-8 YAML and upload it again.")


def _keep_text() -> None:
    st.session_state["custom_text"] = st.session_state["editor"]


text = st.text_area("Scenario YAML", key="editor", height=520, on_change=_keep_text)
st.session_state["custom_text"] = text

try:
    loaded = api.load_scenario_text(text, "your-scenario.yaml")
    composition = api.prepare(library(), loaded)
    composition_for(text)
except PathwayError as err:
    st.error(f"{len(err.problems)} problem(s) — your text is kept; fix them and the answer comes back.")
    for problem in err.problems[:20]:
        where = f"line {problem.line}, column {problem.column}" if problem.line else "file"
        st.markdown(
            f"- **{where}** — `{md_escape(problem.key) or 'top level'}`: {md_escape(problem.message)}"
            + (f"  \n  ↳ {md_escape(problem.fix)}" if problem.fix else "")
        )
else:
    st.success(f"Valid: “{md_escape(composition.scenario.title)}” — {len(composition.graph)} steps in its pathway.")
    if st.button("Answer this scenario on the Ask page", type="primary"):
        st.session_state["sel:scenario"] = CUSTOM
        st.switch_page("ui/pages/ask.py")
st.download_button(
    "Download my scenario (YAML)",
    text.encode("utf-8"),
    file_name="my-scenario.yaml",
    mime="application/x-yaml",
    on_click="ignore",
)
