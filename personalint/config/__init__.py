"""Configuration, resolved before anything runs: `[tool.personalint]` or `.personalint.toml`.

    find      walk up from the working directory to the nearest configuration
    load      TOML -> `Options` (validated by pydantic; a typo is an error with its line)
    resolve   defaults, then the file, then the command line -> `Settings` (+ `Project`)

The file and the command line use the same names (`select`, `extend-select`, `ignore`,
`severity`, `fail-on`, `exclude`, `extend-exclude`, `force-exclude`, `per-file-ignores`,
`kinds`, `inventory`); the command line wins. A single-file run without a configuration
imports neither tomllib nor pydantic: discovery only looks at file names and, for a
pyproject.toml, whether its text mentions `tool.personalint`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from personalint import files
from personalint.engine.registry import Registry, registry
from personalint.finding import Level
from personalint.source.limits import DEFAULT_MAX_FILE_SIZE

DEDICATED = ".personalint.toml"
PYPROJECT = "pyproject.toml"
SECTION = ("tool", "personalint")
_MENTIONS_SECTION = (
    r"""(?m)^[ \t]*(\[[ \t]*tool[ \t]*\.[ \t]*["']?personalint\b|tool[ \t]*\.[ \t]*["']?personalint\b)"""
)
# Patterns are compiled on first use, and classes are plain ones: importing this module is
# part of every run's start-up.


@dataclass(frozen=True)
class Settings:
    """Everything a run needs to know, resolved before anything runs (`resolve`)."""

    enabled: frozenset[str]
    fail_on: Level = Level.ERROR
    kind: str | None = None
    stdin_filename: str | None = None
    debug: bool = False
    severity: dict[str, Level] = field(default_factory=dict)  # per-rule level overrides (config `severity`)
    project: "Project | None" = None  # what depends on a file's path
    path_kind: str | None = None  # the kind a config glob gives this file; a modeline or --kind wins
    inventory: Any = None  # the organisation's resources (personalint.inventory.Inventory), when given
    max_file_size: int = DEFAULT_MAX_FILE_SIZE  # bytes; a larger file is not read (PF080)

    @classmethod
    def default(cls, **overrides: Any) -> Settings:
        return cls(enabled=registry().select(), **overrides)


class ConfigError(Exception):
    """A configuration that cannot be used; the message names the file and line."""


# --- finding the file -----------------------------------------------------------------


def has_section(pyproject: str) -> bool:
    """Whether a pyproject.toml holds `[tool.personalint]` (a text test: no TOML parser needed)."""
    try:
        with open(pyproject, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
    except OSError:
        return False
    return "personalint" in text and bool(re.search(_MENTIONS_SECTION, text))


def find(start: str | None = None) -> str | None:
    """The nearest `.personalint.toml`, or pyproject.toml with `[tool.personalint]`, from `start` up."""
    folder = os.path.abspath(start or os.getcwd())
    while True:
        dedicated = os.path.join(folder, DEDICATED)
        if os.path.isfile(dedicated):
            return dedicated
        pyproject = os.path.join(folder, PYPROJECT)
        if os.path.isfile(pyproject) and has_section(pyproject):
            return pyproject
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


# --- reading and validating it --------------------------------------------------------


class Options:
    """The settings of one layer (the file or the command line); None means "not set here"."""

    def __init__(
        self,
        select: tuple[str, ...] | None = None,
        extend_select: tuple[str, ...] = (),
        ignore: tuple[str, ...] = (),
        severity: dict[str, str] | None = None,
        fail_on: str | None = None,
        exclude: tuple[str, ...] | None = None,
        extend_exclude: tuple[str, ...] = (),
        force_exclude: bool | None = None,
        per_file_ignores: dict[str, tuple[str, ...]] | None = None,
        kinds: dict[str, str] | None = None,
        inventory: str | None = None,
        base: str = ".",
        origin: str = "the command line",
        text: str = "",
    ) -> None:
        self.select = select
        self.extend_select = extend_select
        self.ignore = ignore
        self.severity = severity or {}
        self.fail_on = fail_on
        self.exclude = exclude
        self.extend_exclude = extend_exclude
        self.force_exclude = force_exclude
        self.per_file_ignores = per_file_ignores or {}
        self.kinds = kinds or {}
        self.inventory = inventory
        self.base = base  # the folder relative paths and globs of this layer start from
        self.origin = origin
        self.text = text  # the TOML text, to point at the line of a mistake


def _model() -> type:
    """The pydantic model of a configuration (built on first use: pydantic is not imported otherwise)."""
    from typing import Literal

    from pydantic import BaseModel, ConfigDict

    from personalint.kinds import KINDS

    LevelName = Literal["error", "warning", "note"]
    Kind = Literal[tuple(KINDS)]  # type: ignore[valid-type]

    class Model(BaseModel):
        model_config = ConfigDict(
            extra="forbid", strict=True, frozen=True, alias_generator=lambda name: name.replace("_", "-")
        )

        select: list[str] | None = None
        extend_select: list[str] = []
        ignore: list[str] = []
        severity: dict[str, LevelName] = {}
        fail_on: LevelName | None = None
        exclude: list[str] | None = None
        extend_exclude: list[str] = []
        force_exclude: bool | None = None
        per_file_ignores: dict[str, list[str]] = {}
        kinds: dict[str, Kind] = {}  # type: ignore[valid-type]
        inventory: str | None = None

    return Model


def load(path: str) -> Options:
    """Read and validate a configuration file: `.personalint.toml` (top-level keys) or a pyproject.toml."""
    import tomllib

    shown = files.shown(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        raise ConfigError(f"{shown}: cannot read the configuration: {exc.strerror or exc}") from None
    text = raw.decode("utf-8", "replace")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r" \(at line (\d+), column (\d+)\)$", str(exc))
        message = str(exc)[: where.start()] if where else str(exc)
        position = f":{where.group(1)}:{where.group(2)}" if where else ""
        raise ConfigError(f"{shown}{position}: invalid TOML: {message}") from None
    except RecursionError:  # tomllib recurses into nested arrays and inline tables
        raise ConfigError(f"{shown}: invalid TOML: nested too deeply") from None
    section: tuple[str, ...] = ()
    if os.path.basename(path) != DEDICATED and (os.path.basename(path) == PYPROJECT or "tool" in data):
        section = SECTION
        data = data.get("tool", {}).get("personalint", {})
        if not isinstance(data, dict):
            raise ConfigError(f"{shown}:{_line_of(text, section) or 1}: tool.personalint must be a table")
    return _validate(data, text, section, shown, os.path.dirname(os.path.abspath(path)))


def _validate(data: dict, text: str, section: tuple[str, ...], shown: str, base: str) -> Options:
    from pydantic import ValidationError

    model = _model()
    try:
        parsed = model.model_validate(data)
    except ValidationError as exc:
        described = sorted(
            (_describe(error, text, section, shown, model) for error in exc.errors()), key=lambda item: item[0]
        )
        raise ConfigError("\n".join(message for _, message in described)) from None
    return Options(
        select=tuple(parsed.select) if parsed.select is not None else None,
        extend_select=tuple(parsed.extend_select),
        ignore=tuple(parsed.ignore),
        severity=dict(parsed.severity),
        fail_on=parsed.fail_on,
        exclude=tuple(parsed.exclude) if parsed.exclude is not None else None,
        extend_exclude=tuple(parsed.extend_exclude),
        force_exclude=parsed.force_exclude,
        per_file_ignores={glob: tuple(rules) for glob, rules in parsed.per_file_ignores.items()},
        kinds=dict(parsed.kinds),
        inventory=parsed.inventory,
        base=base,
        origin=shown,
        text=text,
    )


def _dotted(parts: tuple[str, ...]) -> str:
    """A key path as TOML writes it: `tool.personalint.kinds."updates/*.json"`."""
    return ".".join(p if re.fullmatch(r"[A-Za-z0-9_-]+", p) else '"' + p.replace('"', '\\"') + '"' for p in parts)


def _describe(error: dict, text: str, section: tuple[str, ...], shown: str, model: type) -> tuple[int, str]:
    """(line, message) for one validation error."""
    loc = tuple(str(part) for part in error["loc"])
    dotted = _dotted((*section, *loc)) if (section or loc) else "the configuration"
    line = _line_of(text, (*section, *loc)) or 0
    where = f"{shown}:{line}" if line else shown
    if error["type"] == "extra_forbidden":
        import difflib

        known = [name.replace("_", "-") for name in model.model_fields]
        close = difflib.get_close_matches(loc[-1], known, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else f"; known settings: {', '.join(known)}"
        return line, f"{where}: {dotted}: unknown setting{hint}"
    got = error.get("input")
    shown_input = "" if isinstance(got, (dict, list)) or error["type"] == "missing" else f"; got {got!r}"
    return line, f"{where}: {dotted}: {error['msg']}{shown_input}"


_KEY_PART = r"""\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*"""


def _key_path(text: str) -> list[str] | None:
    """The parts of a dotted TOML key (`a."b.c".d`), or None when `text` is not one."""
    parts: list[str] = []
    position = 0
    while True:
        match = re.compile(_KEY_PART).match(text, position)
        if not match or match.end() == position:
            return None
        parts.append(next(group for group in match.groups() if group is not None))
        position = match.end()
        if position == len(text):
            return parts
        if text[position] != ".":
            return None
        position += 1


def _line_of(text: str, target: tuple[str, ...]) -> int | None:
    """The line that sets the longest prefix of `target` (a table header or a key), best effort."""
    best, best_depth = None, 0
    table: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        here: list[str] | None
        if stripped.startswith("["):
            inner = stripped.strip("[").split("]", 1)[0]
            path = _key_path(inner)
            if path is None:
                continue
            table, here = path, path
        else:
            key = _key_path(stripped.split("=", 1)[0]) if "=" in stripped else None
            if key is None:
                continue
            here = table + key
        depth = 0
        for mine, wanted in zip(here, target, strict=False):
            if mine != wanted:
                break
            depth += 1
        if depth == len(here) and depth > best_depth:
            best, best_depth = number, depth
    return best


# --- globs ----------------------------------------------------------------------------


class Glob:
    """A path pattern: `*`, `?`, `[...]` within a path segment, `**` across segments.

    Without a `/` it matches any file or folder of that name (`legacy`, `*.patch.json`);
    with one it is anchored at `base`, the folder of the configuration that says it (or the
    working directory, on the command line). A folder that matches excludes what is inside.
    """

    __slots__ = ("pattern", "base", "regex", "anchored", "folders_only")

    def __init__(self, pattern: str, base: str, regex: re.Pattern, anchored: bool, folders_only: bool) -> None:
        self.pattern, self.base, self.regex = pattern, base, regex
        self.anchored, self.folders_only = anchored, folders_only

    def __repr__(self) -> str:
        return f"Glob({self.pattern!r}, base={self.base!r})"

    @classmethod
    def compile(cls, pattern: str, base: str) -> "Glob":
        text = pattern.strip().replace(os.sep, "/")
        while text.startswith("./"):
            text = text[2:]
        folders_only = text.endswith("/") and len(text) > 1
        text = text.rstrip("/") or text
        anchored = "/" in text
        return cls(pattern, os.path.abspath(base), re.compile(_translate(text.lstrip("/"))), anchored, folders_only)

    def matches(self, path: str) -> bool:
        absolute = os.path.abspath(path)
        relative = os.path.relpath(absolute, self.base).replace(os.sep, "/")
        inside = not (relative == ".." or relative.startswith("../"))
        parts = relative.split("/") if inside else [os.path.basename(absolute)]
        if self.anchored:
            if not inside:
                return False
            candidates = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
        else:
            candidates = parts
        if self.folders_only:
            candidates = candidates[:-1]
        return any(self.regex.match(candidate) for candidate in candidates)


def _translate(pattern: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 2 :]:
            end = pattern.index("]", i + 2)
            body = pattern[i + 1 : end]
            body = "^" + body[1:] if body.startswith("!") else body
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return "".join(out) + r"\Z"


# --- per-file settings ----------------------------------------------------------------


class Project:
    """What depends on a file's path: exclusion, per-file ignores, the kind of a glob."""

    def __init__(
        self,
        config: str | None = None,
        exclude: tuple[Glob, ...] = (),
        force_exclude: bool = False,
        per_file_ignores: tuple[tuple[Glob, frozenset[str]], ...] = (),
        kinds: tuple[tuple[Glob, str], ...] = (),
        inventory: str | None = None,
    ) -> None:
        self.config = config  # the configuration file, if any
        self.exclude = exclude
        self.force_exclude = force_exclude
        self.per_file_ignores = per_file_ignores
        self.kinds = kinds
        self.inventory = inventory  # the inventory of avatars, voices, LLMs... (see personalint.inventory)

    def excluded(self, path: str) -> bool:
        return any(glob.matches(path) for glob in self.exclude)

    def included(self, paths: Iterable[str], named: Iterable[str]) -> Iterator[str]:
        """The files to check: files found in folders unless excluded; named files too with force-exclude."""
        given = {os.path.normpath(p) for p in named}
        for path in paths:
            if path == "-" or not self.exclude:
                yield path
            elif os.path.normpath(path) in given and not self.force_exclude:
                yield path
            elif not self.excluded(path):
                yield path

    def for_file(self, path: str, settings: Settings) -> Settings:
        """The settings of one file: its per-file ignores removed from the enabled rules, its kind."""
        ignored: set[str] = set()
        for glob, rules in self.per_file_ignores:
            if glob.matches(path):
                ignored |= rules
        kind = next((kind for glob, kind in self.kinds if glob.matches(path)), None)
        if not ignored and kind is None:
            return settings
        return replace(settings, enabled=settings.enabled - ignored, path_kind=kind or settings.path_kind)


# --- resolving the layers -------------------------------------------------------------


def _expand(rules: Registry, selectors: Iterable[str], origin: Options, *setting: str) -> set[str]:
    chosen: set[str] = set()
    for selector in selectors:
        matched = rules.matching(selector)
        if not matched:
            raise ConfigError(_unknown_selector(origin, setting, selector))
        chosen.update(rule.id for rule in matched)
    return chosen


def _unknown_selector(origin: Options, setting: tuple[str, ...], selector: str) -> str:
    message = f"unknown rule selector {selector!r} in {_dotted(setting)} (see `personalint rules`)"
    if origin.origin == "the command line":
        return message
    section = SECTION if os.path.basename(origin.origin) == PYPROJECT else ()
    line = _line_of(origin.text, (*section, *setting))
    return f"{origin.origin}{':' + str(line) if line else ''}: {message}"


def resolve(layers: list[Options], rules: Registry, **fixed: Any) -> Settings:
    """Settings from layers, lowest first (the file, then the command line); later layers win.

    `fixed` are Settings fields that only the command line has (kind, stdin_filename, debug).
    """
    enabled = {rule.id for rule in rules.rules}  # the default: select = ["ALL"]
    severity: dict[str, Level] = {}
    fail_on = "error"
    exclude: list[Glob] = []
    extend_exclude: list[Glob] = []
    force_exclude = False
    per_file: dict[str, tuple[Glob, frozenset[str]]] = {}
    kinds: dict[str, tuple[Glob, str]] = {}
    inventory: str | None = None
    config: str | None = None
    for layer in layers:
        if layer.origin != "the command line":
            config = layer.origin
        if layer.select is not None:
            enabled = _expand(rules, layer.select, layer, "select")
        enabled |= _expand(rules, layer.extend_select, layer, "extend-select")
        enabled -= _expand(rules, layer.ignore, layer, "ignore")
        # broad selectors first, so that `{AN = "warning", AN001 = "error"}` means what it says
        for selector in sorted(layer.severity, key=lambda s: -len(rules.matching(s))):
            for rule_id in _expand(rules, [selector], layer, "severity", selector):
                severity[rule_id] = Level.parse(layer.severity[selector])
        fail_on = layer.fail_on or fail_on
        if layer.exclude is not None:
            exclude = [Glob.compile(p, layer.base) for p in layer.exclude]
        extend_exclude += [Glob.compile(p, layer.base) for p in layer.extend_exclude]
        if layer.force_exclude is not None:
            force_exclude = layer.force_exclude
        for pattern, selectors in layer.per_file_ignores.items():
            per_file[pattern] = (
                Glob.compile(pattern, layer.base),
                frozenset(_expand(rules, selectors, layer, "per-file-ignores", pattern)),
            )
        # later layers' globs are tried first
        kinds = {
            **{p: (Glob.compile(p, layer.base), k) for p, k in layer.kinds.items()},
            **{p: v for p, v in kinds.items() if p not in layer.kinds},
        }
        if layer.inventory is not None:
            inventory = os.path.normpath(os.path.join(layer.base, layer.inventory))
    project = Project(
        config=config,
        exclude=tuple(exclude + extend_exclude),
        force_exclude=force_exclude,
        per_file_ignores=tuple(per_file.values()),
        kinds=tuple(kinds.values()),
        inventory=inventory,
    )
    active = project.exclude or project.per_file_ignores or project.kinds or project.inventory
    return Settings(
        enabled=frozenset(enabled),
        fail_on=Level.parse(fail_on),
        severity=severity,
        project=project if active else None,
        **fixed,
    )
