"""A finding's fix: what its rule's pack says (`fix:` edit, applicability, message) made edits.

A check names what to write in its hit (`Hit.fix`: the operands, such as the value or the
pointer to move to); the rule's pack names the edit and how safe it is:

    fix:
      edit: move             # set | rename | move | remove | quote | dedupe | text
      applicability: safe    # safe: meaning kept (--fix); unsafe: meaning may change (--unsafe-fixes)
      message: Move {key} to {to}

`build` turns the two into text edits (fix/edits.py); `expect` is what the fix does to the
document's data, which fix/apply.py checks against the edited file read back.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from personalint import messages
from personalint import pointer as jp
from personalint.finding import Edit, Finding, Fix, Problem
from personalint.fix.edits import Editor
from personalint.source.document import Document

if TYPE_CHECKING:
    from personalint.config import Settings
    from personalint.engine.registry import Registry

EDITS = ("set", "rename", "move", "remove", "quote", "dedupe", "text")
APPLICABILITY = ("safe", "unsafe")
_REMOVED = object()


def operands(problem: Problem) -> dict[str, Any]:
    """The fix's operands with the problem's pointer, absolute (`to` of a move is made absolute by the engine)."""
    return {"pointer": problem.pointer, **(problem.fix if isinstance(problem.fix, dict) else {})}


def build(spec: dict, problem: Problem, document: Document | None, editors: dict[int, Editor]) -> Fix | None:
    """The Fix of a problem whose rule has the pack's `spec`, or None when it cannot be made here."""
    if problem.fix is None:
        return None
    if isinstance(problem.fix, tuple):  # text edits made where the problem was (a suppression comment)
        edits: list[Edit] | None = list(problem.fix)
        fields: dict[str, Any] = {"pointer": problem.pointer}
    else:
        if document is None:
            return None
        editor = editors.get(document.index)
        if editor is None:
            editor = editors[document.index] = Editor(document)
        fields = operands(problem)
        try:
            edits = _edits(spec["edit"], editor, fields)
        except Exception:  # pragma: no cover - a fix that cannot be made is no fix, never a failed check
            edits = None
    if not edits:
        return None
    shown = {k: (v if not isinstance(v, str) or k != "to" else ".".join(jp.split(v))) for k, v in fields.items()}
    message = spec.get("message", "").format_map(messages.Fields(shown))
    change = ("text", fields) if isinstance(problem.fix, tuple) else (spec["edit"], fields)
    return Fix(spec["applicability"], message, tuple(sorted(edits, key=lambda e: (e.start, e.end))), change)


def _edits(edit: str, editor: Editor, fields: dict[str, Any]) -> list[Edit] | None:
    pointer = fields["pointer"]
    if edit == "set":
        return editor.set_value(pointer, fields["value"]) if "value" in fields else None
    if edit == "rename":
        return editor.rename(pointer, fields["key"]) if "key" in fields else None
    if edit == "move":
        return editor.move(pointer, fields["to"]) if "to" in fields else None
    if edit == "remove":
        return editor.remove(pointer)
    if edit == "quote":
        edits = editor.quote(pointer)
        member = editor.member(pointer)
        if edits and member is not None:
            fields["value"] = editor.raw(member.value)
        return edits
    if edit == "dedupe":
        return editor.remove_duplicates(pointer)
    return None


def expect(value: Any, changes: list[tuple[str, dict[str, Any]]]) -> Any:
    """The document's data once the fixes (edit, operands) are applied, as their pack describes them."""
    value = copy.deepcopy(value)
    for edit, fields in changes:
        pointer = fields["pointer"]
        if edit in ("set", "quote"):
            value = _put(value, pointer, fields["value"])
        elif edit in ("rename", "move"):
            moved = jp.resolve(value, pointer)
            value = _put(value, pointer, _REMOVED)
            target = jp.join(jp.parent(pointer), fields["key"]) if edit == "rename" else fields["to"]
            value = _put(value, target, moved, create=True)
        elif edit == "remove":
            value = _put(value, pointer, _REMOVED)
    return _purge(value)


def _put(document: Any, pointer: str, new: Any, create: bool = False) -> Any:
    tokens = jp.split(pointer)
    if not tokens:
        return new
    holder = document
    for token in tokens[:-1]:
        if isinstance(holder, list):
            holder = holder[int(token)]
        else:
            if token not in holder and create:
                holder[token] = {}
            holder = holder[token]
    last = tokens[-1]
    holder[int(last) if isinstance(holder, list) else last] = new
    return document


def _purge(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _purge(v) for k, v in value.items() if v is not _REMOVED}
    if isinstance(value, list):
        return [_purge(v) for v in value if v is not _REMOVED]
    return value


def with_fix(
    finding: Finding | None,
    problem: Problem,
    document: Document | None,
    rules: Registry,
    settings: Settings,
    editors: dict,
) -> Finding | None:
    """The finding with its rule's fix, when the rule has one, its fixes are offered and it can be made here."""
    if finding is None or problem.fix is None:
        return finding
    rule = rules.by_id.get(finding.rule)
    if rule is None or rule.fix is None or (settings.fixable is not None and rule.id not in settings.fixable):
        return finding
    spec = {**rule.fix, "applicability": settings.applicability.get(rule.id, rule.fix["applicability"])}
    fix = build(spec, problem, document, editors)
    return finding._replace(fix=fix) if fix is not None else finding
