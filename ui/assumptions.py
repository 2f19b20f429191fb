"""The Ask page's assumption sliders: the few that move this country's answer most, the rest folded away."""

from __future__ import annotations

import streamlit as st

from pathways.influence import parameter_influence
from pathways.model import Parameter
from ui.state import View, composition_for
from ui.text import md_escape

#: sliders shown open; the others wait in an expander
SHOWN = 3


@st.cache_data(show_spinner=False, max_entries=128)
def influence_order(text: str, country: str, names: tuple[str, ...]) -> list[tuple[str, float]]:
    """Parameter names by how much they move the chance of access outside trials (at the scenario's values)."""
    composition = composition_for(text)
    ranked = parameter_influence(composition, country, dict(composition.scenario.parameters), list(names))
    return [(i.parameter, i.swing) for i in ranked]


def _store(pname: str, percent: bool) -> None:
    value = float(st.session_state[f"slider:{pname}"])
    st.session_state[f"param:{pname}"] = value / 100 if percent else value


def _slider(view: View, pname: str, param: Parameter, swing: float) -> None:
    scenario = view.composition.scenario
    default = scenario.parameters.get(pname, param.default)
    key = f"param:{pname}"
    if key not in st.session_state:
        st.session_state[key] = float(default)
    basis = "Assumption: " + param.assumption.strip() if param.assumption else "Default taken from the sources."
    percent = param.max <= 1.0
    widget = f"slider:{pname}"
    st.session_state[widget] = round(st.session_state[key] * 100) if percent else st.session_state[key]
    effect = f"From its lowest to its highest value it moves the chance of access outside trials by {swing * 100:.0f} points."
    st.slider(
        md_escape(param.label),
        min_value=param.min * 100 if percent else param.min,
        max_value=param.max * 100 if percent else param.max,
        step=1.0 if percent else 0.01,
        key=widget,
        help=f"{md_escape(param.explain.strip())}\n\n{md_escape(basis)}\n\nDefault in this scenario: {default:.0%}.\n\n{effect}"
        if percent
        else f"{md_escape(param.explain.strip())}\n\n{effect}",
        format="%.0f%%" if percent else "%.2f",
        on_change=_store,
        args=(pname, percent),
    )


def assumption_sliders(view: View) -> None:
    """Sidebar sliders, largest effect on this country's answer first."""
    controls = {pname: param for pname, param, _steps in view.controls}
    if not controls:
        return
    order = influence_order(view.text, view.country, tuple(controls))
    with st.sidebar:
        st.divider()
        st.markdown("**Assumptions** — change them and the answer updates")
        st.caption(f"The {min(SHOWN, len(order))} that move the answer for {md_escape(view.country)} most come first.")
        with st.container(key="assumptions"):
            for pname, swing in order[:SHOWN]:
                _slider(view, pname, controls[pname], swing)
            rest = order[SHOWN:]
            if rest:
                with st.expander(f"{len(rest)} more assumptions (smaller effect here)"):
                    for pname, swing in rest:
                        _slider(view, pname, controls[pname], swing)
            if st.button("Reset assumptions", width="stretch"):
                for pname, param in controls.items():
                    st.session_state[f"param:{pname}"] = float(view.composition.scenario.parameters.get(pname, param.default))
                st.rerun()
