"""The ``alliancelab`` command: a thin shell over the library.

Each command group lives in :mod:`alliancelab.commands` and calls one library function; no model logic lives
here. User errors (:class:`~alliancelab.errors.UserInputError`), usage errors (an unknown option, a value of
the wrong type) and files that cannot be read or written print one line ``error: ...`` and exit with code 2.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer.core import TyperGroup

from alliancelab.commands import burden, coalition, data, data_build, dynamics, evidence, formation
from alliancelab.commands._common import console, error_console
from alliancelab.errors import UserInputError
from alliancelab.provenance import __version__
from alliancelab.references import bibliography, cite

# `alliancelab --help` lists the commands in panels (each module names its own), in this order.
COMMAND_ORDER = (
    "formation",
    "realign",
    "maintain",
    "burden",
    "legitimacy",
    "coalition",
    "data",
    "cite",
    "version",
)


class _OrderedGroup(TyperGroup):
    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        rank = {name: i for i, name in enumerate(COMMAND_ORDER)}
        return sorted(names, key=lambda name: rank.get(name, len(rank)))


app = typer.Typer(
    name="alliancelab",
    cls=_OrderedGroup,
    help="AllianceLab: the theory of asymmetric alliances, executable.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

for group in (formation, dynamics, burden, coalition, data, data_build, evidence):
    group.register(app)

ABOUT_PANEL = "About"


@app.command("cite", rich_help_panel=ABOUT_PANEL)
def cite_command(
    keys: list[str] = typer.Argument(None, help="Citation keys; none cites AllianceLab itself."),
    list_keys: bool = typer.Option(False, "--list", help="List every known key."),
) -> None:
    """Print BibTeX for the given citation keys (see `--list`)."""
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


def _usage_error(exc: typer.TyperException) -> int:
    """One line for a usage error (with where to find help); the full help when none was asked for."""
    ctx = getattr(exc, "ctx", None)
    if type(exc).__name__ == "NoArgsIsHelpError" and callable(getattr(exc, "show", None)):
        exc.show()  # type: ignore[attr-defined]  # a bare group: its help is the answer
        return int(exc.exit_code)
    format_message = getattr(exc, "format_message", None)
    message = format_message() if callable(format_message) else str(exc)
    hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
    _error(" ".join(str(message).split()) + hint)
    return int(exc.exit_code)


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` and return the exit code (no ``SystemExit``)."""
    try:
        result = app(
            args=list(argv) if argv is not None else None, standalone_mode=False, prog_name="alliancelab"
        )
    except UserInputError as err:
        _error(str(err))
        return 2
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.TyperException as exc:  # usage errors: unknown option, bad value, missing argument
        return _usage_error(exc)
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
