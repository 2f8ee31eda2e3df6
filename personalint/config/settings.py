"""What a run is told (`Settings`, resolved before anything runs) and the error a configuration raises."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, NamedTuple, Protocol

from personalint.finding import Level
from personalint.source.limits import DEFAULT_MAX_FILE_SIZE


class PerPath(Protocol):
    """What depends on a file's path (config.project.Project, which imports this module)."""

    inventory: str | None  # the inventory the configuration names, resolved to a path

    def included(self, paths: Iterable[str], named: Iterable[str]) -> Iterator[str]: ...

    def for_file(self, path: str, settings: Settings) -> Settings: ...

    def walk_include(self) -> Any: ...  # files.Include, or None for the default


_NONE: Mapping[str, Any] = MappingProxyType({})


class Settings(NamedTuple):
    """Everything a run needs to know, resolved before anything runs (`config.resolve`).

    Immutable (a NamedTuple, as personalint/finding.py's records): `settings._replace(...)` makes another."""

    enabled: frozenset[str]
    fail_on: Level = Level.ERROR
    kind: str | None = None
    stdin_filename: str | None = None
    debug: bool = False
    severity: Mapping[str, Level] = _NONE  # per-rule level overrides (config `severity`)
    project: PerPath | None = None  # what depends on a file's path
    path_kind: str | None = None  # the kind a config glob gives this file; a modeline or --kind wins
    inventory: Any = None  # the organisation's resources (personalint.inventory.Inventory), when given
    max_file_size: int = DEFAULT_MAX_FILE_SIZE  # bytes; a larger file is not read (PF080)
    show_skipped: bool = False  # list the files a walk skipped (no persona config) in the text report
    # fixes (personalint/fix/): the rules whose fixes are offered, and applicability overrides
    # (extend-safe-fixes / extend-unsafe-fixes: rule id -> "safe" or "unsafe")
    fixable: frozenset[str] | None = None  # None: every rule's
    applicability: Mapping[str, str] = _NONE
    # what the run does with fixes: apply them (fix, unsafe_fixes), show them (diff), or only apply
    # them (fix_only); add_disable writes suppressions instead
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False
    fix_only: bool = False
    add_disable: bool = False
    # the result cache (personalint/cache.py): where it lives (None: the default), or not to use one
    cache_dir: str | None = None
    no_cache: bool = False
    jobs: int | None = None  # worker processes for a large run (None: every core; 1: none)

    @classmethod
    def default(cls, **overrides: Any) -> Settings:
        # imported here: the rule packs are read on first use, not when the command line starts
        from personalint.engine.registry import registry

        return cls(enabled=registry().select(), **overrides)


class ConfigError(Exception):
    """A configuration that cannot be used; the message names the file and line."""
