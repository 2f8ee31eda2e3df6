"""What depends on a file's path: exclusion, per-file ignores, the kind a glob gives, the inventory."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from personalint.config.globs import Glob
from personalint.config.settings import Settings

if TYPE_CHECKING:
    from personalint.files import Include


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
        include: tuple[Glob, ...] | None = None,
    ) -> None:
        self.config = config  # the configuration file, if any
        self.exclude = exclude
        self.force_exclude = force_exclude
        self.per_file_ignores = per_file_ignores
        self.kinds = kinds
        self.inventory = inventory  # the inventory of avatars, voices, LLMs... (see personalint.inventory)
        self.include = include  # the files a walk looks at; None: the default suffixes

    @staticmethod
    def default_include() -> tuple[Glob, ...]:
        """The default `include`: `*.json`, `*.yaml`, ... one glob per suffix a walk looks at."""
        from personalint.files import DEFAULT_INCLUDE

        return tuple(Glob.compile(f"*{suffix}", ".") for suffix in DEFAULT_INCLUDE)

    def walk_include(self) -> Include | None:
        """`include` as the walk takes it (files.Include): plain `*.suffix` globs by suffix, the others by path."""
        from personalint.files import Include

        if self.include is None:
            return None
        suffixes = tuple(glob.pattern[1:].lower() for glob in self.include if _plain_suffix(glob.pattern))
        others = tuple(glob for glob in self.include if not _plain_suffix(glob.pattern))
        return Include(suffixes, (lambda path: any(g.matches(path) for g in others)) if others else None)

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
        return settings._replace(enabled=settings.enabled - ignored, path_kind=kind or settings.path_kind)


def _plain_suffix(pattern: str) -> bool:
    """`*.json`, `*.test.ts`: a pattern that only says how a file's name ends."""
    return pattern.startswith("*.") and not any(c in pattern[1:] for c in "*?[]/")
