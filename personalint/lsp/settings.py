"""Settings per document, discovered as `personalint check` discovers them, and forgotten when they change.

A document's settings are the nearest `.personalint.toml` or pyproject.toml with
`[tool.personalint]` above its file (`config.find`), under the server's own command line
(`--inventory`, `--config`, `--isolated`), resolved as `check` resolves them, with the
inventory the configuration names loaded. A configuration that cannot be used is said once
through the log and the defaults are used, so the document is still checked.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

from personalint import config
from personalint.config import Settings, options
from personalint.engine.registry import registry

Log = Callable[[str], None]


class SettingsCache:
    """The settings of each configuration file found, resolved once until `clear`."""

    def __init__(
        self, inventory: str | None = None, config_path: str | None = None, isolated: bool = False, log: Log = print
    ) -> None:
        self.layer = options.from_command_line({"inventory": inventory}, base=os.getcwd())
        self.config_path = config_path
        self.isolated = isolated
        self.log = log
        self._resolved: dict[str | None, Settings] = {}
        self._lock = threading.Lock()

    def configuration(self, path: str) -> str | None:
        """The configuration file that applies to the file at `path`, as `check` run there finds it."""
        if self.isolated:
            return None
        if self.config_path:
            return self.config_path
        folder = os.path.dirname(path) if os.path.isabs(path) else os.getcwd()
        return config.find(folder)

    def for_path(self, path: str) -> Settings:
        found = self.configuration(path)
        with self._lock:
            settings = self._resolved.get(found)
        if settings is None:
            settings = self._resolve(found)
            with self._lock:
                self._resolved[found] = settings
        return settings

    def clear(self) -> None:
        """Forget every resolved configuration (one was created, changed or deleted)."""
        with self._lock:
            self._resolved.clear()

    def _resolve(self, found: str | None) -> Settings:
        rules = registry()
        try:
            settings = config.resolve([*([config.load(found)] if found else []), self.layer], rules)
        except config.ConfigError as exc:
            self.log(f"configuration error, checking with the default settings: {exc}")
            return config.resolve([self.layer], rules)
        try:
            return config.with_inventory(settings)
        except config.ConfigError as exc:  # "inventory: ..."
            self.log(f"{exc}; reference checks are skipped")
            return settings
