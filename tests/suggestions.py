"""Apply the suggestion a finding's message offers, mechanically, to the parsed document (tests/test_suggestions.py).

A message that offers a fix says it in one of a few forms ("did you mean 'X'", "write K: 'V'
instead", "use V", "set K in M instead", "rename a → b and drop c", "remove the key", ...).
`edits(rule, pointer, message, document)` turns one into `Edit`s on the document's value (JSON
Pointer edits: set a value, drop a key or item, move a key, unwrap a list), `apply` makes the
edited copy, and `remap` says where a pointer of the original document is in the edited one, so
that the findings before and after can be compared.

`offers(message)` tells a message that suggests something; `ADVICE` lists the forms that suggest
no value a program could write (a UUID of your own, a choice between designs): those are counted
as read, not applied. A message that offers something and matches neither is "unparsed", and the
test lists it, so that no class of suggestion is skipped in silence.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from personalint import pointer as jp

_MISSING = object()


@dataclass(frozen=True)
class Edit:
    """One change: `set` pointer to value (created if absent), `drop` pointer, `move` pointer to `to`,
    `unwrap` the document (a list around the one object)."""

    op: str
    pointer: str
    value: Any = None
    to: str = ""


# ---------------------------------------------------------------- applying and remapping


def apply(document: Any, edits: list[Edit]) -> Any:
    """A copy of `document` with `edits` made, in order."""
    document = copy.deepcopy(document)
    for edit in edits:
        if edit.op == "unwrap":
            document = document[0]
        elif edit.op == "set":
            document = _set(document, edit.pointer, copy.deepcopy(edit.value))
        elif edit.op == "drop":
            _drop(document, edit.pointer)
        elif edit.op == "move":
            value = jp.resolve(document, edit.pointer)
            _drop(document, edit.pointer)
            document = _set(document, edit.to, value)
        else:
            raise ValueError(f"unknown edit {edit.op!r}")
    return document


def _set(document: Any, pointer: str, value: Any) -> Any:
    if not pointer:
        return value
    tokens = jp.split(pointer)
    container = document
    for token in tokens[:-1]:
        if isinstance(container, list):
            container = container[int(token)]
        else:
            container = container.setdefault(token, {})
    if isinstance(container, list):
        container[int(tokens[-1])] = value
    else:
        container[tokens[-1]] = value
    return document


def _drop(document: Any, pointer: str) -> None:
    container = jp.resolve(document, jp.parent(pointer))
    last = jp.split(pointer)[-1]
    if isinstance(container, list):
        del container[int(last)]
    else:
        del container[last]


def remap(pointer: str, edits: list[Edit]) -> str | None:
    """Where `pointer` of the original document is after `edits` (None: it is gone)."""
    current: str | None = pointer
    for edit in edits:
        if current is None:
            return None
        if edit.op == "unwrap":
            current = _under(current, "/0", "")
        elif edit.op == "drop":
            current = _after_drop(current, edit.pointer)
        elif edit.op == "move":
            moved = _under(current, edit.pointer, edit.to)
            current = moved if moved is not None else current
    return current


def _under(pointer: str, base: str, to: str) -> str | None:
    if pointer == base or pointer.startswith(base + "/"):
        return to + pointer[len(base) :]
    return None


def _after_drop(pointer: str, dropped: str) -> str | None:
    if _under(pointer, dropped, "") is not None:
        return None
    parent, last = jp.parent(dropped), jp.split(dropped)[-1]
    rest = _under(pointer, parent, "")
    if not last.isdigit() or not rest:
        return pointer
    index, _, tail = rest[1:].partition("/")
    if index.isdigit() and int(index) > int(last):
        return jp.join(parent, int(index) - 1) + (f"/{tail}" if tail else "")
    return pointer


# ---------------------------------------------------------------- reading the suggestion

OFFERS = re.compile(
    r"did you mean|instead|rename|→|\buse\b|\bdrop\b|\bremove\b|\bwrite\b|\bset (it|\w+ to)\b|\bmove\b"
    r"|trim it|should read|keep one|belongs at|current name is|leave the key out|and it is not set$"
)
# suggestions that name no value a program could write: counted as read, never applied
ADVICE = re.compile(
    r"the UUID of|use the id of|write there the|fill in the real value|put a placeholder|put the real key|choose a distinctive"
    r"|list every tool|send avatarModel in this update|shorten it or use toolIds|set those fields instead"
    r"|then set its widget|the personaId of a saved persona instead|use guardrail_ids or guardrail_tags"
    r"|expose your LLM|secrets belong in the credential fields|personalint cannot"
)

Builder = Callable[["re.Match[str]", str, Any], "list[Edit] | None"]


def _dotted(path: str) -> str:
    return "/" + path.replace(".", "/")


def _value(document: Any, pointer: str) -> Any:
    return jp.resolve(document, pointer, _MISSING)


def _sibling(pointer: str, key: str) -> str:
    return jp.join(jp.parent(pointer), key)


def _rename(pointer: str, key: str) -> list[Edit]:
    return [Edit("move", pointer, to=_sibling(pointer, key))]


def _names(text: str) -> list[str]:
    return [n for n in re.split(r",\s*|\s+and\s+", text.strip()) if n]


def _find(document: Any, base: str, key: str) -> str | None:
    """Where `key` is: beside the finding, else its one place anywhere in the document."""
    if _value(document, jp.join(base, key)) is not _MISSING:
        return jp.join(base, key)
    places = [p for p, _ in jp.walk(document) if p and jp.split(p)[-1] == key]
    return places[0] if len(places) == 1 else None


def _renames(match: re.Match[str], pointer: str, document: Any) -> list[Edit] | None:
    """TV015 "rename a → b, c → d and drop e, f": each key where it is (a layer's key too)."""
    base, edits = jp.parent(pointer), []
    for old, new in re.findall(r"(\w+) → (\w+)", match[1]):
        where = _find(document, base, old)
        if where is None:
            return None
        edits.append(Edit("move", where, to=_sibling(where, new)))
    for key in _names(match[2] or ""):
        where = _find(document, base, key)
        edits += [Edit("drop", where)] if where is not None else []
    return edits


def _current_name(match: re.Match[str], pointer: str, document: Any) -> list[Edit] | None:
    """TV111/PT001 "its current name is X": a key renamed, or a patch's path (and op) rewritten."""
    name, last = match[1], jp.split(pointer)[-1] if pointer else ""
    if isinstance(document, list) and last in ("path", "op"):
        item = jp.parent(pointer)
        path = _value(document, item + "/path")
        if not isinstance(path, str):
            return None
        edits = [Edit("set", item + "/path", jp.join(jp.parent(path), name))]
        return edits + ([Edit("set", item + "/op", "add")] if "with add" in match.string else [])
    return _rename(pointer, name)


def _string_edit(change: Callable[[str], str]) -> Builder:
    def build(match: re.Match[str], pointer: str, document: Any) -> list[Edit] | None:
        value = _value(document, pointer)
        return [Edit("set", pointer, change(value))] if isinstance(value, str) else None

    return build


def _mojibake(match: re.Match[str], pointer: str, document: Any) -> list[Edit] | None:
    bad, good = (json.loads(f'"{s}"') for s in (match[1], match[2]))
    return _string_edit(lambda text: text.replace(bad, good))(match, pointer, document)


def _move_into(match: re.Match[str], pointer: str, document: Any) -> list[Edit]:
    target = "/" + match[2]
    return [Edit("move", "/" + key, to=jp.join(target, key)) for key in _names(match[1])]


def _prompt_move(match: re.Match[str], pointer: str, document: Any) -> list[Edit] | None:
    """ "move brain.systemPrompt into systemPrompt" (AN006), "move its text into system_prompt" (TV111)."""
    source = _dotted(match[1]) if match[1] != "its text" else pointer
    text, target = _value(document, source), "/" + match[2]
    if not isinstance(text, str):
        return None
    before = _value(document, target)
    merged = f"{before}\n\n{text}" if isinstance(before, str) and before else text
    return [Edit("set", target, merged), Edit("drop", pointer)]


def _drops(match: re.Match[str], pointer: str, document: Any) -> list[Edit]:
    base = jp.parent(pointer)
    return [
        Edit("drop", jp.join(base, k)) for k in _names(match[1]) if _value(document, jp.join(base, k)) is not _MISSING
    ]


def _keep_one(match: re.Match[str], pointer: str, document: Any) -> list[Edit] | None:
    """AN300 "personaId ... together with inline persona fields (a, b): keep one": keep the saved persona."""
    fields = re.search(r"inline persona fields \(([\w, ]+)\)", match.string)
    if fields is None or " more" in fields[1]:
        return None
    return _drops(fields, pointer, document)


def _vision(match: re.Match[str], pointer: str, document: Any) -> list[Edit]:
    """TV111 on vqa: "use layers.perception: perception_model raven-1 ... perception_model 'off' where it had vision off"."""
    model = match[2] if match[2] and _is_off(_value(document, pointer)) else match[1]
    return [Edit("drop", pointer), Edit("set", "/layers/perception/perception_model", model)]


def _key_message(message: str) -> bool:
    return message.startswith("unknown key") or "is not a documented field" in message


# (pattern, builder), tried in order; the first that matches and builds wins
PARSERS: list[tuple[re.Pattern[str], Builder]] = [
    (
        re.compile(r"did you mean '([^']+)'"),
        lambda m, p, d: _rename(p, m[1]) if _key_message(m.string) else [Edit("set", p, m[1])],
    ),
    (re.compile(r"did you mean (/\S+?)\?"), lambda m, p, d: [Edit("set", p, m[1])]),
    (
        re.compile(r"write (\w+): '([^']+)' instead"),
        lambda m, p, d: [Edit("drop", p), Edit("set", _sibling(p, m[1]), m[2])],
    ),
    (re.compile(r"write '([^']+)' in quotes"), lambda m, p, d: [Edit("set", p, m[1])]),
    (re.compile(r"write (true|false) without quotes"), lambda m, p, d: [Edit("set", p, m[1] == "true")]),
    (
        re.compile(r"set (\w+) \(([^)]+)\) in ([\w.]+) instead"),
        lambda m, p, d: [Edit("drop", p), Edit("set", _dotted(f"{m[3]}.{m[1]}"), m[2])],
    ),
    (re.compile(r"set (\w+) in ([\w.]+) instead"), lambda m, p, d: [Edit("move", p, to=_dotted(f"{m[2]}.{m[1]}"))]),
    (re.compile(r"set ([\w]+\.[\w.]+) instead"), lambda m, p, d: [Edit("move", p, to=_dotted(m[1]))]),
    (re.compile(r"set it to '([^']+)'"), lambda m, p, d: [Edit("set", p, m[1])]),
    (re.compile(r"set (\w+) to (\w+)"), lambda m, p, d: [Edit("set", jp.join(p, m[1]), m[2])]),
    (re.compile(r"rename ((?:\w+ → \w+(?:, | and )?)+)(?:drop ([\w, ]+))?"), _renames),
    (re.compile(r"its current name is (\w+)"), _current_name),
    (
        re.compile(
            r"use layers\.perception:? \(?perception_model (raven-\d)(?:.*perception_model '(off)' where it had vision off)?"
        ),
        _vision,
    ),
    (re.compile(r"belongs at ([\w.]+)(?: \(|$)"), lambda m, p, d: [Edit("move", p, to=_dotted(m[1]))]),
    (re.compile(r"^([\w, ]+?) sit at the top level.*move them into (\w+)"), _move_into),
    (re.compile(r"move ([\w.]+|its text) (?:\([^)]*\) )?into (\w+)"), _prompt_move),
    (
        re.compile(r"requires (\w+)\.(\w+): (true|false), and it is not set"),
        lambda m, p, d: [Edit("set", f"/{m[1]}/{m[2]}", m[3] == "true")],
    ),
    (re.compile(r"remove the list around the one object"), lambda m, p, d: [Edit("unwrap", "")]),
    (re.compile(r"remove the response-only fields ([\w, ]+)"), _drops),
    (re.compile(r"remove (\w+ and \w+)$"), _drops),
    (re.compile(r"leave ([a-z_]+\.[\w.]+) out"), lambda m, p, d: [Edit("drop", _dotted(m[1]))]),
    (
        re.compile(r"remove the key|leave the key out|remove the repeat|; remove it(?:;| \()|or remove it$"),
        lambda m, p, d: [Edit("drop", p)],
    ),
    (re.compile(r"keep one$"), _keep_one),
    (re.compile(r"drop the trailing slash"), _string_edit(lambda s: s.rstrip("/"))),
    (re.compile(r"trim it"), _string_edit(str.strip)),
    (re.compile(r"mojibake: '([^']+)' should read '([^']+)'"), _mojibake),
    (re.compile(r"use https(?:://)?$"), _string_edit(lambda s: re.sub(r"^http:", "https:", s))),
    (re.compile(r"use one of ([\w.-]+)"), lambda m, p, d: [Edit("set", p, m[1])]),
    (re.compile(r"use '([^']+)'"), lambda m, p, d: [Edit("set", p, m[1])]),
    (
        re.compile(r"use ([a-z][\w.]*(?:-[\w.]+)+|[a-z]+-?\d[\w.-]*)(?: \(| or |$)"),
        lambda m, p, d: [Edit("set", p, m[1])],
    ),
]


def edits(pointer: str, message: str, document: Any) -> list[Edit] | None:
    """The edits the message's suggestion makes, or None when it offers none this module can read."""
    for pattern, build in PARSERS:
        match = pattern.search(message)
        if match is not None:
            built = build(match, pointer, document)
            if built is not None:
                return built
    return None


def written(edits: list[Edit]) -> list[str]:
    """The keys and values the edits write: a finding naming one of them blames the suggestion itself."""
    words = []
    for edit in edits:
        if edit.op == "move":
            words.append(jp.split(edit.to)[-1])
        elif edit.op == "set" and isinstance(edit.value, str):
            words.append(edit.value)
    return words


def turns_on(document: Any, finding_pointer: str, edits: list[Edit]) -> str | None:
    """A suggestion that writes a value turning on what the config had off (false, 'off', 'false')."""
    if not _is_off(_value(document, finding_pointer)):
        return None
    for edit in edits:
        if (
            edit.op == "set"
            and edit.pointer != finding_pointer
            and edit.value not in (False, "off", "false", None, "", [], {})
        ):
            return f"writes {edit.value!r} at {edit.pointer} where the config had {finding_pointer} off"
    return None


def _is_off(value: Any) -> bool:
    """A value that turns its feature off: false, 'off', or an old layer {enable_vision: false}."""
    if isinstance(value, dict):
        return any(_is_off(v) for k, v in value.items() if k.startswith("enable"))
    return value is False or value in ("off", "false")


def offers(message: str) -> bool:
    """Whether the message suggests a change at all."""
    return OFFERS.search(message) is not None


def pattern(message: str) -> str:
    """The message with its quoted values, numbers and names blurred: the form of an unparsed message."""
    return re.sub(r"'[^']*'|\d[\d,.]*", "…", message)
