"""Test helpers: lint a snippet in-process and look at its findings (imported as `helpers`)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from click.testing import CliRunner, Result

from personalint.cli import cli
from personalint.config import Settings
from personalint.engine.registry import registry
from personalint.inventory import Inventory
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

# the test inventory (tests/fixtures/inventory/org) and the ids of its items
ORG = REPO / "tests" / "fixtures" / "inventory" / "org"
LIV = "071b0286-4cce-4808-bee2-e642f1062de3"  # availableVersions v1, v2, cara-4-3 (the April 2026 pages)
CARA = "30fa96d0-26c4-4e55-94a0-517025942e18"  # availableVersions cara-3 (the July 2026 document)
LEO = "8f0b3c2e-5d1a-4e7b-9c6f-2a4d8e1b7c30"  # availableVersions cara-3, cara-4
LUCY = "de23e340-1416-4dd8-977d-065a7ca11697"  # ElevenLabs eleven_flash_v2_5, isZdr true
SARAH = "6bfbe25a-979d-40f3-a92b-5394170af54b"  # Cartesia sonic-3, isZdr false
MARCUS = "4c1e7a9b-2f3d-4b8e-a6c5-9d0f1e2b3a47"  # Fish Audio, isZdr false
GRACE = "b7d2e4f6-8a1c-4e3b-9f5d-6c0a2b4e8d19"  # ElevenLabs eleven_multilingual_v1, isZdr true
GPT4O = "a7cf662c-2ace-4de1-a21e-ef0fbf144bb7"  # isZdr false
LLAMA = "0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a"  # isZdr true
CALENDAR = "2b8f4c1d-6e3a-4f5b-9c7d-8e0a1b2c3d4e"

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


# the inventory rules and the offline rules they stand in for (or must not duplicate); other
# rules are other tests' business
FOCUS = ("IV", "AN001", "AN010", "AN030", "TV011", "TV264", "PS")


def ilint(text: str, name: str = "persona.yaml", inventory: Inventory | None = None, select: tuple[str, ...] = FOCUS):
    settings = Settings(enabled=registry().select(list(select)), inventory=inventory)
    return check_bytes(name, textwrap.dedent(text).encode(), settings)


def rules(result: FileResult, prefix: str = "IV") -> list[str]:
    return [f.rule for f in result.findings if f.rule.startswith(prefix)]
