"""The ``alliancelab`` command: a thin shell over the library.

Each command group lives in :mod:`alliancelab.commands` and calls one library function; no model logic lives
here. Commands are registered in :data:`LAZY_COMMANDS` (one entry each: name, panel, module, one-line help)
and imported only when they run or show their own help, so ``alliancelab --help`` and ``version`` start fast.
User errors (:class:`~alliancelab.errors.UserInputError`), usage errors (an unknown option, a value of
the wrong type) and files that cannot be read or written print one line ``error: ...`` and exit with code 2.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from alliancelab.commands._common import (
    COALITIONS_PANEL,
    DATA_PANEL,
    MODELS_PANEL,
    REPORTS_PANEL,
    SIM_PANEL,
    console,
    error_console,
)
from alliancelab.errors import UserInputError
from alliancelab.provenance import __version__


@dataclass(frozen=True)
class LazyCommand:
    """A command whose module is imported only when it runs or shows its own help.

    ``modules`` each have a ``register(app)`` function that adds the command to a typer app; ``help`` is
    the one line ``alliancelab --help`` shows (a test checks it against the command's own docstring).
    """

    name: str
    panel: str
    modules: tuple[str, ...]
    help: str


def _lazy(name: str, help: str, panel: str = MODELS_PANEL, *modules: str) -> LazyCommand:
    return LazyCommand(name, panel, tuple(f"alliancelab.commands.{m}" for m in modules or (name,)), help)


# `alliancelab --help` lists the commands in this order, in panels. A new command is one line here:
# _lazy(name, one-line help = the first line of its docstring, panel, modules in alliancelab.commands).
LAZY_COMMANDS: tuple[LazyCommand, ...] = (
    _lazy("formation", "Solve the formation bargain: deficit, reservation payment, patron's maximum, offer."),
    _lazy("realign", "The rival-patron contest for one client: both best offers, the client's choice, why."),
    _lazy("maintain", "One dyad's path in time: reviews, renegotiations, leader and regime changes."),
    _lazy("burden", "Burden-sharing: alliance control (Goldilocks pressure) and free riding."),
    _lazy("legitimacy", "Score states for a contested action: legitimating weight, vote and support."),
    _lazy(
        "coalition", "Coalition market (Henke 2019): her operations and your own mission.", COALITIONS_PANEL
    ),
    _lazy(
        "episode",
        "Run a historical episode year by year and compare each phase's prediction with what happened.",
        MODELS_PANEL,
        "episodes",
    ),
    _lazy("episodes", "Libraries of historical episodes.", MODELS_PANEL, "episodes"),
    _lazy("scenario", "Scenario files of the composed world: new, list, show.", SIM_PANEL, "sim"),
    _lazy(
        "run",
        "Simulate a scenario: Parquet tables, DuckDB views and a manifest in a run directory (resumable).",
        SIM_PANEL,
        "sim",
    ),
    _lazy(
        "sweep",
        "Run a grid of scenario variants (one run directory per cell) and a combined hypotheses table.",
        SIM_PANEL,
        "sim",
    ),
    _lazy(
        "hypotheses",
        "Estimate the seeds' predictions on a simulated run: claim, seed, estimate, 95% CI, n, holds.",
        SIM_PANEL,
        "sim",
    ),
    _lazy(
        "data",
        "Real data: fetch, list, describe, cite and build dyad-years.",
        DATA_PANEL,
        "data",
        "data_build",
    ),
    _lazy(
        "evidence",
        "The seeds' pre-registered claims confronted with the real data (and a simulated run).",
        DATA_PANEL,
    ),
    _lazy(
        "report",
        "Write one self-contained HTML report: figures, tables, the run manifest and the BibTeX used.",
        REPORTS_PANEL,
    ),
    _lazy(
        "app",
        "Start the local web app: formation sliders, coalition planner, runs, episodes, evidence.",
        REPORTS_PANEL,
    ),
)
ABOUT_PANEL = "About"
COMMAND_ORDER = (*(c.name for c in LAZY_COMMANDS), "cite", "version")


def load_command(entry: LazyCommand) -> Any:
    """Import ``entry``'s modules and build its click command, exactly as an eager registration would."""
    scratch = typer.Typer(rich_markup_mode="rich", add_completion=False)
    for module in entry.modules:
        importlib.import_module(module).register(scratch)
    return typer.main.get_group(scratch).commands[entry.name]


class _LazyGroup(TyperGroup):
    """The main group: commands from :data:`LAZY_COMMANDS` are imported on first use, not at start-up.

    Listing them (``alliancelab --help``) needs only the static table, so start-up imports neither the
    models nor pandas, scipy or matplotlib.
    """

    _listing = False
    _loaded: dict[str, Any]

    def list_commands(self, ctx: Any) -> list[str]:
        names = [*COMMAND_ORDER, *(n for n in super().list_commands(ctx) if n not in COMMAND_ORDER)]
        return list(dict.fromkeys(names))

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        entry = next((c for c in LAZY_COMMANDS if c.name == cmd_name), None)
        if entry is None:
            return super().get_command(ctx, cmd_name)
        if self._listing:  # the one-line help of `alliancelab --help`: no import
            return TyperCommand(
                entry.name, help=entry.help, short_help=entry.help, rich_help_panel=entry.panel
            )
        if not hasattr(self, "_loaded"):
            self._loaded = {}
        if cmd_name not in self._loaded:
            self._loaded[cmd_name] = load_command(entry)
        return self._loaded[cmd_name]

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False


app = typer.Typer(
    name="alliancelab",
    cls=_LazyGroup,
    help="AllianceLab: the theory of asymmetric alliances, executable.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


@app.command("cite", rich_help_panel=ABOUT_PANEL)
def cite_command(
    keys: list[str] = typer.Argument(
        None, metavar="KEY", help="Citation keys; none cites AllianceLab itself."
    ),
    list_keys: bool = typer.Option(False, "--list", help="List every known key."),
) -> None:
    """Print BibTeX for the given citation keys (see `--list`)."""
    from alliancelab.references import bibliography, cite

    if list_keys:
        for key in bibliography():
            console.print(key, highlight=False)
        return
    sys.stdout.write(cite(*(keys or ["alliancelab"])) + "\n")  # plain text: BibTeX must not be wrapped


@app.command("version", rich_help_panel=ABOUT_PANEL)
def version_command() -> None:
    """Print the AllianceLab version."""
    console.print(f"alliancelab {__version__}")


def _error(message: str) -> None:
    error_console.print(f"error: {message}", highlight=False, markup=False, soft_wrap=True)


def _typed_value(exc: Exception, argv: Sequence[str]) -> str | None:
    """The value the user typed for the option a :class:`typer.BadParameter` is about (None if unknown)."""
    param = getattr(exc, "param", None)
    if not isinstance(exc, typer.BadParameter) or not param or not getattr(param, "opts", None):
        return None
    for i, arg in enumerate(argv):
        for opt in param.opts:
            if arg == opt and i + 1 < len(argv):
                return argv[i + 1]
            if arg.startswith(opt + "="):
                return arg[len(opt) + 1 :]
    return None


def _usage_error(exc: typer.TyperException, argv: Sequence[str]) -> int:
    """One line for a usage error, repeating the value typed and where to find help.

    A bare group (``alliancelab data``) shows its full help instead: that is the answer.
    """
    ctx = getattr(exc, "ctx", None)
    if type(exc).__name__ == "NoArgsIsHelpError" and callable(getattr(exc, "show", None)):
        exc.show()  # type: ignore[attr-defined]
        return int(exc.exit_code)
    format_message = getattr(exc, "format_message", None)
    message = " ".join(str(format_message() if callable(format_message) else exc).split())
    typed = _typed_value(exc, argv)
    if typed is not None and repr(typed) not in message and f" {typed} " not in f" {message} ":
        message += f" (you typed {typed!r})"
    hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
    _error(message + hint)
    return int(exc.exit_code)


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` and return the exit code (no ``SystemExit``)."""
    args = list(argv) if argv is not None else sys.argv[1:]
    try:
        result = app(args=args, standalone_mode=False, prog_name="alliancelab")
    except UserInputError as err:
        _error(str(err))
        return 2
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.TyperException as exc:  # usage errors: unknown option, bad value, missing argument
        return _usage_error(exc, args)
    except OSError as err:  # an output folder that cannot be written, a disk that is full, ...
        where = f": {err.filename}" if err.filename else ""
        _error(f"{err.strerror or err}{where}")
        return 2
    except typer.Abort:
        error_console.print("aborted")
        return 1
    except KeyboardInterrupt:
        error_console.print("interrupted")
        return 130
    return result if isinstance(result, int) else 0


def main() -> None:
    """Console-script entry point."""
    sys.exit(run())


if __name__ == "__main__":
    main()
