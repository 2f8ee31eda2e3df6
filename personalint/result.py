"""What a run found: one FileResult per file, the Report of the run, and its exit code.

The pipeline makes these; suppression, the reporters and the exit code read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from personalint.config import Settings
from personalint.finding import Finding, Span


class DocumentInfo(NamedTuple):  # immutable, as finding.py's records; a cached run makes one per file
    index: int  # type: ignore[assignment]  # a field may shadow tuple.index, which mypy does not allow
    kind: str | None  # the kind it was checked as; None when it could not be told (or needs none)
    span: Span | None = None  # where the document's value sits (a persona object in code: its literal)
    # how the kind was told (one of KIND_SOURCES) and why: "--kind", "POST https://...", the keys seen
    kind_source: str | None = None
    kind_reason: str = ""

    @property
    def guessed(self) -> str | None:
        """The other kind the document may be, when its kind was told from keys that do not separate
        them (README, "Kinds"): an inline session personaConfig has the keys of a create body."""
        if self.kind_source == "keys" and self.kind in ("anam-create", "anam-update"):
            return "anam-session"
        return None


# how a document's kind was told, strongest first (pipeline.py)
KIND_SOURCES = ("option", "endpoint", "modeline", "glob", "keys")


@dataclass
class FileResult:
    path: str
    documents: list[DocumentInfo] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None  # the file could not be read at all
    lines: dict[int, str] = field(default_factory=dict)  # the source lines findings point at, for snippets
    # where secrets were masked in those lines: (start, end, mask length), 0-based, for the caret
    masked: dict[int, tuple[tuple[int, int, int], ...]] = field(default_factory=dict)
    suppressed: list[Finding] = field(default_factory=list)  # silenced by `# personalint: disable=...`
    inventory_skipped: bool = False  # a rule needing an inventory had something to check, and none was given
    skipped: str | None = None  # why a file found by walking a folder holds no persona config (not reported)


@dataclass
class Report:
    files: list[FileResult]  # the files checked
    settings: Settings
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why): files with no persona config
    fixed: int = 0  # findings mended by --fix (personalint/fix/), before the findings above were made
    fix_failed: int = 0  # fixes left out because the file they made broke (a bug: reported)
    fix_declined: int = 0  # fixes not applied because they would add a finding

    def fixable(self) -> tuple[int, int]:
        """(findings the run's fix options would fix, more that --unsafe-fixes would)."""
        unsafe = self.settings.unsafe_fixes
        fixes = [f.fix for f in self.findings if f.fix is not None]
        applicable = sum(1 for fix in fixes if fix.safe or unsafe)
        return applicable, len(fixes) - applicable

    @property
    def findings(self) -> list[Finding]:
        return [f for result in self.files for f in result.findings]

    @property
    def suppressed(self) -> int:
        return sum(len(r.suppressed) for r in self.files)

    @property
    def errors(self) -> list[str]:
        return [f"{r.path}: {r.error}" for r in self.files if r.error]

    def exit_code(self) -> int:
        if any(r.error for r in self.files):
            return 2
        return 1 if any(f.level >= self.settings.fail_on for f in self.findings) else 0
