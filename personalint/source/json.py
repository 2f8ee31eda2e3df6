"""JSON: the standard library's C parser within the limits; duplicate keys; positions on demand.

The depth limit is checked on the text before parsing (a bracket scan), so `json.loads` never
recurses past MAX_DEPTH. Node positions (`json_nodes`) are only scanned when a finding, or a
file with a repeated key, needs them. PyYAML is never imported on this path.
"""

from __future__ import annotations

import json
import re
from typing import Any

from personalint.finding import Problem, Span
from personalint.ids import EMPTY_DOCUMENT, NESTED_TOO_DEEPLY, PARSE_ERROR
from personalint.patterns import lazy
from personalint.source.document import Document, SourceFile
from personalint.source.json_nodes import compose
from personalint.source.limits import MAX_DEPTH, too_deep
from personalint.source.positions import duplicate_problems, json_duplicates, problem_at

# strings (closed or not, so a scan never backtracks) and brackets; these three are asked only of a
# file with over MAX_DEPTH brackets or a parse error, and compiled then
_JSON_TOKEN = lazy(r'"(?:[^"\\]++|\\.)*+"?|[\[\]{}]', re.DOTALL)
_LONG_INTEGER = lazy(r"(?<![\w.\"])-?\d{4000,}")
_CONSTANT = lazy(r"-?\b(?:NaN|Infinity)\b")


def sniff(text: str) -> bool:
    """Whether a file without a known suffix reads as JSON: it opens an object or an array."""
    return text.lstrip()[:1] in ("{", "[")


def _too_deep_at(text: str, limit: int) -> int | None:
    """The offset of the first bracket nested deeper than `limit`, if any (no parse needed)."""
    if text.count("[") + text.count("{") <= limit:
        return None
    depth = 0
    for match in _JSON_TOKEN.finditer(text):
        char = text[match.start()]
        if char in "[{":
            depth += 1
            if depth > limit:
                return match.start()
        elif char in "]}":
            depth -= 1
    return None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def load_json(source: SourceFile, check_duplicates: bool) -> None:
    """The one document of a JSON file, or the file-level problem that stops it."""
    text = source.text
    if not text.strip():
        source.problems.append(Problem(EMPTY_DOCUMENT, "the file is empty", span=Span(1, 1, 1, 1)))
        return
    deep = _too_deep_at(text, MAX_DEPTH)
    if deep is not None:
        source.problems.append(problem_at(source.lines, deep, NESTED_TOO_DEEPLY, too_deep()))
        return
    duplicates = False

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict:
        nonlocal duplicates
        mapping = dict(pairs)
        if len(mapping) != len(pairs):
            duplicates = True
        return mapping

    try:
        value = json.loads(
            text, object_pairs_hook=pairs_hook if check_duplicates else None, parse_constant=_reject_constant
        )
    except json.JSONDecodeError as exc:
        source.problems.append(problem_at(source.lines, exc.pos, PARSE_ERROR, f"invalid JSON: {exc.msg}"))
        return
    except RecursionError:  # pragma: no cover - _too_deep_at refuses such texts first
        source.problems.append(Problem(NESTED_TOO_DEEPLY, too_deep(), span=Span(1, 1, 1, 2)))
        return
    except ValueError as exc:  # NaN/Infinity, integers too long to convert
        source.problems.append(_value_error(source, str(exc)))
        return
    document = Document(0, value, source.content, compose=compose)
    if duplicates:
        root = document.root_node()
        document.problems.extend(duplicate_problems(root, json_duplicates(root), source.lines))
    source.documents.append(document)


def _value_error(source: SourceFile, message: str) -> Problem:
    """A value `json.loads` read but cannot make: NaN or Infinity, or an integer too long to convert."""
    text = source.text
    long_number = _LONG_INTEGER.search(text) if "digits" in message else None
    if long_number:
        digits = len(long_number.group().lstrip("-"))
        return problem_at(
            source.lines,
            long_number.start(),
            PARSE_ERROR,
            f"invalid JSON: a number of {digits:,} digits is too long to read",
        )
    where = _CONSTANT.search(text) if "not valid JSON" in message else None
    return problem_at(source.lines, where.start() if where else 0, PARSE_ERROR, f"invalid JSON: {message}")
