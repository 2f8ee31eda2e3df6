"""What depends on a file's path: exclusion, per-file ignores, the kind a glob gives, the inventory."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import replace

from personalint.config.globs import Glob
from personalint.config.settings import Settings


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
