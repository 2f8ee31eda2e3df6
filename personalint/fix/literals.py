"""Literals in each dialect's syntax: a value or a key written as the text beside it is written,
and whether a node's text is the literal of its value (so that editing it edits the value)."""

from __future__ import annotations

import json
import re
from typing import Any

IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*\Z")
_PLAIN_YAML = re.compile(r"[A-Za-z_][A-Za-z0-9_./-]*\Z")  # keys and words YAML reads as strings, unquoted


def scalar(value: Any, dialect: str, like: str = "") -> str | None:
    """`value` written as a literal of the dialect, in the quoting style of `like` where it has one."""
    if value is None or isinstance(value, bool):
        words = {"python": ("True", "False", "None")}.get(dialect, ("true", "false", "null"))
        return words[2] if value is None else words[0] if value else words[1]
    if isinstance(value, (int, float)):
        return json.dumps(value)
    if not isinstance(value, str):
        return None
    quote = like[:1] if like[:1] in ("'", '"', "`") else ""
    if dialect == "yaml":
        if quote == "'":
            return single_quoted(value)
        if quote == '"':
            return json.dumps(value, ensure_ascii=False)
        return value if _plain_yaml(value) else single_quoted(value)
    if dialect == "json" or quote in ('"', ""):
        return json.dumps(value, ensure_ascii=False)
    if quote == "'":
        return "'" + json.dumps(value, ensure_ascii=False)[1:-1].replace('\\"', '"').replace("'", "\\'") + "'"
    if quote == "`" and not any(c in value for c in "`\\$"):
        return "`" + value + "`"
    return json.dumps(value, ensure_ascii=False)


def key(key: str, dialect: str, like: str | None = None) -> str | None:
    """A key in the dialect, as the keys beside it are written (quoted or not)."""
    quote = like[:1] if like and like[:1] in ("'", '"') else ""
    if dialect == "yaml":
        return key if not quote and _PLAIN_YAML.match(key) else scalar(key, dialect, like=quote or "'")
    if dialect == "js" and not quote and IDENTIFIER.match(key):
        return key
    if quote == "'" and dialect in ("js", "python"):
        return scalar(key, dialect, like="'")
    return json.dumps(key, ensure_ascii=False)


def reads_as(raw: str, value: Any, dialect: str) -> bool:
    """Whether a literal's text `raw` means `value` in the dialect."""
    try:
        if dialect == "python":
            import ast

            return bool(ast.literal_eval(raw) == value) and type(ast.literal_eval(raw)) is type(value)
        if dialect == "yaml":
            import yaml

            loaded = yaml.safe_load(raw)
            return bool(loaded == value) or (isinstance(value, str) and raw == value)
        if raw[:1] in ("'", "`") and dialect == "js":
            inner = raw[1:-1]
            return "\\" not in inner and "${" not in inner and inner == value
        loaded = json.loads(raw)
        return bool(loaded == value) and type(loaded) is type(value)
    except Exception:
        return False


def single_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _plain_yaml(value: str) -> bool:
    """Whether a string can be written unquoted in YAML and still be read back as that string."""
    if not value or value != value.strip() or value[0] in "-?:,[]{}#&*!|>'\"%@`" or "\n" in value:
        return False
    if ": " in value or " #" in value or value.endswith(":") or any(c in value for c in "{}[],"):
        return False
    import yaml

    try:
        return bool(yaml.safe_load(value) == value)
    except Exception:
        return False
