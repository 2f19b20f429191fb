"""Edit a scenario: start from a seed or an upload, see located errors as you type, run it, download it."""

from __future__ import annotations

import streamlit as st

from pathways import api
from pathways.i18n import _, ngettext, yaml_text
from pathways.load import MAX_BYTES
from pathways.problems import PathwayError, Problem
from ui.code_editor import TEXT, code_editor, replace_text
from ui.state import CUSTOM, composition_for, default_seed, library, scenario_names, seed_texts
from ui.text import md_escape, md_with_code
from ui.uploader import file_uploader

st.title(_("Edit a scenario"))
st.markdown(
    _(
        "Describe a real product at a real moment: where it stands (`position`), what it already has (`product`), "
        "the assumptions (`parameters`) and the countries to answer for. Every key is explained in the YAML "
        "reference (the link below); errors name the line, show it, and say what to write instead. Your text is "
        "kept while you switch pages in this session — download it, or share the link the Ask page shows, to keep it."
    )
)
st.page_link(
    "ui/pages/yaml_reference.py",
    label=_("The YAML reference: every key explained, with examples (docs/yaml-reference.md)"),
    icon=":material/menu_book:",
)
seeds = seed_texts()
if TEXT not in st.session_state:
    replace_text(seeds[default_seed()])

col1, col2 = st.columns([2, 1])
titles = scenario_names()
start = col1.selectbox(
    _("Start from a seed scenario"),
    list(seeds),
    index=list(seeds).index(default_seed()),
    key="edit_seed",
    format_func=lambda name: titles.get(name, name),
)
if col1.button(_("Replace my text with this seed")):
    replace_text(seeds[start])
    st.rerun()
upload = file_uploader(col2, _("…or upload a YAML file"), ["yaml", "yml"], key="edit_upload", max_mb=2)
if upload is not None and st.session_state.get("_uploaded") != upload.file_id:
    st.session_state["_uploaded"] = upload.file_id
    raw = upload.getvalue()
    try:
        replace_text(raw.decode("utf-8"))
        st.rerun()
    except UnicodeDecodeError:
        st.error(_("That file is not UTF-8 text; save it as UTF-8 YAML and upload it again."))


text = str(st.session_state[TEXT])
lines = text.splitlines()


def _excerpt(line: int) -> str:
    """The line a problem names, with its neighbours and their numbers, as an editor shows them."""
    first, last = max(1, line - 1), min(len(lines), line + 1)
    width = len(str(last))
    return "\n".join(f"{'→' if n == line else ' '} {n:>{width}} │ {lines[n - 1]}" for n in range(first, last + 1))


problems: list[Problem] = []
try:
    loaded = api.load_scenario_text(text, "your-scenario.yaml")
    composition = api.prepare(library(), loaded)
    composition_for(text)
except PathwayError as err:
    problems = err.problems

limit_mb = MAX_BYTES // 1_000_000
st.markdown(
    _("**Scenario YAML** — at most {limit} MB; a paste that would go over it is refused, with a message.").format(limit=limit_mb)
)
code_editor("editor", MAX_BYTES, problems)
if problems:
    st.error(
        ngettext(
            "{n} problem — your text is kept; fix it and the answer comes back.",
            "{n} problems — your text is kept; fix them and the answer comes back.",
            len(problems),
        ).format(n=len(problems))
    )
    for problem in problems[:20]:
        where = (
            _("Line {line}, column {column}").format(line=problem.line, column=problem.column)
            if problem.line
            else _("The whole file")
        )
        key = problem.key.replace("`", "'") if problem.key else _("top level")
        with st.container(border=True):
            st.markdown(
                f"**{where}** · `{key}`: {md_with_code(problem.message)}"
                + (f"  \n↳ {md_with_code(problem.fix)}" if problem.fix else "")
            )
            if problem.line and 0 < problem.line <= len(lines):
                st.code(_excerpt(problem.line), language=None)
else:
    st.success(
        _("Valid: “{title}” — {steps} steps in its pathway.").format(
            title=md_escape(yaml_text(composition.scenario, "title")), steps=len(composition.graph)
        )
    )
    if st.button(_("Answer this scenario on the Ask page"), type="primary"):
        st.session_state["sel:scenario"] = CUSTOM
        st.switch_page("ui/pages/ask.py")
st.download_button(
    _("Download my scenario (YAML)"),
    text.encode("utf-8"),
    file_name="my-scenario.yaml",
    mime="application/x-yaml",
    on_click="ignore",
)
