"""The Ask page's assumption sliders: the few that move this country's answer most, the rest folded away."""

from __future__ import annotations

import streamlit as st

from pathways.formatting import percent_text
from pathways.i18n import _, ngettext, yaml_text
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
    basis = (
        _("Assumption: {reason}").format(reason=yaml_text(param, "assumption").strip())
        if param.assumption
        else _("Default taken from the sources.")
    )
    percent = param.max <= 1.0
    widget = f"slider:{pname}"
    st.session_state[widget] = round(st.session_state[key] * 100) if percent else st.session_state[key]
    effect = _("From its lowest to its highest value it moves the chance of access outside trials by {points} points.").format(
        points=f"{swing * 100:.0f}"
    )
    explain = md_escape(yaml_text(param, "explain").strip())
    st.slider(
        md_escape(yaml_text(param, "label")),
        min_value=param.min * 100 if percent else param.min,
        max_value=param.max * 100 if percent else param.max,
        step=1.0 if percent else 0.01,
        key=widget,
        help=f"{explain}\n\n{md_escape(basis)}\n\n"
        + _("Default in this scenario: {value}.").format(value=percent_text(round(default * 100)))
        + f"\n\n{effect}"
        if percent
        else f"{explain}\n\n{effect}",
        format=(_("%.0f%%") if percent else "%.2f"),
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
        st.markdown(_("**Assumptions** — change them and the answer updates"))
        st.caption(
            _("The {count} that move the answer for {country} most come first.").format(
                count=min(SHOWN, len(order)), country=md_escape(view.country)
            )
        )
        with st.container(key="assumptions"):
            for pname, swing in order[:SHOWN]:
                _slider(view, pname, controls[pname], swing)
            rest = order[SHOWN:]
            if rest:
                with st.expander(
                    ngettext(
                        "{count} more assumption (smaller effect here)",
                        "{count} more assumptions (smaller effect here)",
                        len(rest),
                    ).format(count=len(rest))
                ):
                    for pname, swing in rest:
                        _slider(view, pname, controls[pname], swing)
            if st.button(_("Reset assumptions"), width="stretch"):
                for pname, param in controls.items():
                    st.session_state[f"param:{pname}"] = float(view.composition.scenario.parameters.get(pname, param.default))
                st.rerun()
