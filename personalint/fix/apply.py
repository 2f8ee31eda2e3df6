"""Fixes applied: the edits of a file's fixable findings, re-checked, repeated, written safely.

One pass applies every fix whose edits do not overlap another's; the text is then checked
again, and the next pass takes what the edits made fixable or what overlapped (at most
`MAX_PASSES`, as ruff does). A pass is kept only when the edited text

- still parses, into as many documents,
- holds exactly the data the fixes promise (`intent.expect`: nothing else changed),
- has fewer findings of each fixed rule, and no more findings at warning or above of any rule.

When a pass fails that, its fixes are tried one at a time and the one that fails is left out:
in `Outcome.declined` when it would add a finding (fixing `llmId: customer_client_v1` to
CUSTOMER_CLIENT_V1 beside a systemPrompt makes AN020 report the prompt, a change of meaning
the user must decide on), in `Outcome.failed` when the file would not parse or hold other data
(a bug to report). A file is
written only when its bytes changed, atomically (a temporary file renamed over it), with its
mode, its encoding and byte-order mark kept.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from personalint.finding import Edit, Finding, Level
from personalint.fix.intent import expect
from personalint.result import FileResult

if TYPE_CHECKING:
    from personalint.source import SourceFile

MAX_PASSES = 10


@dataclass
class Outcome:
    """What fixing one file's text did."""

    text: str
    fixed: Counter = field(default_factory=Counter)  # findings fixed, by rule
    failed: list[Finding] = field(default_factory=list)  # fixes left out because the result broke (bugs)
    declined: list[Finding] = field(default_factory=list)  # fixes left out because they would add a finding
    result: FileResult | None = None  # the check of the final text
    applied: list[Finding] = field(default_factory=list)  # the findings whose fixes were applied, in order
    passes: list[tuple[str, list[Edit]]] = field(default_factory=list)  # (text before, edits) of each pass

    @property
    def count(self) -> int:
        return sum(self.fixed.values())


def wanted(finding: Finding, unsafe: bool) -> bool:
    return finding.fix is not None and (finding.fix.safe or unsafe)


def fix_text(path: str, text: str, settings: Any, unsafe: bool = False, checked: FileResult | None = None) -> Outcome:
    """`text` (of a file shown as `path`) with its fixes applied, each pass verified. `checked`: the
    check of `text` with `settings` when the caller has it already (it is not made again)."""
    from personalint.pipeline import check_bytes
    from personalint.source import load

    def check(current: str) -> FileResult:
        return check_bytes(path, current.encode("utf-8", "surrogatepass"), settings)

    @lru_cache(maxsize=2)  # a pass's text is read back once, whichever of its fixes are tried
    def loaded(current: str) -> SourceFile:
        return load(path, current.encode("utf-8", "surrogatepass"), check_duplicates=False)

    outcome = Outcome(text)
    result = checked if checked is not None else check(text)
    refused: set[tuple[str, str, int]] = set()  # (rule, pointer, line) of fixes that broke the file
    for _ in range(MAX_PASSES):
        candidates = [f for f in result.findings if wanted(f, unsafe) and _key(f) not in refused]
        if not candidates:
            break
        chosen = _non_overlapping(candidates)
        progress = _try(outcome.text, result, chosen, check, loaded)
        if isinstance(progress, str):  # one at a time, leaving out those that fail
            for finding in chosen:
                single = _try(outcome.text, result, [finding], check, loaded)
                if isinstance(single, str):
                    refused.add(_key(finding))
                    (outcome.declined if single == _ADDS else outcome.failed).append(finding)
                    continue
                outcome.passes.append((outcome.text, list(finding.fix.edits if finding.fix else ())))
                outcome.applied.append(finding)
                outcome.text, result, fixed = single
                outcome.fixed.update(fixed)
                break  # the findings' offsets are of the old text: take the next pass's
            else:
                break
            continue
        outcome.passes.append((outcome.text, [e for f in chosen for e in (f.fix.edits if f.fix else ())]))
        outcome.applied.extend(chosen)
        outcome.text, result, fixed = progress
        outcome.fixed.update(fixed)
    outcome.result = result
    return outcome


def _key(finding: Finding) -> tuple[str, str, int]:
    return finding.rule, finding.pointer, finding.span.line


def _non_overlapping(findings: list[Finding]) -> list[Finding]:
    """The fixes to apply together: in order of their first edit, each that overlaps none taken before."""
    taken: list[Finding] = []
    used: list[Edit] = []
    for finding in sorted(findings, key=lambda f: (f.fix.edits[0].start if f.fix else 0, f.rule)):
        assert finding.fix is not None
        if any(_overlap(a, b) for a in finding.fix.edits for b in used):
            continue
        taken.append(finding)
        used.extend(finding.fix.edits)
    return taken


def _overlap(a: Edit, b: Edit) -> bool:
    if a.start == b.start and (a.start == a.end or b.start == b.end):
        return True  # two insertions (or an insertion and a removal) at one place: order matters
    return a.start < b.end and b.start < a.end


def apply_edits(text: str, edits: list[Edit]) -> str:
    """`text` with non-overlapping `edits` applied (from the end, so offsets stay right)."""
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        text = text[: edit.start] + edit.content + text[edit.end :]
    return text


_ADDS = "it would add a finding"


def _try(
    text: str, before: FileResult, chosen: list[Finding], check: Any, loaded: Callable[[str], SourceFile]
) -> tuple[str, FileResult, Counter] | str:
    """(new text, its check, findings fixed by rule) when applying `chosen` passes every test, else why not."""
    edits = [edit for finding in chosen for edit in (finding.fix.edits if finding.fix else ())]
    new = apply_edits(text, edits)
    if new == text:
        return "it changes nothing"
    if not _same_data(loaded(text), loaded(new), chosen):
        return "the file it makes does not hold the data it promises"
    after = check(new)
    old_counts = Counter(f.rule for f in before.findings)
    new_counts = Counter(f.rule for f in after.findings)
    serious_old = Counter(f.rule for f in before.findings if f.level >= Level.WARNING)
    serious_new = Counter(f.rule for f in after.findings if f.level >= Level.WARNING)
    if any(serious_new[rule] > serious_old[rule] for rule in serious_new):
        return _ADDS
    rules = {finding.rule for finding in chosen}
    if any(new_counts[rule] >= old_counts[rule] for rule in rules):
        return "its finding is still reported"
    return new, after, Counter({rule: old_counts[rule] - new_counts[rule] for rule in rules})


def _same_data(before: SourceFile, after: SourceFile, chosen: list[Finding]) -> bool:
    """Whether `after` holds the documents of `before` changed exactly as the fixes say."""
    if before.problems != after.problems and after.problems:
        return False
    if len(before.documents) != len(after.documents):
        return False
    changes: dict[int | None, list[tuple[str, dict]]] = {}
    for finding in chosen:
        if finding.fix is not None and finding.fix.change is not None and finding.fix.change[0] != "text":
            changes.setdefault(finding.document, []).append(finding.fix.change)
    for document, later in zip(before.documents, after.documents, strict=True):
        try:
            wanted_value = expect(document.value, changes.get(document.index, []))
        except (KeyError, IndexError, TypeError, ValueError):
            return False
        if not same(wanted_value, later.value):
            return False
    return True


def same(a: Any, b: Any) -> bool:
    """Equal data; two values the code computes (source.code.Unknown) are the same when written the same."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if type(a).__name__ == "Unknown" and type(b).__name__ == "Unknown":
        return bool(getattr(a, "text", None) == getattr(b, "text", None))
    return type(a) is type(b) and bool(a == b)


# --- files -------------------------------------------------------------------------------------


class NotWritable(Exception):
    """A file that cannot be written back as it was read (its bytes do not decode and encode again)."""


def file_text(data: bytes) -> tuple[str, str, bytes]:
    """(text, codec, byte-order mark) of a file's bytes, when writing the text back gives the same bytes."""
    from personalint.source.text import encoding

    codec, _, bom = encoding(data)
    try:
        text = data[bom:].decode(codec)
    except UnicodeDecodeError as exc:
        raise NotWritable(f"it is not valid {codec}") from exc
    if text.encode(codec) != data[bom:]:
        raise NotWritable(f"its {codec} does not read back byte for byte")
    return text, codec, data[:bom]


def write(path: str, text: str, codec: str, bom: bytes) -> None:
    """Replace the file at `path` with `text`, atomically, keeping its mode, encoding and BOM.

    A read-only file is refused (PermissionError): the rename would replace it all the same.
    """
    if not os.access(path, os.W_OK):
        raise PermissionError(errno.EACCES, "the file is read-only", path)
    data = bom + text.encode(codec)
    folder = os.path.dirname(os.path.abspath(path))
    mode = os.stat(path).st_mode & 0o7777
    handle, temporary = tempfile.mkstemp(prefix=".personalint-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
