"""The pages of the web app: thin Solara components that call :mod:`alliancelab.app.logic` and show its views.

Sections (paragraphs, figures, tables) are shown with the HTML of the report (:mod:`alliancelab.report.html`),
which escapes every string, so the app and ``alliancelab report`` show a result the same way. The CSS classes
``al-*`` name what the browser tests look for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reacton.ipyvuetify as rv
import solara

from alliancelab.app import logic
from alliancelab.cases import case_names
from alliancelab.errors import UserInputError
from alliancelab.report.html_cases import SWEEP_PARAMETERS

__all__ = ["CoalitionPage", "EvidencePage", "FormationPage", "Home", "Sections", "TargetPage"]


@solara.component
def Sections(view: logic.PageView) -> None:
    """A view's error line, or its title and sections."""
    if view.error:
        solara.Error(view.error, classes=["al-error"])
        return
    if view.title:
        solara.HTML(tag="h2", unsafe_innerHTML=_escape(view.title), classes=["al-title"])
    for section in view.sections:
        solara.HTML(tag="div", unsafe_innerHTML=section.to_html(), classes=["al-section"])


def _escape(text: str) -> str:
    import html

    return html.escape(text)


@solara.component
def SettledSlider(
    label: str,
    value: float,
    lo: float,
    hi: float,
    step: float,
    on_settle: Callable[[float], None],
    disabled: bool,
) -> None:
    """A slider that reports its value when it settles (mouse released, key pressed), not at every pixel of a
    drag: each value redraws a figure, and a drag would queue dozens of them."""
    slider = rv.Slider(
        v_model=value, label=label, min=lo, max=hi, step=step, thumb_label=True, hide_details=True,
        disabled=disabled,
    )  # fmt: skip
    rv.use_event(slider, "change", lambda _widget, _event, data: on_settle(float(data)))


@solara.component
def Home() -> None:
    solara.Title("AllianceLab")
    # static text as HTML, not solara.Markdown: that one loads KaTeX from a CDN the app must not call
    solara.HTML(
        tag="div",
        unsafe_innerHTML="<h1>AllianceLab</h1><p>The theory of asymmetric alliances, executable: move from a "
        "seed's claim to the model, the simulation and the data without writing code.</p><ul>"
        "<li><b>Formation</b>: a worked case with sliders for its parameters; the comparative statics "
        "follow.</li>"
        "<li><b>Coalition</b>: edit or upload a mission and see whom the cheapest coalition buys, and with "
        "what.</li>"
        "<li><b>Runs</b>, <b>Episodes</b>, <b>Evidence</b>: the outputs of a simulated run, an episode and "
        "the evidence tests, from the folder or file they were written to.</li></ul>"
        "<p>Every page calls the same library functions as the command line, and <code>alliancelab report "
        "TARGET</code> writes the same figures and tables to one HTML file.</p>",
    )


@solara.component
def FormationPage() -> None:
    solara.Title("AllianceLab: formation")
    cases = case_names("formation")
    case, set_case = solara.use_state(cases[0])
    parameter, set_parameter = solara.use_state("T")
    overrides, set_overrides = solara.use_state({})
    sliders = solara.use_memo(lambda: logic.formation_sliders(case), [case])
    key = (case, parameter, tuple(sorted(overrides.items())))
    view = solara.use_memo(lambda: logic.formation_view(case, overrides, parameter), [key])

    def choose_case(name: str) -> None:
        set_overrides({})
        set_case(name)

    def setter(field: str) -> Callable[[float], None]:
        return lambda value: set_overrides(lambda old: {**old, field: value})

    with solara.Columns([1, 2]):
        with solara.Column():
            solara.Select("case", values=cases, value=case, on_value=choose_case)
            solara.Select(
                "sweep over", values=list(SWEEP_PARAMETERS), value=parameter, on_value=set_parameter
            )
            for slider in sliders:
                value = overrides.get(slider.field, slider.value)
                with solara.Div(classes=[f"al-slider-{slider.field}"]):
                    SettledSlider(
                        f"{slider.label} = {value:.4g}",
                        value,
                        slider.lo,
                        slider.hi,
                        slider.step,
                        setter(slider.field),
                        disabled=slider.field == parameter,  # the sweep sets it
                    )
            solara.Button("reset to the case", on_click=lambda: set_overrides({}), text=True)
        with solara.Column():
            if view.error:
                solara.Error(view.error, classes=["al-error"])
            if view.figure is not None:
                solara.HTML(tag="div", unsafe_innerHTML=view.figure.to_html(), classes=["al-figure"])
            if view.solution is not None:
                solara.HTML(tag="div", unsafe_innerHTML=view.solution.to_html(), classes=["al-solution"])
            for line in view.explanation:
                solara.Text(line)


@solara.component
def CoalitionPage() -> None:
    solara.Title("AllianceLab: coalition planner")
    example = solara.use_memo(logic.example_mission_text, [])
    text, set_text = solara.use_state(example)
    source, set_source = solara.use_state(f"{logic.EXAMPLE_MISSION}.toml")
    draws, set_draws = solara.use_state(200)
    seed, set_seed = solara.use_state(20261121)
    view, set_view = solara.use_state(logic.PageView())

    def plan(mission_text: str, name: str) -> None:
        set_view(logic.plan_view(mission_text, name, draws=draws or 0, rng=seed or 0))

    def on_upload(files: Any) -> None:
        if not files:
            return
        upload = files[0]
        name = str(upload["name"])
        try:
            uploaded = logic.decode_upload(name, bytes(upload["content"]))
        except UserInputError as err:
            set_view(logic.PageView(error=f"error: {err}"))
            return
        set_text(uploaded)
        set_source(name)
        plan(uploaded, name)

    import ipywidgets

    solara.Style(".al-editor textarea { font-family: monospace; font-size: 12px; line-height: 1.35; }")
    with solara.Columns([2, 3]):
        with solara.Column():
            solara.Text(
                "Edit the mission below, or upload a mission file (.toml, the format of "
                "cases/missions/example-mission.toml), then run the optimizer."
            )
            with solara.Row():
                with solara.Div(classes=["al-upload"]):
                    ipywidgets.FileUpload.element(accept=".toml", multiple=False, on_value=on_upload)
                solara.Button(
                    "Run the optimizer",
                    on_click=lambda: plan(text, source),
                    color="primary",
                    classes=["al-run"],
                )
            with solara.Row():
                solara.InputInt("Monte Carlo draws", value=draws, on_value=set_draws)
                solara.InputInt("seed", value=seed, on_value=set_seed)
            with solara.Div(classes=["al-editor"]):
                solara.InputTextArea(
                    f"mission (TOML): {source}", value=text, on_value=set_text, rows=24, auto_grow=False
                )
        with solara.Column():
            Sections(view)


@solara.component
def TargetPage(heading: str, intro: str, label: str) -> None:
    """A page that shows the report of a folder or file the user names (runs, episodes, evidence)."""
    solara.Title(f"AllianceLab: {heading.lower()}")
    target, set_target = solara.use_state("")
    view = solara.use_memo(lambda: logic.target_view(target), [target])
    solara.HTML(tag="h2", unsafe_innerHTML=_escape(heading))
    solara.Info(intro, classes=["al-intro"])
    with solara.Div(classes=["al-target"]):
        solara.InputText(label, value=target, on_value=set_target, continuous_update=False)
    Sections(view)


@solara.component
def EvidencePage() -> None:
    import importlib.util

    ready = importlib.util.find_spec("alliancelab.analysis.evidence") is not None
    TargetPage(
        "Evidence",
        "Give an evidence folder (written by alliancelab evidence run --out DIR) to see the pre-registered "
        "tests' verdicts, estimates and figures, or a dyad-year file built from the real data (alliancelab "
        "data build --years 1946-2014 --add atop,un --out dyads.parquet) to see whether allies vote with "
        "their patron in the UN General Assembly."
        + ("" if ready else " Not available yet: this version has no evidence tests (issue 10)."),
        "evidence folder or dyad-year .parquet file",
    )
