"""Configuration, resolved before anything runs: `[tool.personalint]` or `.personalint.toml`.

    discover.find   walk up from the working directory to the nearest configuration
    toml.load       TOML -> `Options` (validated by pydantic; a typo is an error with its line)
    resolve         defaults, then the file, then the command line -> `Settings` (+ `Project`)

The settings, their types and flags are one table (options.SETTINGS); the file and the
command line use the same names, and the command line wins. A single-file run without a
configuration imports neither tomllib nor pydantic (see discover.py).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from personalint.config.discover import DEDICATED, PYPROJECT, SECTION, find, has_section
from personalint.config.globs import Glob
from personalint.config.options import COMMAND_LINE, SETTINGS, Options
from personalint.config.project import Project
from personalint.config.settings import ConfigError, Settings
from personalint.config.toml import load, unknown_selector
from personalint.finding import Level
from personalint.record import Record

if TYPE_CHECKING:
    from personalint.engine.registry import Registry

__all__ = [
    "DEDICATED",
    "PYPROJECT",
    "SECTION",
    "ConfigError",
    "Glob",
    "Options",
    "Project",
    "Settings",
    "find",
    "has_section",
    "load",
    "resolve",
    "with_inventory",
]

# Settings only the command line gives (kind, stdin-filename, max-file-size, debug): Settings fields of that name.
_COMMAND_LINE_ONLY = tuple(s for s in SETTINGS if not s.file and not s.reporter)


def with_inventory(settings: Settings) -> Settings:
    """`settings` with the inventory its configuration names loaded (ConfigError "inventory: ..." when it
    cannot be); unchanged when it names none. The command line and the language server both do this."""
    if settings.project is None or not settings.project.inventory:
        return settings
    from personalint import inventory

    try:
        return settings._replace(inventory=inventory.load(settings.project.inventory))
    except inventory.InventoryError as exc:
        raise ConfigError(f"inventory: {exc}") from None


def resolve(layers: list[Options], rules: Registry) -> Settings:
    """Settings from layers, lowest first (the file, then the command line); later layers win."""
    resolution = _Resolution(enabled={rule.id for rule in rules.rules})  # the default: select = ["ALL"]
    for layer in layers:
        resolution.add_rules(layer, rules)
        resolution.add_paths(layer, rules)
    return resolution.settings(layers)


def _expand(rules: Registry, selectors: Iterable[str], layer: Options, *setting: str) -> set[str]:
    chosen: set[str] = set()
    for selector in selectors:
        matched = rules.matching(selector)
        if not matched:
            raise ConfigError(unknown_selector(layer, setting, selector))
        chosen.update(rule.id for rule in matched)
    return chosen


class _Resolution(Record):
    """The layers seen so far, combined."""

    __slots__ = (
        "enabled",
        "severity",
        "fail_on",
        "exclude",
        "include",
        "extend_include",
        "extend_exclude",
        "force_exclude",
        "per_file",
        "kinds",
        "inventory",
        "config",
        "fixable",
        "applicability",
        "fix",
        "unsafe_fixes",
        "cache_dir",
        "jobs",
    )

    def __init__(self, enabled: set[str]) -> None:
        self.enabled = enabled
        self.severity: dict[str, Level] = {}
        self.fail_on = "error"
        self.exclude: list[Glob] = []
        self.include: list[Glob] | None = None  # None: the default suffixes (files.DEFAULT_INCLUDE)
        self.extend_include: list[Glob] = []
        self.extend_exclude: list[Glob] = []
        self.force_exclude = False
        self.per_file: dict[str, tuple[Glob, frozenset[str]]] = {}
        self.kinds: dict[str, tuple[Glob, str]] = {}
        self.inventory: str | None = None
        self.config: str | None = None
        self.fixable: set[str] | None = None  # None: every rule's fixes
        self.applicability: dict[str, str] = {}
        self.fix = False
        self.unsafe_fixes = False
        self.cache_dir: str | None = None
        self.jobs: int | None = None

    def add_rules(self, layer: Options, rules: Registry) -> None:
        """select, extend-select, ignore, severity, fail-on."""
        if layer.select is not None:
            self.enabled = _expand(rules, layer.select, layer, "select")
        self.enabled |= _expand(rules, layer.extend_select, layer, "extend-select")
        self.enabled -= _expand(rules, layer.ignore, layer, "ignore")
        # broad selectors first, so that `{AN = "warning", AN001 = "error"}` means what it says
        for selector in sorted(layer.severity, key=lambda s: -len(rules.matching(s))):
            for rule_id in _expand(rules, [selector], layer, "severity", selector):
                self.severity[rule_id] = Level.parse(layer.severity[selector])
        self.fail_on = layer.fail_on or self.fail_on
        if layer.fixable is not None:
            self.fixable = _expand(rules, layer.fixable, layer, "fixable")
        if layer.unfixable:
            base = self.fixable if self.fixable is not None else {rule.id for rule in rules.rules}
            self.fixable = base - _expand(rules, layer.unfixable, layer, "unfixable")
        for rule_id in _expand(rules, layer.extend_safe_fixes, layer, "extend-safe-fixes"):
            self.applicability[rule_id] = "safe"
        for rule_id in _expand(rules, layer.extend_unsafe_fixes, layer, "extend-unsafe-fixes"):
            self.applicability[rule_id] = "unsafe"
        if layer.fix is not None:
            self.fix = layer.fix
        if layer.unsafe_fixes is not None:
            self.unsafe_fixes = layer.unsafe_fixes

    def add_paths(self, layer: Options, rules: Registry) -> None:
        """include, extend-include, exclude, extend-exclude, force-exclude, per-file-ignores, kinds, inventory."""
        if layer.origin != COMMAND_LINE:
            self.config = layer.origin
        if layer.include is not None:
            self.include = [Glob.compile(p, layer.base) for p in layer.include]
        self.extend_include += [Glob.compile(p, layer.base) for p in layer.extend_include]
        if layer.exclude is not None:
            self.exclude = [Glob.compile(p, layer.base) for p in layer.exclude]
        self.extend_exclude += [Glob.compile(p, layer.base) for p in layer.extend_exclude]
        if layer.force_exclude is not None:
            self.force_exclude = layer.force_exclude
        for pattern, selectors in layer.per_file_ignores.items():
            self.per_file[pattern] = (
                Glob.compile(pattern, layer.base),
                frozenset(_expand(rules, selectors, layer, "per-file-ignores", pattern)),
            )
        # later layers' globs are tried first
        self.kinds = {
            **{p: (Glob.compile(p, layer.base), k) for p, k in layer.kinds.items()},
            **{p: v for p, v in self.kinds.items() if p not in layer.kinds},
        }
        if layer.inventory is not None:
            self.inventory = os.path.normpath(os.path.join(layer.base, layer.inventory))
        if layer.jobs is not None:
            self.jobs = layer.jobs
        if layer.cache_dir is not None:
            self.cache_dir = os.path.normpath(os.path.join(layer.base, layer.cache_dir))

    def settings(self, layers: list[Options]) -> Settings:
        include = None
        if self.include is not None or self.extend_include:
            include = (*(self.include if self.include is not None else Project.default_include()), *self.extend_include)
        project = Project(
            config=self.config,
            include=include,
            exclude=tuple(self.exclude + self.extend_exclude),
            force_exclude=self.force_exclude,
            per_file_ignores=tuple(self.per_file.values()),
            kinds=tuple(self.kinds.values()),
            inventory=self.inventory,
        )
        active = project.exclude or project.per_file_ignores or project.kinds or project.inventory or include
        fixed: dict[str, Any] = {}
        for layer in layers:
            for setting in _COMMAND_LINE_ONLY:
                value = layer.values[setting.attribute]
                if value != setting.default:
                    fixed[setting.attribute] = value
        return Settings(
            enabled=frozenset(self.enabled),
            fail_on=Level.parse(self.fail_on),
            severity=self.severity,
            project=project if active else None,
            fixable=frozenset(self.fixable) if self.fixable is not None else None,
            applicability=dict(self.applicability),
            fix=self.fix,
            unsafe_fixes=self.unsafe_fixes,
            cache_dir=self.cache_dir,
            jobs=self.jobs,
            **fixed,
        )
