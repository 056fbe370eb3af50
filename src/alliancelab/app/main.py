"""The app's routes: ``solara run alliancelab.app.main`` serves them (``alliancelab app`` does it for you)."""

from __future__ import annotations

import solara

from alliancelab.app.pages import CoalitionPage, EvidencePage, FormationPage, Home
from alliancelab.app.pages_worlds import EpisodePage, RunPage

__all__ = ["routes"]

routes = [
    solara.Route(path="/", component=Home, label="Home"),
    solara.Route(path="formation", component=FormationPage, label="Formation"),
    solara.Route(path="coalition", component=CoalitionPage, label="Coalition"),
    solara.Route(path="runs", component=RunPage, label="Runs"),
    solara.Route(path="episodes", component=EpisodePage, label="Episodes"),
    solara.Route(path="evidence", component=EvidencePage, label="Evidence"),
]
