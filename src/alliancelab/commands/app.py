"""``alliancelab app``: serve the local web app (:mod:`alliancelab.app`) with Solara, on 127.0.0.1 by default.

The app is an optional extra (``pip install 'alliancelab[app]'``); without it the command says so in one
line. Solara's usage telemetry and its check for a newer version are switched off: the app never calls out.
"""

from __future__ import annotations

import importlib.util
import os
import socket

import typer

from alliancelab.commands._common import REPORTS_PANEL, console
from alliancelab.errors import UserInputError

__all__ = ["LOCAL_HOSTS", "app_command", "available_port", "register", "solara_arguments"]

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
MISSING = "the web app needs Solara: install the app extra with pip install 'alliancelab[app]'"


def available_port(host: str, port: int) -> int:
    """``port`` if it is free on ``host`` (a free one if ``port`` is 0); a one-line error otherwise."""
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.bind((host, port))
            return int(probe.getsockname()[1])
    except socket.gaierror:
        raise UserInputError(f"--host {host}: not an address of this machine") from None
    except OSError as err:
        hint = "choose another with --port, or --port 0 for any free one"
        raise UserInputError(
            f"--port {port}: cannot listen on {host}:{port} ({err.strerror}); {hint}"
        ) from None


def solara_arguments(host: str, port: int, open_browser: bool) -> list[str]:
    """The ``solara run`` command line that serves the app (production mode: no reloader, no dev tools)."""
    return [
        "alliancelab.app.main",
        "--host",
        host,
        "--port",
        str(port),
        "--production",
        "--no-check-version",
        "--open" if open_browser else "--no-open",
        "--log-level",
        "warning",
    ]


def app_command(
    host: str = typer.Option(
        "127.0.0.1", "--host", metavar="HOST", help="Address to listen on (default: this machine only)."
    ),
    port: int = typer.Option(
        8765, "--port", min=0, max=65535, metavar="PORT", help="Port (0: any free port)."
    ),
    open_browser: bool = typer.Option(False, "--open/--no-open", help="Open the app in a browser."),
) -> None:
    """Start the local web app: formation sliders, coalition planner, runs, episodes, evidence."""
    if importlib.util.find_spec("solara") is None:
        raise UserInputError(MISSING)
    port = available_port(host, port)  # checked before Solara starts, so a busy port is one line
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    if host not in LOCAL_HOSTS:
        console.print(
            f"warning: listening on {host}: other machines on the network can open the app", soft_wrap=True
        )
    console.print(
        f"AllianceLab app: open http://{host}:{port}/ in a browser (Ctrl-C stops it)", soft_wrap=True
    )
    from solara.__main__ import run as solara_run

    solara_run.main(args=solara_arguments(host, port, open_browser), standalone_mode=False)


def register(app: typer.Typer) -> None:
    """Add ``alliancelab app`` to the main app."""
    app.command("app", rich_help_panel=REPORTS_PANEL)(app_command)
