"""The model parameters a command sets by name: one table, shared by ``formation``, ``realign``, ``maintain``.

Each parameter is a named option (``--d 0.8``, ``--theta-sd 0.03``), grouped in ``--help`` by panel, and can
also be given as ``--set NAME=VALUE`` (``--set d=0.8``, ``--set theta_sd=0.03``). :func:`with_parameters` adds
the options of the chosen tables (and ``--set``) to a typer command, so the three commands cannot drift apart;
the command receives one mapping, ``parameters``, from the library's field name to the value given.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import typer

from alliancelab.commands._common import parse_assignments, parse_number
from alliancelab.errors import UserInputError
from alliancelab.theory.maintenance import MaintenanceParams
from alliancelab.theory.realignment import ContestParams

__all__ = [
    "CASE_OPTIONS",
    "CONTEST_OPTIONS",
    "DYNAMICS_OPTIONS",
    "MODE_OPTION",
    "RIVAL_FIELDS",
    "ParameterOption",
    "case_option",
    "option_names",
    "rival_option",
    "with_parameters",
]

CASE_PANEL = "Client and incumbent parameters (override the case)"
LEADER_PANEL = "Client leader parameters (selectorate; override the case)"
CONTEST_PANEL = "Contest parameters"
DYNAMICS_PANEL = "Dynamics parameters"


@dataclass(frozen=True, slots=True)
class ParameterOption:
    """One settable parameter: the library's field name, its help line and its ``--help`` panel."""

    field: str
    help: str
    panel: str
    integer: bool = False
    choices: tuple[str, ...] = ()
    default: float | None = None  # shown in --help; None where the case file sets the value

    @property
    def name(self) -> str:
        """The name in ``--set`` and ``--sweep`` (``lambda`` for the field ``lambda_``)."""
        return self.field.rstrip("_")

    @property
    def flag(self) -> str:
        """The option, e.g. ``--d``, ``--lambda``, ``--theta-sd``."""
        return "--" + self.name.replace("_", "-")

    @property
    def argument(self) -> str:
        """The Python parameter name typer passes the value under (never clashes with a command's own)."""
        return f"parameter_{self.field}"

    @property
    def metavar(self) -> str:
        return "|".join(self.choices) if self.choices else ("INT" if self.integer else "NUM")

    def parse(self, where: str, text: str) -> float | int | str:
        """The value of ``text`` for this parameter; ``where`` names the option in errors."""
        if self.choices:
            return text.strip().upper()  # the model checks the choice and suggests the closest one
        return self.convert(where, parse_number(where, text))

    def convert(self, where: str, value: float) -> float | int:
        """``value`` as the parameter's type: whole-number parameters reject fractions."""
        if not self.integer:
            return value
        if not value.is_integer():
            raise UserInputError(f"{where}: {value:g} is not a whole number")
        return int(value)


def _case(field: str, help: str) -> ParameterOption:
    return ParameterOption(field, help, CASE_PANEL)


def _leader(field: str, help: str) -> ParameterOption:
    return ParameterOption(field, help, LEADER_PANEL)


def _library_default(cls: type[Any], field: str) -> float:
    value: Any = next(f.default for f in dataclasses.fields(cls) if f.name == field)
    return float(value)


def _contest(field: str, help: str) -> ParameterOption:
    return ParameterOption(field, help, CONTEST_PANEL, default=_library_default(ContestParams, field))


def _dynamics(field: str, help: str, integer: bool = False) -> ParameterOption:
    default = _library_default(MaintenanceParams, field)
    return ParameterOption(field, help, DYNAMICS_PANEL, integer=integer, default=default)


MODE_OPTION = ParameterOption("mode", "Package mode: FIXED or FLEX.", CASE_PANEL, choices=("FIXED", "FLEX"))

# Formation fields (FormationParams) and the client leader's (SelectorateParams), as in a formation case file.
CASE_OPTIONS: tuple[ParameterOption, ...] = (
    MODE_OPTION,
    _case("T", "Threat intensity, [0, 1)."),
    _case("phi", "Own-capability ratio, [0, 1]."),
    _case("chi", "Common-threat share with the patron, [-1, 1]."),
    _case("q0", "Patron's baseline protection, [0, 1]."),
    _case("d", "Interest divergence, [0, 1]."),
    _case("sal", "Salience of concessions, > 0."),
    _case("omega0", "Baseline autonomy cost, [0, 1)."),
    _case("mu", "Leader's utils per USD m (overrides the leader table)."),
    _case("v", "Patron's value of full concessions, USD m/yr."),
    _case("c", "Patron's commitment cost, USD m/yr."),
    _case("budget", "Patron's side-payment budget, USD m/yr."),
    _case("alpha", "Weight on security, (0, 1)."),
    _case("a0", "alpha = clip(a0 + a1*T) intercept."),
    _case("a1", "alpha = clip(a0 + a1*T) slope."),
    _case("package", "FIXED package, [0, 1]."),
    _case("beta0", "Client's Nash weight, [0, 1]."),
    _case("eps", "Domain guard on x*delta."),
    _leader("W", "Winning coalition, (0, 1], W <= S."),
    _leader("S", "Selectorate, (0, 1]."),
    _leader("r", "Leader's domestic revenue, USD m/yr."),
    _leader("h", "Leader's deposition hazard, [0, 1]."),
    _leader("mu0", "Scale of mu."),
    _leader("gamma", "Elasticity of the payment in W."),
    _leader("lambda_", "Elasticity of mu in S."),
    _leader("eta", "Elasticity of the payment in 1 + r/rbar."),
    _leader("zeta", "Signed effect of instability on mu."),
    _leader("rbar", "Revenue scale, USD m/yr."),
)

# The incumbent's credibility and the switching cost (ContestParams; MaintenanceParams has them too).
CONTEST_OPTIONS: tuple[ParameterOption, ...] = (
    _contest("tau", "Switching cost tau (utils) of an aligned client moving to the rival, >= 0."),
    _contest("credibility", "pi_H: probability that the incumbent's payments are delivered, (0, 1]."),
)

# MaintenanceParams beyond the dyad, the leader and the contest (checked against the dataclass by a test).
DYNAMICS_OPTIONS: tuple[ParameterOption, ...] = (
    _dynamics("theta_H", "Incumbent patron's ideal point theta_H, [0, 1]."),
    _dynamics("theta_sd", "s_theta: yearly sd of the client's ideal-point drift, >= 0."),
    _dynamics("threat_persistence", "rho_T: persistence of the threat around its start, [0, 1]."),
    _dynamics("threat_sd", "s_T: yearly sd of threat shocks, >= 0."),
    _dynamics("growth", "g: mean yearly growth of ln K (client capability), [-1, 1]."),
    _dynamics("capability_sd", "s_K: yearly sd of ln K growth, >= 0."),
    _dynamics("regime_hazard_base", "rc0: regime-change hazard intercept, per year, [0, 1]."),
    _dynamics("regime_hazard_slope", "rc1: regime-change hazard slope in the leader hazard, >= 0."),
    _dynamics("regime_shift_mean", "m_RC: mean ideal-point shift away from the patron at a regime change."),
    _dynamics("regime_shift_sd", "s_RC: sd of that shift, >= 0."),
    _dynamics("democratization_prob", "Probability that a regime change democratizes, [0, 1]."),
    _dynamics("leader_swing", "s_LC0: policy swing of a new leader, s_LC(W) = s_LC0*(1-W)^nu, >= 0."),
    _dynamics("leader_swing_exponent", "nu: exponent of (1-W) in the leader swing, >= 0."),
    _dynamics("new_leader_hazard", "h_new: extra deposition hazard of a new leader, [0, 1]."),
    _dynamics("new_leader_periods", "L0: years a new leader carries h_new, whole number >= 0.", integer=True),
    _dynamics("band", "b_neg: client's renegotiation band, utils, >= 0."),
    _dynamics("transaction_cost", "k_neg: patron's renegotiation cost, USD m/yr, >= 0."),
)


# The rival patron's terms (PatronTerms), given as --rival NAME=VALUE.
RIVAL_FIELDS = ("v", "c", "d", "chi", "q0", "budget", "credibility", "package")


def case_option() -> Any:
    """The ``--case FILE|NAME`` option of the model commands (a new typer option on every call)."""
    return typer.Option(
        None,
        "--case",
        metavar="FILE|NAME",
        help="Formation case (TOML) or shipped name, e.g. us-pakistan-1954.",
    )


def rival_option(what: str = "Rival's terms") -> Any:
    """The repeatable ``--rival NAME=VALUE`` option of ``realign`` and ``maintain``."""
    return typer.Option(
        None, "--rival", metavar="NAME=VALUE", help=f"{what} ({', '.join(RIVAL_FIELDS)}); repeatable."
    )


def option_names(*tables: Sequence[ParameterOption]) -> list[str]:
    """The ``--set``/``--sweep`` names of the parameters in ``tables`` (choices such as mode left out)."""
    return [o.name for table in tables for o in table if not o.choices]


def _collect(
    options: Sequence[ParameterOption],
    given: Mapping[ParameterOption, str | None],
    assignments: list[str] | None,
) -> dict[str, Any]:
    """Field name -> value from the named options and ``--set``; the same parameter twice is an error."""
    values: dict[str, Any] = {o.field: o.parse(o.flag, text) for o, text in given.items() if text is not None}
    by_name = {o.name: o for o in options if not o.choices}
    for name, value in parse_assignments("--set", assignments, list(by_name)).items():
        option = by_name[name]
        if option.field in values:
            raise UserInputError(f"{option.flag} and --set {name}=... both set {name}: give it once")
        values[option.field] = option.convert(f"--set {name}", value)
    return values


def with_parameters(
    *tables: Sequence[ParameterOption],
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Add an option per parameter in ``tables``, and ``--set NAME=VALUE``, to a typer command.

    The decorated command takes a keyword ``parameters: dict[str, Any]`` (library field name -> value, only
    the parameters the user gave); typer sees the command's own options followed by the generated ones.
    """
    options = [o for table in tables for o in table]
    set_help = "Any parameter option below as NAME=VALUE, e.g. d=0.8 or W=0.6 (repeatable)."

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        signature = inspect.signature(command, eval_str=True)
        own = [p for p in signature.parameters.values() if p.name != "parameters"]
        added = [
            inspect.Parameter(
                "parameter_assignments",
                inspect.Parameter.KEYWORD_ONLY,
                default=typer.Option(None, "--set", metavar="NAME=VALUE", help=set_help),
                annotation=list[str] | None,
            ),
            *(
                inspect.Parameter(
                    o.argument,
                    inspect.Parameter.KEYWORD_ONLY,
                    default=typer.Option(
                        None,
                        o.flag,
                        metavar=o.metavar,
                        help=o.help if o.default is None else f"{o.help} Default {o.default:g}.",
                        rich_help_panel=o.panel,
                    ),
                    annotation=str | None,
                )
                for o in options
            ),
        ]

        def command_with_parameters(**kwargs: Any) -> None:
            given = {o: kwargs.pop(o.argument) for o in options}
            parameters = _collect(options, given, kwargs.pop("parameter_assignments"))
            command(**kwargs, parameters=parameters)

        command_with_parameters.__signature__ = signature.replace(parameters=[*own, *added])  # type: ignore[attr-defined]
        command_with_parameters.__name__ = command.__name__
        command_with_parameters.__doc__ = command.__doc__
        return command_with_parameters

    return decorate
