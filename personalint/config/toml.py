"""Reading a configuration file: TOML -> `Options`, validated by pydantic, each mistake at its line.

tomllib and pydantic are imported on first use: a run without a configuration never needs them.
"""

from __future__ import annotations

import os
import re
from functools import cache
from typing import TYPE_CHECKING, Any

from personalint import files
from personalint.config.discover import DEDICATED, PYPROJECT, SECTION
from personalint.config.options import COMMAND_LINE, IN_FILE, Options
from personalint.config.settings import ConfigError

if TYPE_CHECKING:
    from pydantic import BaseModel


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


@cache
def _model() -> type[BaseModel]:
    """The pydantic model of a configuration, one field per setting the file may hold."""
    from pydantic import ConfigDict, create_model

    config = ConfigDict(extra="forbid", strict=True, frozen=True, alias_generator=lambda name: name.replace("_", "-"))
    fields: dict[str, Any] = {setting.attribute: (setting.file_type, setting.file_default) for setting in IN_FILE}
    return create_model("Model", __config__=config, **fields)


def _validate(data: dict, text: str, section: tuple[str, ...], shown: str, base: str) -> Options:
    from pydantic import ValidationError

    model = _model()
    try:
        parsed = model.model_validate(data)
    except ValidationError as exc:
        described = sorted(
            (_describe(dict(error), text, section, shown) for error in exc.errors()), key=lambda item: item[0]
        )
        raise ConfigError("\n".join(message for _, message in described)) from None
    values = {name: _frozen(value) for name, value in parsed.model_dump().items()}
    return Options(base=base, origin=shown, text=text, **values)


def _frozen(value: Any) -> Any:
    """A layer's form of a validated value: lists become tuples (inside mappings too)."""
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, dict):
        return {key: _frozen(item) for key, item in value.items()}
    return value


def _dotted(parts: tuple[str, ...]) -> str:
    """A key path as TOML writes it: `tool.personalint.kinds."updates/*.json"`."""
    return ".".join(p if re.fullmatch(r"[A-Za-z0-9_-]+", p) else '"' + p.replace('"', '\\"') + '"' for p in parts)


def _describe(error: dict, text: str, section: tuple[str, ...], shown: str) -> tuple[int, str]:
    """(line, message) for one validation error."""
    loc = tuple(str(part) for part in error["loc"])
    dotted = _dotted((*section, *loc)) if (section or loc) else "the configuration"
    line = _line_of(text, (*section, *loc)) or 0
    where = f"{shown}:{line}" if line else shown
    if error["type"] == "extra_forbidden":
        import difflib

        known = [setting.name for setting in IN_FILE]
        close = difflib.get_close_matches(loc[-1], known, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else f"; known settings: {', '.join(known)}"
        return line, f"{where}: {dotted}: unknown setting{hint}"
    got = error.get("input")
    shown_input = "" if isinstance(got, (dict, list)) or error["type"] == "missing" else f"; got {got!r}"
    return line, f"{where}: {dotted}: {error['msg']}{shown_input}"


def unknown_selector(layer: Options, setting: tuple[str, ...], selector: str) -> str:
    """The message for a selector no rule matches, at its line when a file says it."""
    message = f"unknown rule selector {selector!r} in {_dotted(setting)} (see `personalint rules`)"
    if layer.origin == COMMAND_LINE:
        return message
    section = SECTION if os.path.basename(layer.origin) == PYPROJECT else ()
    line = _line_of(layer.text, (*section, *setting))
    return f"{layer.origin}{':' + str(line) if line else ''}: {message}"


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
