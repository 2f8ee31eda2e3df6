"""The properties every fix must have (issue 12), checked on one file's text.

- the fixed text parses, into as many documents;
- its data differs from the original only at the pointers of the fixed findings (a moved
  key: where it was and where it went; a list item removed: the list);
- fixing it again changes nothing, and the fixed findings are gone;
- no finding at warning or above appears that was not there;
- every change of the text is inside the edits' ranges (formatting elsewhere byte-identical).
"""

from __future__ import annotations

import difflib
from collections import Counter
from typing import Any

from personalint import pointer as jp
from personalint.config import Settings
from personalint.finding import Level
from personalint.fix.apply import Outcome, fix_text, same
from personalint.source import load


def check_properties(path: str, text: str, settings: Settings | None = None, unsafe: bool = True) -> Outcome:
    settings = settings or Settings.default()
    outcome = fix_text(path, text, settings, unsafe=unsafe)
    assert not outcome.failed, f"{path}: fixes left out because they broke the file: {outcome.failed}"
    if not outcome.applied:
        assert outcome.text == text
        return outcome
    before = load(path, text.encode("utf-8"))
    after = load(path, outcome.text.encode("utf-8"))
    assert not after.problems or after.problems == before.problems, (path, after.problems, outcome.text)
    assert len(before.documents) == len(after.documents), path
    touched: dict[int | None, list[str]] = {}
    for finding in outcome.applied:
        assert finding.fix is not None
        places = touched.setdefault(finding.document, [])
        operands = finding.fix.change[1] if finding.fix.change else {}
        places.append(finding.pointer)
        places.append(jp.parent(finding.pointer))  # a removed list item shifts the list
        if "to" in operands:  # a move: where it went, and the mappings made on the way
            tokens = jp.split(operands["to"])
            places += [jp.join("", *tokens[:depth]) for depth in range(1, len(tokens) + 1)]
        if "key" in operands:  # a rename
            places.append(jp.join(jp.parent(finding.pointer), operands["key"]))
    for old, new in zip(before.documents, after.documents, strict=True):
        allowed = touched.get(old.index, [])
        for where in differences(old.value, new.value):
            assert where in allowed or any(where.startswith(p + "/") for p in allowed if p), (
                f"{path}: document {old.index} changed at {where}, which no fixed finding names ({allowed})"
            )
    # again: nothing more to do, and the fixed findings are gone
    again = fix_text(path, outcome.text, settings, unsafe=unsafe)
    assert again.text == outcome.text and not again.applied, f"{path}: a second --fix changed it again"
    assert outcome.result is not None
    left = {(f.rule, f.pointer, f.message) for f in outcome.result.findings}
    for finding in outcome.applied:
        assert (finding.rule, finding.pointer, finding.message) not in left, (path, finding)
    # no new finding at warning or above
    from personalint.pipeline import check_bytes

    first = check_bytes(path, text.encode("utf-8"), settings)
    serious_before = Counter(f.rule for f in first.findings if f.level >= Level.WARNING)
    serious_after = Counter(f.rule for f in outcome.result.findings if f.level >= Level.WARNING)
    for rule, count in serious_after.items():
        assert count <= serious_before[rule], f"{path}: the fixes added a {rule} finding"
    # formatting outside the edited ranges is byte-identical, pass by pass: the lines that change are
    # the lines of the edits (a line next to one may be matched for an identical one: one line of slack)
    text_now = text
    for old_text, edits in outcome.passes:
        assert old_text == text_now, f"{path}: a pass did not start from the text the one before made"
        new_text = text_now = _apply(old_text, edits)
        old_lines, new_lines = old_text.splitlines(keepends=True), new_text.splitlines(keepends=True)
        ranges = [(e.span.line - 1, e.span.end_line - 1) for e in edits]
        matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
        for tag, a0, a1, _, _ in matcher.get_opcodes():
            if tag != "equal":
                last = max(a0, a1 - 1)
                assert any(first - 1 <= last and a0 <= end + 1 for first, end in ranges), (
                    f"{path}: lines {a0 + 1}-{a1} changed outside every edit's lines {ranges}"
                )
    assert text_now == outcome.text, f"{path}: the passes do not add up to the fixed text"
    return outcome


def _apply(text: str, edits: list[Any]) -> str:
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        text = text[: edit.start] + edit.content + text[edit.end :]
    return text


def differences(a: Any, b: Any, here: str = "") -> list[str]:
    """The pointers where two values differ: a changed scalar, a key added or removed, a list resized."""
    if isinstance(a, dict) and isinstance(b, dict):
        found = [jp.join(here, k) for k in set(a) ^ set(b)]
        for key in set(a) & set(b):
            found += differences(a[key], b[key], jp.join(here, key))
        return found
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [here]
        return [p for i, (x, y) in enumerate(zip(a, b, strict=True)) for p in differences(x, y, jp.join(here, i))]
    return [] if same(a, b) else [here]
