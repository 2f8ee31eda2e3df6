"""What `personalint check --fix / --diff / --fix-only / --add-disable` does to each file checked.

`Fixer` is the pipeline's `after` hook (pipeline.check_paths): it gets each file's bytes and
result, applies the fixes the options allow (fix/apply.py), writes the file (or keeps its
diff, or the fixed text of standard input) and returns the result of the fixed text, which is
what gets reported. `--add-disable` adds suppression comments instead (fix/disable.py).
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from personalint.fix.apply import NotWritable, apply_edits, file_text, fix_text, same, wanted, write
from personalint.ids import UNUSED_SUPPRESSION
from personalint.result import FileResult


@dataclass
class Fixer:
    settings: Any
    fixed: Counter = field(default_factory=Counter)  # by rule
    failed: int = 0
    declined: int = 0  # fixes not applied because they would add a finding
    diffs: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # the files written (or, with --diff, that would be)
    stdout: str | None = None  # standard input's fixed text
    disabled: int = 0  # --add-disable: comments added
    refused: list[str] = field(default_factory=list)  # files that could not be written back, and why

    def __call__(self, path: str, data: bytes, result: FileResult) -> FileResult:
        if self.settings.add_disable:
            return self._disable(path, data, result)
        unsafe = self.settings.unsafe_fixes
        if not any(wanted(f, unsafe) for f in result.findings):
            if path == "-":
                self.stdout = data.decode("utf-8", "replace")
            return result
        try:
            text, codec, bom = file_text(data)
        except NotWritable as exc:
            self.refused.append(f"{result.path}: not fixed: {exc}")
            return result
        outcome = fix_text(result.path, text, self.settings, unsafe=unsafe, checked=result)
        if outcome.text != text:
            if self.settings.diff:
                self.diffs.append(diff(result.path, text, outcome.text))
            elif path != "-" and not self._written(path, outcome.text, codec, bom, f"{result.path}: not fixed"):
                return result
            self.changed.append(result.path)
        if path == "-" and not self.settings.diff:
            self.stdout = outcome.text
        self.fixed.update(outcome.fixed)
        self.failed += len(outcome.failed)
        self.declined += len(outcome.declined)
        if self.settings.diff:
            return result  # nothing changed on disk: report what is there
        assert outcome.result is not None
        declined = {(f.rule, f.pointer) for f in outcome.declined + outcome.failed}
        if not declined:
            return outcome.result
        # a fix that was tried and left out is not offered again in this run's report
        findings = [f._replace(fix=None) if (f.rule, f.pointer) in declined else f for f in outcome.result.findings]
        return outcome.result._replace(findings=findings)

    def _disable(self, path: str, data: bytes, result: FileResult) -> FileResult:
        from personalint.fix.disable import disable_edit
        from personalint.source import load
        from personalint.suppress import scalar_ranges

        if path == "-":
            self.stdout = data.decode("utf-8", "replace")  # what goes out when nothing is added
        if not result.findings:
            return result
        try:
            text, codec, bom = file_text(data)
        except NotWritable as exc:
            self.refused.append(f"{result.path}: no comments added: {exc}")
            return result
        source = load(result.path, data)
        by_line: dict[int, list[str]] = {}
        for finding in result.findings:
            if finding.rule == UNUSED_SUPPRESSION:
                continue  # an unused suppression is not silenced by another one: remove it (--fix)
            by_line.setdefault(finding.span.line, []).append(finding.rule)
        strings = scalar_ranges(source)
        edits = [disable_edit(text, source.format, line, rules, strings) for line, rules in sorted(by_line.items())]
        made = [edit for edit in edits if edit is not None]
        if not made:
            return result
        new = apply_edits(text, made)
        after = load(result.path, new.encode("utf-8", "surrogatepass"))
        if len(after.documents) != len(source.documents) or not all(
            same(a.value, b.value) for a, b in zip(source.documents, after.documents, strict=True)
        ):
            self.refused.append(f"{result.path}: no comments added: they would change what the file holds")
            return result
        from personalint.pipeline import check_bytes

        checked = check_bytes(result.path, new.encode("utf-8", "surrogatepass"), self.settings)
        self.disabled += len(result.findings) - len(checked.findings)
        if path == "-":
            self.stdout = new
            return checked
        if not self._written(path, new, codec, bom, f"{result.path}: no comments added"):
            return result
        self.changed.append(result.path)
        return checked

    def _written(self, path: str, text: str, codec: str, bom: bytes, refusal: str) -> bool:
        """Whether `text` replaced the file; if not, why is kept in `refused` (a read-only file, a full disk...)."""
        try:
            write(path, text, codec, bom)
        except OSError as exc:
            self.refused.append(f"{refusal}: cannot write it: {exc.strerror or exc}")
            return False
        return True

    @property
    def count(self) -> int:
        return sum(self.fixed.values())


def diff(path: str, old: str, new: str) -> str:
    """A unified diff of one file's fix, as `git diff` shows it."""
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), fromfile=f"a/{path}", tofile=f"b/{path}"
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)
