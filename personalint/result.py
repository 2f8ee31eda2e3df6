"""What a run found: one FileResult per file, the Report of the run, and its exit code.

The pipeline makes these; suppression, the reporters and the exit code read them.
"""

from __future__ import annotations

from typing import NamedTuple

from personalint.config import Settings
from personalint.finding import Finding, Span
from personalint.record import Record


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


class FileResult(Record):
    __slots__ = (
        "path",
        "documents",
        "findings",
        "error",
        "lines",
        "masked",
        "suppressed",
        "inventory_skipped",
        "skipped",
    )

    def __init__(
        self,
        path: str,
        documents: list[DocumentInfo] | None = None,
        findings: list[Finding] | None = None,
        error: str | None = None,
        lines: dict[int, str] | None = None,
        masked: dict[int, tuple[tuple[int, int, int], ...]] | None = None,
        suppressed: list[Finding] | None = None,
        inventory_skipped: bool = False,
        skipped: str | None = None,
    ) -> None:
        self.path = path
        self.documents: list[DocumentInfo] = [] if documents is None else documents
        self.findings: list[Finding] = [] if findings is None else findings
        self.error = error  # the file could not be read at all
        # the source lines findings point at, for snippets
        self.lines: dict[int, str] = {} if lines is None else lines
        # where secrets were masked in those lines: (start, end, mask length), 0-based, for the caret
        self.masked: dict[int, tuple[tuple[int, int, int], ...]] = {} if masked is None else masked
        # silenced by `# personalint: disable=...`
        self.suppressed: list[Finding] = [] if suppressed is None else suppressed
        # a rule needing an inventory had something to check, and none was given
        self.inventory_skipped = inventory_skipped
        self.skipped = skipped  # why a file found by walking a folder holds no persona config (not reported)


class Report(Record):
    __slots__ = ("files", "settings", "skipped", "fixed", "fix_failed", "fix_declined")

    def __init__(
        self,
        files: list[FileResult],
        settings: Settings,
        skipped: list[tuple[str, str]] | None = None,
        fixed: int = 0,
        fix_failed: int = 0,
        fix_declined: int = 0,
    ) -> None:
        self.files = files  # the files checked
        self.settings = settings
        # (path, why): files with no persona config
        self.skipped: list[tuple[str, str]] = [] if skipped is None else skipped
        self.fixed = fixed  # findings mended by --fix (personalint/fix/), before the findings above were made
        self.fix_failed = fix_failed  # fixes left out because the file they made broke (a bug: reported)
        self.fix_declined = fix_declined  # fixes not applied because they would add a finding

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
