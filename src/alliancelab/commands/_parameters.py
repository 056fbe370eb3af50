"""The model parameters a command sets by name: one mechanism for every command's parameter options.

Each parameter is a named option (``--d 0.8``, ``--theta-sd 0.03``, ``--threat 0.7``), grouped in ``--help``
by panel, and can also be given as ``--set NAME=VALUE`` (``--set d=0.8``, ``--set theta_sd=0.03``).
:func:`with_parameters` adds the options of the chosen tables (and ``--set``) to a typer command, so no two
commands can drift apart: one parameter has one name everywhere (``--threat`` for the threat ``T`` in
``formation`` as in ``burden``; ``--hegemon-position`` for ``theta_H`` in ``maintain`` as in
``legitimacy``). Renamed options stay as hidden aliases that still work and print a deprecation warning.
The command receives one mapping, ``parameters``, from the library's field name to the value given; the
library's own defaults apply to the rest (and are shown in ``--help``). A value the library rejects is
reported under the option the user typed (``--threat: 1.5 is outside the allowed range [0, 1)``, never
``T = 1.5``): :func:`~alliancelab.commands._common.named_by_option`.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import typer

from alliancelab.commands._common import error_console, named_by_option, parse_assignments, parse_number
from alliancelab.errors import ParameterError, UserInputError
from alliancelab.theory.burden import ControlParams, PublicGoodParams
from alliancelab.theory.legitimacy import ContestedAction
from alliancelab.theory.maintenance import MaintenanceParams
from alliancelab.theory.realignment import ContestParams

__all__ = [
    "ACTION_OPTIONS",
    "CASE_OPTIONS",
    "CONTEST_OPTIONS",
    "CONTROL_OPTIONS",
    "DYNAMICS_OPTIONS",
    "MODE_OPTION",
    "PUBLIC_GOOD_OPTIONS",
    "RIVAL_FIELDS",
    "ParameterOption",
    "case_option",
    "option_names",
    "resolve_name",
    "rival_option",
    "warn_deprecated",
    "with_parameters",
]

CASE_PANEL = "Client and incumbent parameters (override the case)"
LEADER_PANEL = "Client leader parameters (selectorate; override the case)"
CONTEST_PANEL = "Contest parameters"
DYNAMICS_PANEL = "Dynamics parameters"
CONTROL_PANEL = "Alliance control parameters (Blankenship 2023)"
PUBLIC_GOOD_PANEL = "Public-good parameters (Olson & Zeckhauser 1966)"
ACTION_PANEL = "Contested action (Istomin & Baikov 2019)"


@dataclass(frozen=True, slots=True)
class ParameterOption:
    """One settable parameter: the library's field name, its help line and its ``--help`` panel."""

    field: str
    help: str
    panel: str
    integer: bool = False
    choices: tuple[str, ...] = ()
    default: float | None = None  # shown in --help; None where the case file sets the value
    label: str = ""  # the name on the command line where it is not the field's (``threat`` for ``T``)
    deprecated: tuple[str, ...] = ()  # former names: hidden options and --set names that warn

    @property
    def name(self) -> str:
        """The name in ``--set`` and ``--sweep`` (``lambda`` for the field ``lambda_``)."""
        return self.label or self.field.rstrip("_")

    @property
    def old_flags(self) -> tuple[str, ...]:
        """The hidden, deprecated options (``--T`` for ``--threat``)."""
        return tuple("--" + old.replace("_", "-") for old in self.deprecated)

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


def _case(field: str, help: str, **renamed: Any) -> ParameterOption:
    return ParameterOption(field, help, CASE_PANEL, **renamed)


def _leader(field: str, help: str) -> ParameterOption:
    return ParameterOption(field, help, LEADER_PANEL)


def _library_default(cls: type[Any], field: str) -> float:
    value: Any = next(f.default for f in dataclasses.fields(cls) if f.name == field)
    return float(value)


def _contest(field: str, help: str) -> ParameterOption:
    return ParameterOption(field, help, CONTEST_PANEL, default=_library_default(ContestParams, field))


def _dynamics(field: str, help: str, integer: bool = False, **renamed: Any) -> ParameterOption:
    default = _library_default(MaintenanceParams, field)
    return ParameterOption(field, help, DYNAMICS_PANEL, integer=integer, default=default, **renamed)


def _library(cls: type[Any], panel: str, field: str, help: str, **renamed: Any) -> ParameterOption:
    return ParameterOption(field, help, panel, default=_library_default(cls, field), **renamed)


MODE_OPTION = ParameterOption("mode", "Package mode: FIXED or FLEX.", CASE_PANEL, choices=("FIXED", "FLEX"))

# Formation fields (FormationParams) and the client leader's (SelectorateParams), as in a formation case file.
CASE_OPTIONS: tuple[ParameterOption, ...] = (
    MODE_OPTION,
    _case("T", "T: threat intensity, [0, 1).", label="threat", deprecated=("T",)),
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
    _dynamics(
        "theta_H",
        "theta_H: the incumbent patron's (hegemon's) ideal point, [0, 1].",
        label="hegemon_position",
        deprecated=("theta_H",),
    ),
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


# Alliance control (ControlParams, Blankenship): the `burden` command.
CONTROL_OPTIONS: tuple[ParameterOption, ...] = tuple(
    _library(ControlParams, CONTROL_PANEL, field, help, **renamed)
    for field, help, renamed in (
        ("threat", "T: external threat, (0, 1).", {}),
        ("strain", "rho_H: patron's resource strain, [0, 1].", {}),
        ("retrenchment", "psi_H: patron's domestic retrenchment pressure, [0, 1].", {}),
        ("demand", "Delta: demanded rise in the ally's burden (share of GDP).", {}),
        ("baseline_burden", "e0: ally's baseline burden (share of GDP).", {}),
        ("control_value", "V_ctrl: value the patron loses if the ally exits, USD bn.", {}),
        ("pressure_cost", "F_H: diplomatic cost of pressure, USD bn.", {}),
        ("adversary_capability", "Zbar: adversary capability, USD bn.", {"deprecated": ("adversary",)}),
        ("ally_benefit", "Ben: ally's gross alliance value, USD m/yr.", {"deprecated": ("benefit",)}),
        ("relative_value", "v_H,i/vbar: ally's strategic value relative to the patron's mean ally.", {}),
    )
)

# Olson-Zeckhauser public good (PublicGoodParams): `burden free-riding`.
PUBLIC_GOOD_OPTIONS: tuple[ParameterOption, ...] = (
    _library(
        PublicGoodParams, PUBLIC_GOOD_PANEL, "taste_base", "b0: public-good taste.", deprecated=("taste",)
    ),
    _library(
        PublicGoodParams, PUBLIC_GOOD_PANEL, "taste_threat", "b1: threat slope of tastes, b = b0 + b1*T."
    ),
    _library(
        PublicGoodParams,
        PUBLIC_GOOD_PANEL,
        "joint_product",
        "c: joint-product weight (0 = pure public good).",
        deprecated=("joint",),
    ),
)

# The contested action (ContestedAction, Istomin & Baikov): `legitimacy`.
ACTION_OPTIONS: tuple[ParameterOption, ...] = tuple(
    _library(ContestedAction, ACTION_PANEL, field, help)
    for field, help in (
        ("issue_position", "theta_v: position of the hegemon's side of the issue, [0, 1]."),
        ("hegemon_position", "theta_H: the hegemon's ideal point, [0, 1]."),
        ("salience", "sal_v: salience of the action, >= 0."),
        ("importance", "imp_v: important-vote flag, [0, 1]."),
        ("legitimacy_value", "lambda_H: value of one unit of legitimacy, USD m."),
    )
)

# The rival patron's terms (PatronTerms), given as --rival NAME=VALUE.
RIVAL_FIELDS = ("v", "c", "d", "chi", "q0", "budget", "credibility", "package")


def case_option() -> Any:
    """The ``--case FILE|NAME`` option of the model commands (a new typer option on every call)."""
    return typer.Option(
        None,
        "--case",
        metavar="NAME|FILE",
        help="A shipped formation case, e.g. us-pakistan-1954, or a TOML path.",
    )


def rival_option(what: str = "Rival's terms") -> Any:
    """The repeatable ``--rival NAME=VALUE`` option of ``realign`` and ``maintain``."""
    return typer.Option(
        None, "--rival", metavar="NAME=VALUE", help=f"{what} ({', '.join(RIVAL_FIELDS)}); repeatable."
    )


def option_names(*tables: Sequence[ParameterOption]) -> list[str]:
    """The ``--set``/``--sweep`` names of the parameters in ``tables`` (choices such as mode left out)."""
    return [o.name for table in tables for o in table if not o.choices]


def warn_deprecated(old: str, new: str) -> None:
    """Tell the user (on stderr) that ``old`` still works but is renamed ``new``."""
    error_console.print(f"warning: {old} is deprecated; use {new}", markup=False, highlight=False)


def resolve_name(option: str, name: str, *tables: Sequence[ParameterOption]) -> str:
    """The current ``--set``/``--sweep`` name for ``name``; a former name (``T``) warns and maps to it."""
    for parameter in (o for table in tables for o in table):
        if name in parameter.deprecated:
            warn_deprecated(f"{option} {name}", f"{option} {parameter.name}")
            return parameter.name
    return name


def _collect(
    options: Sequence[ParameterOption],
    given: Mapping[ParameterOption, tuple[str, str] | None],
    assignments: list[str] | None,
) -> tuple[dict[str, Any], dict[str, str]]:
    """Field name -> value from the named options and ``--set``, and field name -> what the user typed
    (``--threat``, ``--T``, ``--set threat``); the same parameter twice is an error."""
    values: dict[str, Any] = {}
    typed: dict[str, str] = {}
    for o, flag_and_text in given.items():
        if flag_and_text is not None:
            flag, text = flag_and_text
            values[o.field], typed[o.field] = o.parse(flag, text), flag
    by_name = {o.name: o for o in options if not o.choices}
    renamed, written = [], {}
    for item in assignments or ():
        name, sep, text = item.partition("=")
        current = resolve_name("--set", name.strip(), options)
        renamed.append(current + sep + text if sep else item)
        written[current] = name.strip()
    for name, value in parse_assignments("--set", renamed, list(by_name)).items():
        option = by_name[name]
        if option.field in values:
            raise UserInputError(f"{option.flag} and --set {name}=... both set {name}: give it once")
        typed[option.field] = f"--set {written.get(name, name)}"
        values[option.field] = option.convert(typed[option.field], value)
    return values, typed


def with_parameters(
    *tables: Sequence[ParameterOption],
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Add an option per parameter in ``tables``, and ``--set NAME=VALUE``, to a typer command.

    The decorated command takes a keyword ``parameters: dict[str, Any]`` (library field name -> value, only
    the parameters the user gave); typer sees the command's own options followed by the generated ones.
    """
    options = [o for table in tables for o in table]
    first = next(o for o in options if not o.choices)
    example = f"{first.name}={first.default if first.default is not None else 0.5:g}"
    set_help = f"Any parameter option below as NAME=VALUE, e.g. {example} (repeatable)."
    aliases = [(o, old, f"parameter_{o.field}_was_{i}") for o in options for i, old in enumerate(o.old_flags)]

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
            *(
                inspect.Parameter(
                    argument,
                    inspect.Parameter.KEYWORD_ONLY,
                    default=typer.Option(None, old, metavar=o.metavar, hidden=True),
                    annotation=str | None,
                )
                for o, old, argument in aliases
            ),
        ]

        def command_with_parameters(**kwargs: Any) -> None:
            given: dict[ParameterOption, tuple[str, str] | None] = {}
            for o in options:
                text = kwargs.pop(o.argument)
                given[o] = None if text is None else (o.flag, text)
            for o, old, argument in aliases:
                text = kwargs.pop(argument)
                if text is None:
                    continue
                warn_deprecated(old, o.flag)
                if given[o] is not None:
                    raise UserInputError(f"{o.flag} and {old} both set {o.name}: give it once")
                given[o] = (old, text)
            parameters, typed = _collect(options, given, kwargs.pop("parameter_assignments"))
            try:
                command(**kwargs, parameters=parameters)
            except ParameterError as err:  # name the option the user typed, not the library's field
                raise named_by_option(err, typed) from None

        command_with_parameters.__signature__ = signature.replace(parameters=[*own, *added])  # type: ignore[attr-defined]
        command_with_parameters.__name__ = command.__name__
        command_with_parameters.__doc__ = command.__doc__
        return command_with_parameters

    return decorate
