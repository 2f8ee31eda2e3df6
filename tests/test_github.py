"""`--format github`: GitHub Actions workflow commands, escaped as the runner reads them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO

from personalint.config import Settings
from personalint.engine.registry import registry
from personalint.finding import Finding, Level, Span
from personalint.pipeline import check_bytes
from personalint.report import github
from personalint.result import FileResult, Report


def unescape_data(text: str) -> str:
    """What the Actions runner does to a command's message (actions/runner, ActionCommand)."""
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command split the way the runner splits it: name, properties, message."""
    match = re.fullmatch(r"::(\w+)(?: ([^:]*))?::(.*)", line)
    assert match, f"not a workflow command: {line!r}"
    name, props, message = match.groups()
    properties = {}
    for pair in (props or "").split(","):
        key, _, value = pair.partition("=")
        properties[key] = unescape_property(value)
    return name, properties, unescape_data(message)


def test_one_annotation_per_finding_with_its_span() -> None:
    settings = Settings(enabled=registry().select(["PS"]))
    result = check_bytes(
        "examples/p.yaml", b"system_prompt: x\nlayrs: {}\n---\nsystem_prompt: y\nlayers: {llm: {modle: x}}\n", settings
    )
    lines = github.render(Report([result], settings), registry(), root=os.getcwd()).splitlines()
    assert len(lines) == len(result.findings) == 2
    for line, finding in zip(lines, result.findings, strict=False):
        name, properties, message = parse(line)
        assert name == "warning" and message == finding.message
        assert properties == {
            "file": "examples/p.yaml",
            "line": str(finding.span.line),
            "col": str(finding.span.column),
            "endLine": str(finding.span.end_line),
            "endColumn": str(finding.span.end_column),
            "title": "PS005 (unknown-key)",
        }
    assert lines[0].startswith(
        "::warning file=examples/p.yaml,line=2,col=1,endLine=2,endColumn=6,title=PS005 (unknown-key)::"
    )
    assert lines[1].startswith(
        "::warning file=examples/p.yaml,line=5,col=16,endLine=5,endColumn=21,title=PS005 (unknown-key)::"
    )


def test_levels_map_to_error_warning_and_notice() -> None:
    findings = [Finding("PS005", level, "m", "p.yaml", 0, "", Span(1, 1, 1, 2)) for level in Level]
    report = Report([FileResult("p.yaml", findings=findings)], Settings.default())
    assert [parse(line)[0] for line in github.render(report, registry(), root=os.getcwd()).splitlines()] == [
        "notice",
        "warning",
        "error",
    ]


def test_escaping_of_messages_and_properties() -> None:
    message = "50% of 'a,b: c'\nsecond line\r\nthird %0A literal"
    path = "dir,with:odd%/p.yaml"
    finding = Finding("PS005", Level.ERROR, message, path, 0, "/x", Span(3, 5, 3, 9))
    report = Report([FileResult(path, findings=[finding])], Settings.default())
    output = github.render(report, registry(), root=os.getcwd())
    (line,) = output.splitlines()  # one line: CR and LF never end a command early
    assert "\n" not in line and "\r" not in line
    assert "file=dir%2Cwith%3Aodd%25/p.yaml," in line
    assert line.endswith("::50%25 of 'a,b: c'%0Asecond line%0D%0Athird %250A literal")
    name, properties, text = parse(line)
    assert (name, properties["file"], text) == ("error", path, message)
    assert properties["title"] == "PS005 (unknown-key)"


def test_multi_line_spans_have_no_columns() -> None:
    finding = Finding("PS005", Level.WARNING, "m", "p.yaml", 0, "/x", Span(2, 3, 4, 1))
    (line,) = github.render(
        Report([FileResult("p.yaml", findings=[finding])], Settings.default()), registry(), root=os.getcwd()
    ).splitlines()
    assert parse(line)[1] == {"file": "p.yaml", "line": "2", "endLine": "4", "title": "PS005 (unknown-key)"}


def test_unreadable_files_are_errors() -> None:
    report = Report([FileResult("missing.yaml", error="no such file or folder")], Settings.default())
    (line,) = github.render(report, registry(), root=os.getcwd()).splitlines()
    assert parse(line) == (
        "error",
        {"file": "missing.yaml", "title": "personalint: cannot read"},
        "missing.yaml: no such file or folder",
    )


def test_paths_are_relative_to_the_checkout_from_a_subfolder(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "configs").mkdir()
    (tmp_path / "configs" / "p.yaml").write_text("system_prompt: x\nlayrs: {}\n")
    proc = subprocess.run(
        [sys.executable, "-m", "personalint", "check", "--format", "github", "--select", "PS", "p.yaml"],
        cwd=tmp_path / "configs",
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0
    assert proc.stdout.startswith(
        "::warning file=configs/p.yaml,line=2,col=1,endLine=2,endColumn=6,title=PS005 (unknown-key)::"
    )


def test_github_and_text_share_standard_output() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "personalint",
            "check",
            "--format",
            "github",
            "--format",
            "text",
            "examples/tavus/mistakes.yaml",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    annotations = [line for line in proc.stdout.splitlines() if line.startswith("::")]
    assert annotations and proc.stdout.index("::") < proc.stdout.index("Found ")


def test_the_readme_actions_step_works(tmp_path: Path) -> None:
    """The GitHub Actions example's command, as the README writes it, on the shipped examples."""
    import shlex

    import yaml

    section = (REPO / "README.md").read_text().split("## CI", 1)[1].split("\n## ", 1)[0]
    found = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert found, "README's CI section lost its workflow"
    workflow = yaml.safe_load(found.group(1))
    steps = workflow["jobs"]["personalint"]["steps"]
    (command,) = [s["run"] for s in steps if "run" in s and s["run"].startswith("personalint check")]
    upload = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif")]
    args = shlex.split(command)[2:]
    args[-1] = str(REPO / "examples")
    proc = subprocess.run(
        [sys.executable, "-m", "personalint", "check", *args], cwd=tmp_path, capture_output=True, text=True
    )
    assert proc.returncode == 1 and proc.stdout.startswith("::")
    sarif_file = tmp_path / upload[0]["with"]["sarif_file"]
    assert sarif_file.is_file()
    import json

    from test_sarif import schema_errors

    log = json.loads(sarif_file.read_text())
    assert schema_errors(log) == [] and log["runs"][0]["automationDetails"]["id"] == "personalint/"
    blocks = [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", section, re.DOTALL)]
    (gitlab,) = [b for b in blocks if isinstance(b, dict) and "script" in b.get("personalint", {})]
    (gitlab_command,) = [c for c in gitlab["personalint"]["script"] if c.startswith("personalint check")]
    args = shlex.split(gitlab_command)[2:]
    args[-1] = str(REPO / "examples")
    proc = subprocess.run(
        [sys.executable, "-m", "personalint", "check", *args], cwd=tmp_path, capture_output=True, text=True
    )
    assert proc.returncode == 1 and "Found " in proc.stdout
    assert schema_errors(json.loads((tmp_path / gitlab["personalint"]["artifacts"]["paths"][0]).read_text())) == []
