"""The local web app (``alliancelab app``): pages over the library, built with Solara.

:mod:`alliancelab.app.logic` holds what the pages compute (no UI, tested directly),
:mod:`alliancelab.app.pages` the Solara components, and :mod:`alliancelab.app.main` the routes ``solara run``
serves. Solara is an optional dependency: ``pip install 'alliancelab[app]'``.
"""

__all__: list[str] = []
