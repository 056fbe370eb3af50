"""The Runs and Episodes pages: thin Solara components over :mod:`alliancelab.app.logic_worlds`."""

from __future__ import annotations

import solara

from alliancelab.app import logic_worlds
from alliancelab.app.logic import PageView
from alliancelab.app.pages import Sections

__all__ = ["EpisodePage", "RunPage"]

SIMULATION = "alliancelab.sim.runner"  # the world simulation (issue 8)
NOT_YET = "Not available yet: this version has no"


@solara.component
def RunPage() -> None:
    solara.Title("AllianceLab: simulation runs")
    folders = solara.use_memo(logic_worlds.run_folders, [])
    run_dir, set_run_dir = solara.use_state(folders[0] if folders else "")
    view = solara.use_memo(lambda: logic_worlds.run_view(run_dir), [run_dir])
    year, set_year = solara.use_state(0)
    run, set_run = solara.use_state(0)
    estimated, set_estimated = solara.use_state(PageView())
    shown_year = year if view.first_year <= year <= view.last_year else view.last_year
    network = solara.use_memo(
        lambda: logic_worlds.network_view(run_dir, run=run, year=shown_year) if view.title else None,
        [run_dir, run, shown_year, view.title],
    )

    def choose(folder: str) -> None:
        set_estimated(PageView())
        set_run_dir(folder)

    solara.HTML(tag="h2", unsafe_innerHTML="Simulation runs")
    solara.Info(
        "A run folder written by `alliancelab run SCENARIO` (Parquet tables, DuckDB views, manifest.json): "
        "who is aligned with whom by year, one run's alliance network in a year, what the patrons paid, and "
        "the seeds' hypotheses on the simulated world."
        + ("" if logic_worlds.available(SIMULATION) else f" {NOT_YET} world simulation (issue 8)."),
        classes=["al-intro"],
    )
    with solara.Div(classes=["al-target"]):
        if folders:
            solara.Select("runs under alliancelab-out/", values=folders, value=run_dir, on_value=choose)
        solara.InputText("run folder", value=run_dir, on_value=choose, continuous_update=False)
    if view.error:
        solara.Error(view.error, classes=["al-error"])
        return
    if not view.title:
        return
    with solara.Columns([1, 2]):
        with solara.Column():
            with solara.Div(classes=["al-slider-year"]):
                solara.SliderInt(f"year = {shown_year}", value=shown_year, min=view.first_year,
                                 max=view.last_year, on_value=set_year)  # fmt: skip
            solara.SliderInt(f"run = {run}", value=run, min=0, max=max(view.runs - 1, 0), on_value=set_run)
            if network is not None and network.table is not None:
                solara.HTML(tag="div", unsafe_innerHTML=network.table.to_html())
        with solara.Column():
            if network is not None and network.error:
                solara.Error(network.error, classes=["al-error"])
            if network is not None and network.figure is not None:
                solara.HTML(tag="div", unsafe_innerHTML=network.figure.to_html(), classes=["al-figure"])
    Sections(PageView(view.title, view.sections))
    if not view.has_hypotheses:
        solara.Button(
            "Estimate the hypotheses (S-* tests; takes a while on a large run)",
            on_click=lambda: set_estimated(logic_worlds.hypotheses_view(run_dir)),
            classes=["al-run"],
        )
        Sections(estimated)


@solara.component
def EpisodePage() -> None:
    solara.Title("AllianceLab: episodes")
    names = solara.use_memo(logic_worlds.episode_names, [])
    first = "us-pakistan-1954-2012" if "us-pakistan-1954-2012" in names else (names[0] if names else "")
    episode, set_episode = solara.use_state(first)
    view = solara.use_memo(lambda: logic_worlds.episode_view(episode), [episode])
    solara.HTML(tag="h2", unsafe_innerHTML="Episodes")
    solara.Info(
        "A historical episode run year by year through its events: the contract and alignment over time, "
        "each phase's prediction against what happened, and the inequality that decided each year."
        + ("" if names else f" {NOT_YET} episode library (issue 11)."),
        classes=["al-intro"],
    )
    if not names:
        return
    with solara.Div(classes=["al-target"]):
        solara.Select("shipped episode", values=names, value=episode if episode in names else None,
                      on_value=set_episode)  # fmt: skip
        solara.InputText("or an episode file", value=episode, on_value=set_episode, continuous_update=False)
    Sections(view)
