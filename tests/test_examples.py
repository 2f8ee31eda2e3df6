"""The files in examples/: each one, checked through the command line, gives exactly
the findings it documents (rule, line, column), the documented kinds and exit code.

Each example runs in-process (click's CliRunner, from the repository's root); the whole
folder, the README's command, runs once as a real subprocess, the smoke test that the
installed entry point behaves the same.

The examples are teaching material: the clean ones must stay clean, and each mistake
must be reported once, at the place a reader is told to look. When a rule changes on
purpose, update the expectation here and the file's header comment (and the README).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import REPO

from personalint.cli import cli

EXAMPLES = REPO / "examples"


@dataclass(frozen=True)
class Expected:
    kinds: tuple[str | None, ...]  # the detected kind of each document, in order
    exit_code: int
    findings: frozenset[tuple[str, int, int]] = field(default_factory=frozenset)  # (rule, line, column)
    documents: dict[int, int] | None = None  # document index -> number of findings (multi-document files)


def _f(*items: tuple[str, int, int]) -> frozenset[tuple[str, int, int]]:
    return frozenset(items)


EXPECTED: dict[str, Expected] = {
    # --- Anam -------------------------------------------------------------------------
    "anam/sales-coach.create.json": Expected(("anam-create",), 0),
    "anam/support-agent.session.yaml": Expected(("anam-session",), 0),
    "anam/widget.update.json": Expected(
        ("anam-update",),
        0,
        _f(
            ("AN312", 4, 3),  # toolIds replaces every tool attached to the persona (a note: exit 0)
        ),
    ),
    "anam/custom-llm.create.yaml": Expected(
        ("anam-create",),
        1,
        _f(
            ("AN002", 13, 14),  # avatarModel: cara-4-latest (invite-only)
            ("AN020", 16, 1),  # systemPrompt beside llmId CUSTOMER_CLIENT_V1
            ("PF005", 20, 15),  # languageCode: no -> boolean false: quote it
            ("AN030", 24, 10),  # ElevenLabs speed: 2.0
        ),
    ),
    "anam/interviewer.session.json": Expected(
        ("anam-session",),
        1,
        _f(
            ("AN001", 6, 20),  # "avatarModel": "cara-5"
            ("PS004", 13, 42),  # silenceBeforeAutoEndTurnSeconds: 30
            ("PS009", 15, 31),  # voiceGenerationOptions mixes stability and volume
            ("PS010", 21, 7),  # customStylePrompt beside presetStyle
            ("PS011", 27, 5),  # videoWidth without videoHeight
        ),
    ),
    # --- Tavus ------------------------------------------------------------------------
    "tavus/life-coach.json": Expected(("tavus-create",), 0),
    "tavus/receptionist.yaml": Expected(("tavus-create",), 0),
    "tavus/update-model.patch.json": Expected(("tavus-patch",), 0),
    "tavus/echo.yaml": Expected(
        ("tavus-create",),
        0,
        _f(
            ("TV002", 13, 1),  # system_prompt in echo mode (a warning: exit 0)
        ),
    ),
    "tavus/mistakes.yaml": Expected(
        ("tavus-create",),
        1,
        _f(
            ("TV001", 13, 1),  # system_prompt missing: at the top-level mapping
            ("PS002", 14, 16),  # pipeline_mode: half
            ("PF002", 16, 1),  # second persona_name
            ("PF005", 20, 22),  # idle_engagement: off, read as the boolean false: quote it (one finding)
            ("PS005", 26, 5),  # tts_modle_name
            ("TV020", 28, 14),  # voice_settings.speed: 1.5
            ("TV020", 29, 18),  # voice_settings.stability: 1.3
        ),
    ),
    "tavus/bad.patch.yaml": Expected(
        ("tavus-patch",),
        1,
        _f(
            ("PS008", 10, 9),  # path without a leading slash
            ("PS002", 12, 7),  # op: update
            ("PS003", 15, 3),  # replace without value
        ),
    ),
    "tavus/team.multi.yaml": Expected(
        ("tavus-create", "tavus-create"),
        0,
        _f(
            ("PS005", 28, 5),  # tts_engnie, in the second document
        ),
        documents={1: 1},
    ),
    # --- an inventory (checked here without --inventory; see examples/inventory/README.md) -----
    # the saved list replies are recognised as such and not checked as persona bodies
    **{
        f"inventory/{name}": Expected((None,), 0)
        for name in (
            "index.yaml",
            "org/anam/avatars-1.json",
            "org/anam/avatars-2.json",
            "org/anam/llms-1.json",
            "org/anam/tools-1.json",
            "org/anam/voices-1.json",
            "org/tavus/documents-1.json",
            "org/tavus/guardrails-1.json",
            "org/tavus/objectives-1.json",
            "org/tavus/pronunciation-dictionaries-1.json",
            "org/tavus/replicas-1.json",
        )
    },
    "inventory/personas/clinic-receptionist.yaml": Expected(
        ("tavus-create",),
        0,
        _f(
            ("TV264", 17, 5),  # tts_emotion_control needs a Phoenix-4 replica: unverifiable without the inventory
        ),
    ),
    "inventory/personas/concierge.session.json": Expected(("anam-session",), 0),
    "inventory/personas/support-agent.create.yaml": Expected(
        ("anam-create",),
        1,
        _f(
            ("AN010", 14, 1),  # zeroDataRetention: unverifiable without the inventory
            ("AN105", 20, 5),  # a tool name where a tool id belongs
        ),
    ),
    "inventory/personas/switch-replica.patch.json": Expected(("tavus-patch",), 0),
    # --- an app (persona objects inside its code, checked in place) ---------------------------
    "app/app/api/personas/route.ts": Expected(
        ("tavus-create",),
        0,
        _f(
            ("TV250", 34, 21),  # tool name scheduleSession is not snake_case
            ("TV103", 46, 21),  # tts_engine: "playht" was removed
        ),
    ),
    "app/components/AnamSession.tsx": Expected(
        ("anam-session",),
        0,
        _f(
            ("AN003", 26, 22),  # avatarModel: "cara-2" was removed
            ("AN211", 30, 23),  # languageCode: "en-US" is a BCP 47 tag, not ISO 639-1
        ),
    ),
    "app/scripts/create_persona.py": Expected(
        ("tavus-create",),
        1,
        _f(
            ("TV111", 27, 9),  # a persona-level context was removed
            ("TV235", 32, 29),  # base_url with the route /chat/completions
        ),
    ),
    "app/README.md": Expected(
        ("anam-create",),
        0,
        _f(
            ("AN005", 29, 5),  # brainType, in the curl -d body of a shell block
        ),
    ),
}

CLEAN = sorted(name for name, e in EXPECTED.items() if not e.findings)


# colour settings from the caller's environment would change the text output
NO_COLOUR_ENV: dict[str, str | None] = {"NO_COLOR": None, "FORCE_COLOR": None}


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository's root, as the command line would be (paths are shown relative to it)."""
    monkeypatch.chdir(REPO)


def invoke(*args: str) -> tuple[int, str]:
    """`personalint ARGS` in-process: exit code and standard output."""
    result = CliRunner().invoke(cli, list(args), env=NO_COLOUR_ENV, catch_exceptions=False)
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.stdout


def parse(code: int, stdout: str, stderr: str = "") -> dict:
    try:
        return json.loads(stdout)
    except json.JSONDecodeError:  # pragma: no cover - shows what came out instead
        pytest.fail(f"not JSON (exit {code}):\n{stdout}\n{stderr}")


def check_json(*args: str) -> tuple[int, dict]:
    """`personalint check --format json ARGS` in-process: exit code and parsed report."""
    code, stdout = invoke("check", "--format", "json", *args)
    return code, parse(code, stdout)


def run_cli(*args: str, cwd: Path = REPO) -> tuple[int, dict, str]:
    """`python -m personalint check --format json ARGS` as a subprocess: exit code, parsed report, stderr."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    proc = subprocess.run(
        [sys.executable, "-m", "personalint", "check", "--format", "json", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, parse(proc.returncode, proc.stdout, proc.stderr), proc.stderr


MARKDOWN_EXAMPLES = ("app/README.md",)  # the other READMEs hold no persona config (a walk skips them)


def example_files() -> list[str]:
    return sorted(
        p.relative_to(EXAMPLES).as_posix()
        for p in EXAMPLES.rglob("*")
        if p.is_file()
        and p.suffix.lower() in (".json", ".yaml", ".yml", ".ts", ".tsx", ".py")  # READMEs: prose
        or p.relative_to(EXAMPLES).as_posix() in MARKDOWN_EXAMPLES
    )


def test_every_example_has_an_expectation() -> None:
    assert example_files() == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example(name: str, in_repo: None) -> None:
    expected = EXPECTED[name]
    shown = f"examples/{name}"
    code, report = check_json(shown)

    assert [f["path"] for f in report["files"]] == [shown]
    assert "error" not in report["files"][0]
    documents = report["files"][0]["documents"]
    assert [d["index"] for d in documents] == list(range(len(expected.kinds)))
    assert tuple(d["kind"] for d in documents) == expected.kinds

    found = [(f["rule"], f["line"], f["column"]) for f in report["findings"]]
    assert len(found) == len(set(found)), f"a finding is reported twice: {found}"
    assert set(found) == expected.findings, "\n".join(
        f"{f['rule']} {f['line']}:{f['column']} {f['pointer']} {f['message']}" for f in report["findings"]
    )
    for finding in report["findings"]:
        assert finding["path"] == shown
        assert (finding["endLine"], finding["endColumn"]) > (finding["line"], finding["column"])
    if expected.documents is not None:
        per_document: dict[int, int] = {}
        for finding in report["findings"]:
            per_document[finding["document"]] = per_document.get(finding["document"], 0) + 1
        assert per_document == expected.documents
    else:
        assert {f["document"] for f in report["findings"]} <= {0}

    assert code == expected.exit_code
    assert report["summary"]["exitCode"] == expected.exit_code
    assert report["summary"]["findings"] == len(expected.findings)


@pytest.mark.parametrize("name", CLEAN)
def test_clean_example_text_output(name: str, in_repo: None) -> None:
    """The default text format says so plainly for a clean file."""
    code, stdout = invoke("check", f"examples/{name}")
    assert code == 0, stdout
    assert stdout.startswith("All good: 1 file checked, no problems.")


def test_whole_folder() -> None:
    """`personalint check examples/` (the README's command, a real subprocess) reports the union, and exits 1."""
    code, report, _ = run_cli("examples/")
    assert code == 1
    assert [f["path"] for f in report["files"]] == [f"examples/{name}" for name in example_files()]
    by_file: dict[str, set[tuple[str, int, int]]] = {name: set() for name in EXPECTED}
    for finding in report["findings"]:
        by_file[finding["path"].removeprefix("examples/")].add((finding["rule"], finding["line"], finding["column"]))
    assert by_file == {name: set(e.findings) for name, e in EXPECTED.items()}
    kinds = {f["path"].removeprefix("examples/"): tuple(d["kind"] for d in f["documents"]) for f in report["files"]}
    assert kinds == {name: e.kinds for name, e in EXPECTED.items()}
    summary = report["summary"]
    assert summary["files"] == len(EXPECTED)
    assert summary["documents"] == sum(len(e.kinds) for e in EXPECTED.values())
    assert summary["findings"] == sum(len(e.findings) for e in EXPECTED.values())
    assert summary["unreadable"] == 0


def test_yaml_examples_start_with_a_comment() -> None:
    for name in example_files():
        if name.endswith((".yaml", ".yml")):
            first = (EXAMPLES / name).read_text(encoding="utf-8").lstrip().splitlines()[0]
            assert first.startswith("#"), f"{name} has no header comment"


def test_readme_describes_every_example() -> None:
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    assert "personalint check examples/" in readme
    for name in example_files():
        assert f"`{Path(name).name}`" in readme, f"examples/README.md does not describe {name}"


def test_the_example_apps_readme_shows_its_real_output(monkeypatch) -> None:
    """examples/app/README.md quotes `personalint check --format concise examples/app`: kept true."""
    from helpers import REPO, run_check

    text = (REPO / "examples" / "app" / "README.md").read_text(encoding="utf-8")
    command = "$ personalint check --format concise examples/app\n"
    shown = text[text.index(command) + len(command) :].split("```", 1)[0].splitlines()
    monkeypatch.chdir(REPO)
    output = run_check("examples/app").output.splitlines()
    assert shown == [line for line in output if not line.startswith("Found ")]
