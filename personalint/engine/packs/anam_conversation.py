"""The Python behind rules/anam-conversation.yaml: the languageCode judgement and the inline tools.

`judge_language` gives one verdict on a languageCode (ISO 639 and BCP 47, from the tables
in anam_conversation.languages.json); three rules each report one verdict. The tool checks
look inside the inline tools of a session token, whose fields depend on the tool's kind.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from functools import cache
from typing import NamedTuple

from personalint import messages
from personalint import pointer as jp
from personalint.engine.context import MISSING, Context, Hit, blank, check
from personalint.engine.vocabulary import PATH, STRINGS

# --- languageCode --------------------------------------------------------------------------

_LANGUAGES = os.path.join(os.path.dirname(__file__), "anam_conversation.languages.json")
_BCP47 = re.compile(r"([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})+")


class Languages(NamedTuple):
    """The tables of anam_conversation.languages.json (its `description` says what each holds)."""

    iso_639_1: dict[str, str]  # code -> English name
    withdrawn: dict[str, tuple[str, list[str]]]  # code -> (why, the codes to use instead)
    anam: frozenset[str]  # the codes Anam documents
    iso_639_2: dict[str, str]  # three-letter code -> ISO 639-1 code
    names: dict[str, str]  # a language's name, lower case -> ISO 639-1 code


@cache
def languages() -> Languages:
    """The language tables, read once."""
    with open(_LANGUAGES, encoding="utf-8") as file:
        data = json.load(file)
    names = {name.lower(): code for code, name in data["iso_639_1"].items()}
    names.update(data["names"])
    return Languages(
        iso_639_1=data["iso_639_1"],
        withdrawn={code: (entry["reason"], entry["use"]) for code, entry in data["withdrawn"].items()},
        anam=frozenset(data["anam"]),
        iso_639_2=data["iso_639_2"],
        names=names,
    )


def _quoted(codes: list[str]) -> str:
    quoted = [f"'{c}'" for c in codes]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def judge_language(value: str) -> tuple[str | None, dict]:
    """(verdict, message fields) for a languageCode string.

    verdict: None (an ISO 639-1 code Anam documents), "undocumented" (a valid ISO 639-1 code
    outside Anam's list), "tag" (a BCP 47 tag, a miscased or withdrawn code, with the ISO
    639-1 code to use), "invalid" (anything else, with a suggestion when one is clear).
    """
    tables = languages()
    if value in tables.iso_639_1:
        return (None, {}) if value in tables.anam else ("undocumented", {"name": tables.iso_639_1[value]})
    text = value.strip()
    lower = text.lower()
    if lower in tables.withdrawn:
        reason, codes = tables.withdrawn[lower]
        return "tag", {"reason": reason, "suggestion": _quoted(codes), "codes": tuple(codes)}
    if lower in tables.iso_639_1:
        return "tag", {
            "reason": "not written as an ISO 639-1 code (lower case, no spaces)",
            "suggestion": _quoted([lower]),
            "codes": (lower,),
        }
    match = _BCP47.fullmatch(text)
    if match:
        primary = match.group(1).lower()
        code = primary if primary in tables.iso_639_1 else tables.iso_639_2.get(primary)
        if primary in tables.withdrawn:
            code = tables.withdrawn[primary][1][0]
        if code:
            return "tag", {
                "reason": "a BCP 47 language tag, not an ISO 639-1 code",
                "suggestion": _quoted([code]),
                "codes": (code,),
            }
    if lower in tables.iso_639_2:
        return "invalid", {"hint": f" (it is the ISO 639-2 code); did you mean '{tables.iso_639_2[lower]}'?"}
    if lower in tables.names:
        return "invalid", {"hint": f" (it is a language name); did you mean '{tables.names[lower]}'?"}
    if not text:
        return "invalid", {"hint": " (it is empty); omit languageCode to keep multilingual mode"}
    return "invalid", {"hint": ""}


def _language_verdicts(ctx: Context, params: dict, verdict: str) -> Iterator[Hit]:
    for path, value in ctx.find(params["path"]):
        if not isinstance(value, str):
            continue  # the schema reports the type (YAML's unquoted `no` is a boolean)
        found, fields = judge_language(value)
        if found == verdict:
            codes = fields.pop("codes", ())
            # one code to write: the fix (a withdrawn code with two successors is a choice)
            fix = {"value": codes[0]} if len(codes) == 1 else None
            yield Hit(path, "value", {"value": messages.value(value, path), **fields}, fix=fix)


@check(required=("path",), params={"path": PATH})
def invalid_language_code(ctx: Context, params: dict) -> Iterator[Hit]:
    """A language code at `path` that is no ISO 639-1 code (a name, an ISO 639-2 code, unknown)."""
    yield from _language_verdicts(ctx, params, "invalid")


@check(required=("path",), params={"path": PATH})
def language_tag(ctx: Context, params: dict) -> Iterator[Hit]:
    """A language code at `path` written as a BCP 47 tag, miscased, or withdrawn, with its ISO 639-1 code."""
    yield from _language_verdicts(ctx, params, "tag")


@check(required=("path",), params={"path": PATH})
def undocumented_language(ctx: Context, params: dict) -> Iterator[Hit]:
    """A valid ISO 639-1 code at `path` that is not among the languages Anam documents."""
    yield from _language_verdicts(ctx, params, "undocumented")


# --- inline tools (session-token personaConfig.tools) --------------------------------------

_KIND_FIELDS = {
    "type": "object",
    "propertyNames": {"pattern": "^(server/)?[a-z]+$"},
    "additionalProperties": STRINGS,
}


def _tool_kind(tool: dict, kinds: dict) -> str | None:
    """The tool's kind as the tables name it (its type, or server/<subtype>), if they name it."""
    kind, subtype = tool.get("type"), tool.get("subtype")
    if kind == "server":
        name = f"server/{subtype}" if isinstance(subtype, str) else None
    else:
        name = kind if isinstance(kind, str) and "/" not in kind else None
    return name if name in kinds else None


def _label(kind: str) -> str:
    return kind.rpartition("/")[2]  # server/webhook tools are webhook tools


def _tools(ctx: Context) -> Iterator[tuple[str, dict]]:
    for path, tool in ctx.find("/tools/*"):
        if isinstance(tool, dict):
            yield path, tool


@check(params={})
def server_tool_subtype(ctx: Context, params: dict) -> Iterator[Hit]:
    """An inline tool of type server without a subtype (knowledge or webhook)."""
    for path, tool in _tools(ctx):
        if tool.get("type") == "server" and blank(tool.get("subtype", MISSING)):
            name = tool.get("name")
            # subtype is missing: reported at the tool (the mapping that should hold it), as AN225 is
            yield Hit(path, "container", {"name": messages.value(name) if isinstance(name, str) else f"at {path}"})


@check(
    required=("common", "fields"),
    params={
        "common": {**STRINGS, "description": "The fields every inline tool takes."},
        "fields": {
            **_KIND_FIELDS,
            "description": "The other fields of each kind of tool: its type, or server/<subtype>.",
        },
    },
)
def inline_tool_fields(ctx: Context, params: dict) -> Iterator[Hit]:
    """Keys of an inline tool that are neither `common` nor among the `fields` of its kind."""
    common, kinds = tuple(params["common"]), params["fields"]
    for path, tool in _tools(ctx):
        kind = _tool_kind(tool, kinds)
        if kind is None:
            continue
        known = common + tuple(kinds[kind])
        for key in tool:
            if key not in known:
                yield Hit(
                    jp.join(path, key), "key", {"key": key, "tool": _label(kind), "hint": _hint(key, known, params)}
                )


def _hint(key: str, known: tuple[str, ...], params: dict) -> str:
    """Where an undocumented tool key is documented instead, or the documented key it is close to."""
    kinds = params["fields"]
    owners = [_label(k) for k, fields in kinds.items() if key in fields]
    if owners:
        return f"; it is documented for {messages.and_join(owners)} tools only"
    everything = sorted(set(params["common"]).union(*kinds.values()))
    import difflib  # only when a name is wrong

    close = difflib.get_close_matches(key, everything, n=1, cutoff=0.6)
    if not close:
        return ""
    if close[0] in known:
        return f"; did you mean '{close[0]}'?"
    # a close key of another kind of tool is no fix here (awaitResult on a webhook tool): Anam ignores the key
    where = messages.and_join([_label(k) for k, fields in kinds.items() if close[0] in fields])
    return f"; remove it ('{close[0]}', which it resembles, is documented for {where} tools only)"


@check(
    required=("fields",),
    params={"fields": {**_KIND_FIELDS, "description": "The fields each kind of tool needs."}},
)
def incomplete_server_tool(ctx: Context, params: dict) -> Iterator[Hit]:
    """An inline tool without one of the `fields` its kind needs (a webhook tool without url)."""
    for path, tool in _tools(ctx):
        kind = _tool_kind(tool, params["fields"])
        missing = [f for f in params["fields"][kind] if blank(tool.get(f, MISSING))] if kind else []
        if kind and missing:
            yield Hit(path, "container", {"tool": _label(kind), "missing": messages.and_join(missing)})


@check(
    required=("max", "fields"),
    params={
        "max": {"type": "integer", "minimum": 1, "description": "The most bytes of UTF-8 each may take."},
        "fields": {**STRINGS, "description": "The tool fields that hold a JSON Schema."},
    },
)
def tool_schema_size(ctx: Context, params: dict) -> Iterator[Hit]:
    """An inline tool's JSON Schema `fields` serialise to more than `max` bytes of UTF-8.

    Measured on the most compact JSON (no spaces), so a finding is certain: any other
    serialisation is at least as long.
    """
    limit = params["max"]
    for path, tool in _tools(ctx):
        for key in params["fields"]:
            schema = tool.get(key)
            if not isinstance(schema, dict):
                continue
            try:
                size = len(json.dumps(schema, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
            except (TypeError, ValueError):
                continue  # a YAML date or other value JSON cannot hold: the schema reports it
            if size > limit:
                yield Hit(jp.join(path, key), "key", {"key": key, "count": f"{size:,}", "max": f"{limit:,}"})
