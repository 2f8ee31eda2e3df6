"""The one table of settings: what each is called, its type, and who may set it.

The file (`[tool.personalint]`, `.personalint.toml`) and the command line use the same
names. From `SETTINGS` derive the pydantic model of the file (config/toml.py), the click
options of `personalint check` (cli/check.py) and `Options`, the settings of one layer.
Adding a setting is one `Setting` here, plus its use (config.resolve, or its reader).

Nothing here imports click or pydantic: this module is part of every run's start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Literal, NamedTuple

from personalint.kinds import KINDS

LEVELS = ("error", "warning", "note")
LevelName = Literal["error", "warning", "note"]
KindName = Literal[KINDS]  # type: ignore[valid-type]
COMMAND_LINE = "the command line"


class UsageProblem(ValueError):
    """A command-line value that cannot be read; the message says which and why."""


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    """Repeated and comma-separated values as one tuple: `--select AN,PS --select TV`."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _split_or_none(values: tuple[str, ...]) -> tuple[str, ...] | None:
    """Like `_split`, but None ("not set here") when none is given: the setting replaces the file's."""
    return _split(values) or None


def _pairs(values: Iterable[str], separator: str, what: str) -> list[tuple[str, str]]:
    pairs = []
    for value in values:
        left, found, right = value.rpartition(separator)
        if not found or not left.strip() or not right.strip():
            raise UsageProblem(f"expected {what}, got {value!r}")
        pairs.append((left.strip(), right.strip()))
    return pairs


def _levels(values: tuple[str, ...]) -> dict[str, str]:
    pairs = _pairs(_split(values), "=", "RULES=LEVEL")
    for selector, level in pairs:
        if level not in LEVELS:
            raise UsageProblem(f"--severity {selector}={level}: the level is one of {', '.join(LEVELS)}")
    return dict(pairs)


def _rules_by_glob(values: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    return {glob: _split((names,)) for glob, names in _pairs(values, ":", "GLOB:RULES")}


def _kinds_by_glob(values: tuple[str, ...]) -> dict[str, str]:
    pairs = _pairs(values, "=", "GLOB=KIND")
    for glob, named in pairs:
        if named not in KINDS:
            raise UsageProblem(f"--kinds {glob}={named}: the kind is one of {', '.join(KINDS)}")
    return dict(pairs)


def _as_given(value: Any) -> Any:
    return value


class Setting(NamedTuple):
    """One setting. `name` is the TOML key and the flag (`extend-select`, `--extend-select`)."""

    name: str
    help: str
    file_type: Any = None  # its type in the file, which pydantic checks; None: only the command line sets it
    default: Any = None  # a layer's value when the layer does not set it (None: "not set here")
    cli: bool = True  # whether the command line may set it
    metavar: str | None = None
    repeated: bool = False  # the flag may be given several times
    flag: bool = False  # a flag without a value
    negatable: bool = False  # a flag with its `--no-` form (unset when neither is given)
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    path: bool = False  # a path (shell completion offers files)
    parse: Callable[[Any], Any] = _as_given  # the command line's value -> the layer's value (UsageProblem)
    selectors: Callable[[Any], Iterable[str]] | None = None  # the rule selectors a value names
    reporter: bool = False  # not a Settings field: the command hands it to the reporters

    @property
    def attribute(self) -> str:
        return self.name.replace("-", "_")

    @property
    def file(self) -> bool:
        """Whether the configuration file may set it."""
        return self.file_type is not None

    @property
    def file_default(self) -> Any:
        """Its default in the file's model (lists where a layer keeps tuples)."""
        return list(self.default) if isinstance(self.default, tuple) else self.default


def _keys(value: dict) -> Iterable[str]:
    return value


def _values(value: dict[str, tuple[str, ...]]) -> Iterable[str]:
    return (selector for selectors in value.values() for selector in selectors)


_LEVEL_HELP = "Exit 1 when a finding is at or above this level.  [default: error]"
_INVENTORY_HELP = (
    "Check references against your organisation's resources: a folder of the vendors' list replies "
    "or an index file naming them (see `personalint inventory`)."
)

# In the order of `personalint check --help` (the file's settings keep this order in messages).
SETTINGS: tuple[Setting, ...] = (
    Setting("kind", "Check every document as this kind instead of detecting it.", choices=KINDS),
    Setting(
        "select",
        "Rules to run: ids, id prefixes (AN, PS0), names, or ALL. Comma-separated; repeatable.",
        list[str] | None,
        metavar="RULES",
        repeated=True,
        parse=_split_or_none,
        selectors=lambda value: value or (),
    ),
    Setting(
        "extend-select",
        "Rules to run besides those selected.",
        list[str],
        (),
        metavar="RULES",
        repeated=True,
        parse=_split,
        selectors=_as_given,
    ),
    Setting(
        "ignore",
        "Rules not to run (same forms as --select).",
        list[str],
        (),
        metavar="RULES",
        repeated=True,
        parse=_split,
        selectors=_as_given,
    ),
    Setting(
        "severity",
        "Report rules at another level (error, warning, note): AN010=warning. Repeatable.",
        dict[str, LevelName],
        {},
        metavar="RULES=LEVEL",
        repeated=True,
        parse=_levels,
        selectors=_keys,
    ),
    Setting("fail-on", _LEVEL_HELP, LevelName | None, choices=LEVELS),
    Setting(
        "exclude",
        "Files and folders not to check (replaces the configuration's).",
        list[str] | None,
        metavar="GLOBS",
        repeated=True,
        parse=_split_or_none,
    ),
    Setting(
        "extend-exclude",
        "Files and folders not to check, besides --exclude.",
        list[str],
        (),
        metavar="GLOBS",
        repeated=True,
        parse=_split,
    ),
    Setting(
        "include",
        "Files a walk looks at (replaces the default: *.json, *.yaml, *.yml and the code formats' suffixes, "
        "*.ts, *.tsx, *.js, *.py, *.md, *.html, *.sh...).",
        list[str] | None,
        cli=False,
        metavar="GLOBS",
    ),
    Setting(
        "extend-include",
        "Files a walk looks at, besides include.",
        list[str],
        (),
        metavar="GLOBS",
        repeated=True,
        parse=_split,
    ),
    Setting(
        "force-exclude",
        "Apply the excludes to files named on the command line too (as pre-commit passes them).",
        bool | None,
        flag=True,
        negatable=True,
    ),
    Setting(
        "per-file-ignores",
        "Rules not to run for files matching GLOB. Repeatable.",
        dict[str, list[str]],
        {},
        metavar="GLOB:RULES",
        repeated=True,
        parse=_rules_by_glob,
        selectors=_values,
    ),
    Setting(
        "kinds",
        "Check files matching GLOB as KIND. Repeatable.",
        dict[str, KindName],
        {},
        metavar="GLOB=KIND",
        repeated=True,
        parse=_kinds_by_glob,
    ),
    Setting("inventory", _INVENTORY_HELP, str | None, metavar="PATH", path=True),
    Setting(
        "sarif-category",
        "SARIF runs[].automationDetails.id (GitHub's upload category).",
        metavar="CATEGORY",
        reporter=True,
    ),
    Setting(
        "stdin-filename", "Name for `-` (standard input) in reports; its extension picks JSON or YAML.", metavar="NAME"
    ),
    Setting(
        "max-file-size",
        "Do not read files larger than this (PF080).  [default: 5242880, 5 MiB]",
        metavar="BYTES",
        minimum=1,
    ),
    Setting(
        "show-skipped",
        "List the files a walk skipped because they hold no persona config (--verbose too).",
        default=False,
        flag=True,
    ),
    Setting("debug", "Show tracebacks of internal errors.", default=False, flag=True),
    Setting(
        "cache-dir",
        "Where the result cache lives.  [default: .personalint_cache beside the configuration, "
        "or in the working directory; $PERSONALINT_CACHE_DIR]",
        str | None,
        metavar="PATH",
        path=True,
    ),
    Setting(
        "jobs",
        "Worker processes for a run of many files (1: none).  [default: every core]",
        int | None,
        metavar="N",
        minimum=1,
    ),
    Setting("no-cache", "Check every file, neither reading nor writing the cache ($PERSONALINT_NO_CACHE).", flag=True),
    # fixes (personalint/fix/), named as ruff names them
    Setting("fix", "Apply the safe fixes in place (see --unsafe-fixes).", bool | None, flag=True, negatable=True),
    Setting(
        "unsafe-fixes",
        "Include the unsafe fixes (their meaning may change: a deprecated model's successor...) in --fix, "
        "--diff and --fix-only; alone, mark them fixable [*] too.",
        bool | None,
        flag=True,
        negatable=True,
    ),
    Setting("diff", "Print the fixes as a unified diff and change nothing (exit 1 when there is one).", flag=True),
    Setting("fix-only", "Apply the fixes and report nothing else (exit 0 unless a file cannot be read).", flag=True),
    Setting(
        "add-disable",
        "Add a `personalint: disable=RULE` comment on each line with a finding (JSON has no comments: not there).",
        flag=True,
    ),
    Setting(
        "fixable",
        "Rules whose fixes may be applied (default: ALL).",
        list[str] | None,
        metavar="RULES",
        repeated=True,
        parse=_split_or_none,
        selectors=lambda value: value or (),
    ),
    Setting(
        "unfixable",
        "Rules whose fixes are never applied.",
        list[str],
        (),
        metavar="RULES",
        repeated=True,
        parse=_split,
        selectors=_as_given,
    ),
    Setting(
        "extend-safe-fixes",
        "Rules whose unsafe fixes count as safe.",
        list[str],
        (),
        metavar="RULES",
        repeated=True,
        parse=_split,
        selectors=_as_given,
    ),
    Setting(
        "extend-unsafe-fixes",
        "Rules whose safe fixes count as unsafe.",
        list[str],
        (),
        metavar="RULES",
        repeated=True,
        parse=_split,
        selectors=_as_given,
    ),
)
BY_ATTRIBUTE = {setting.attribute: setting for setting in SETTINGS}
IN_FILE = tuple(setting for setting in SETTINGS if setting.file)
ON_COMMAND_LINE = tuple(setting for setting in SETTINGS if setting.cli)


class Options:
    """The settings of one layer (the file or the command line); a setting's default means "not set here".

    `Options(select=("AN",), base=...)`: a keyword per setting of `SETTINGS`, by its attribute
    name (`extend_select`); `layer.extend_select` reads it back.
    """

    def __init__(self, base: str = ".", origin: str = COMMAND_LINE, text: str = "", **values: Any) -> None:
        unknown = sorted(set(values) - set(BY_ATTRIBUTE))
        if unknown:
            raise TypeError(f"Options() got unknown settings: {', '.join(unknown)}")
        self.values = {
            name: values[name] if values.get(name) is not None else _fresh(setting.default)
            for name, setting in BY_ATTRIBUTE.items()
        }
        self.base = base  # the folder relative paths and globs of this layer start from
        self.origin = origin
        self.text = text  # the TOML text, to point at the line of a mistake

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["values"][name]
        except KeyError:
            raise AttributeError(name) from None

    def selectors(self) -> list[str]:
        """Every rule selector this layer names, in the order of the table."""
        return [
            selector
            for setting in SETTINGS
            if setting.selectors is not None
            for selector in setting.selectors(self.values[setting.attribute])
        ]


def _fresh(default: Any) -> Any:
    return dict(default) if isinstance(default, dict) else default


def from_command_line(values: dict[str, Any], base: str) -> Options:
    """The command line's layer from click's values (by attribute name); raises UsageProblem."""
    given = {s.attribute: s.parse(values[s.attribute]) for s in ON_COMMAND_LINE if s.attribute in values}
    return Options(base=base, **given)
