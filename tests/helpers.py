"""Test helpers: lint a snippet in-process and look at its findings (imported as `helpers`)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from click.testing import CliRunner, Result

from personalint.cli import cli
from personalint.config import Settings
from personalint.pipeline import check_bytes
from personalint.result import FileResult

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
# pip's words for "the package index could not be reached": tests that install skip on them
NETWORK_TROUBLE = (
    "No matching distribution found",
    "Could not find a version that satisfies",
    "Failed to establish a new connection",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "ConnectTimeout",
    "ReadTimeoutError",
)

GOOD_BAD = "persona_name: Coach\npipeline_mode: half\n"  # TV001 at 1:1, PS002 at 2:16


def lint(text: str, name: str = "persona.yaml", kind: str | None = None, **settings: object) -> FileResult:
    """Check `text` as if it were the file `name` (its extension picks JSON or YAML)."""
    return check_bytes(name, textwrap.dedent(text).encode(), Settings.default(kind=kind, **settings))


def rules_of(result: FileResult) -> list[str]:
    return [f.rule for f in result.findings]


def where(result: FileResult, rule: str) -> list[tuple[int, int, int, int]]:
    """(line, column, end line, end column) of each finding of `rule`."""
    return [(f.span.line, f.span.column, f.span.end_line, f.span.end_column) for f in result.findings if f.rule == rule]


def run_check(*args: str, input: str | bytes | None = None) -> Result:
    """`personalint check --format concise ARGS` in-process; never a traceback, never an escaping exception."""
    result = CliRunner().invoke(cli, ["check", "--format", "concise", *args], input=input)
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def findings(data: bytes, name: str = "persona.yaml", **settings: object) -> list[tuple[str, int, int]]:
    """(rule, line, column) of each finding; without settings, through every reporter and invariant too."""
    from pipeline_invariants import check_everything

    result = check_everything(name, data) if not settings else check_bytes(name, data, Settings.default(**settings))
    return [(f.rule, f.span.line, f.span.column) for f in result.findings]
