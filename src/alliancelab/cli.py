"""The ``alliancelab`` command: a thin shell over the library.

Each command group lives in :mod:`alliancelab.commands` and calls one library function; no model logic lives
here. User errors (:class:`~alliancelab.errors.UserInputError`) print one line and exit with code 2.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import typer

from alliancelab.commands import burden, coalition, data, data_build, dynamics, formation
from alliancelab.commands._common import console, error_console
from alliancelab.errors import UserInputError
from alliancelab.provenance import __version__
from alliancelab.references import bibliography, cite

app = typer.Typer(
    name="alliancelab",
    help="AllianceLab: the theory of asymmetric alliances, executable.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

for group in (formation, dynamics, burden, coalition, data, data_build):
    group.register(app)


@app.command("version")
def version_command() -> None:
    """Print the AllianceLab version."""
    console.print(f"alliancelab {__version__}")


@app.command("cite")
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


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` and return the exit code (no ``SystemExit``)."""
    try:
        result = app(
            args=list(argv) if argv is not None else None, standalone_mode=False, prog_name="alliancelab"
        )
    except UserInputError as err:
        error_console.print(f"error: {err}", highlight=False, markup=False, soft_wrap=True)
        return 2
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.TyperException as exc:  # usage errors: unknown option, bad value, missing argument
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            error_console.print(f"error: {exc.format_message()}", markup=False)
        return int(exc.exit_code)
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
