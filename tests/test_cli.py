"""The command line: output shapes, exit codes, stdin, folders, kinds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from summaries import summary

from personalint.cli import cli

CLEAN_TAVUS = "persona_name: Coach\nsystem_prompt: You coach.\npipeline_mode: full\n"
BAD_TAVUS = "persona_name: Coach\npipeline_mode: half\n"
WARN_ONLY = "persona_name: Coach\nsystem_prompt: You coach.\nlayrs: {}\n"


def run(*args: str, input: str | None = None, env: dict | None = None):
    return CliRunner().invoke(cli, ["check", *args], input=input, env=env, catch_exceptions=False)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "clean.yaml").write_text(CLEAN_TAVUS)
    (tmp_path / "bad.yaml").write_text(BAD_TAVUS)
    (tmp_path / "warn.yml").write_text(WARN_ONLY)
    (tmp_path / "notes.txt").write_text("not checked")
    return tmp_path


def test_json_output_has_the_documented_shape(tree: Path) -> None:
    result = run("--format", "json", str(tree / "bad.yaml"))
    data = json.loads(result.output)
    assert set(data) >= {"version", "files", "findings", "summary"}
    document = {
        "index": 0, "kind": "tavus-create", "kindSource": "keys", "kindReason": "snake_case Tavus persona keys",
        "line": 1, "column": 1, "endLine": 2, "endColumn": 20,
    }  # fmt: skip
    assert data["files"] == [{"path": str(tree / "bad.yaml"), "documents": [document]}]
    finding = next(f for f in data["findings"] if f["rule"] == "PS002")
    assert finding == {
        "rule": "PS002",
        "name": "invalid-value",
        "level": "error",
        "message": "pipeline_mode: expected one of full, echo; got 'half'",
        "path": str(tree / "bad.yaml"),
        "document": 0,
        "pointer": "/pipeline_mode",
        "line": 2,
        "column": 16,
        "endLine": 2,
        "endColumn": 20,
    }
    assert data["summary"]["errors"] == 2 and data["summary"]["exitCode"] == 1


def test_exit_codes(tree: Path) -> None:
    assert run(str(tree / "clean.yaml")).exit_code == 0
    assert run(str(tree / "bad.yaml")).exit_code == 1
    assert run(str(tree / "warn.yml")).exit_code == 0
    assert run("--fail-on", "warning", str(tree / "warn.yml")).exit_code == 1
    assert run(str(tree / "missing.yaml")).exit_code == 2
    assert run("--select", "NOPE123", str(tree)).exit_code == 2
    assert run("--kind", "anam-nothing", str(tree)).exit_code == 2


def test_unreadable_file_does_not_stop_the_others(tree: Path) -> None:
    result = run("--format", "json", str(tree / "missing.yaml"), str(tree / "bad.yaml"))
    data = json.loads(result.output)
    assert result.exit_code == 2
    assert data["files"][0]["error"] == "no such file or folder"
    assert any(f["rule"] == "PS002" for f in data["findings"])


def test_folders_are_walked_for_json_and_yaml(tree: Path) -> None:
    (tree / "node_modules").mkdir()
    (tree / "node_modules" / "x.yaml").write_text(BAD_TAVUS)
    (tree / ".venv").mkdir()
    (tree / ".venv" / "pyvenv.cfg").write_text("")
    (tree / ".venv" / "x.json").write_text("{")
    data = json.loads(run("--format", "json", str(tree)).output)
    assert sorted(Path(f["path"]).name for f in data["files"]) == ["bad.yaml", "clean.yaml", "warn.yml"]


def test_git_ignored_files_are_skipped(tree: Path) -> None:
    if subprocess.run(["git", "--version"], capture_output=True).returncode != 0:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", str(tree)], check=True)
    (tree / ".gitignore").write_text("bad.yaml\n")
    data = json.loads(run("--format", "json", str(tree)).output)
    assert sorted(Path(f["path"]).name for f in data["files"]) == ["clean.yaml", "warn.yml"]
    # a file named explicitly is always checked
    assert run(str(tree / "bad.yaml")).exit_code == 1


def test_git_ignore_rules_as_git_reads_them(tree: Path) -> None:
    """Ignored folders, negations, nested .gitignore files, a tracked file an ignore pattern matches
    (git never ignores it), and a walk of a sub-folder of the checkout."""
    if subprocess.run(["git", "--version"], capture_output=True).returncode != 0:
        pytest.skip("git is not installed")
    git = ["git", "-C", str(tree), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(["git", "init", "-q", str(tree)], check=True)
    for folder in ("generated", "sub/deep", "tracked"):
        (tree / folder).mkdir(parents=True)
        (tree / folder / "a.yaml").write_text(BAD_TAVUS)
    (tree / "generated" / "keep.yaml").write_text(BAD_TAVUS)
    (tree / "sub" / "deep" / "b.yaml").write_text(BAD_TAVUS)
    (tree / "sub" / ".gitignore").write_text("deep/a.yaml\n")
    subprocess.run([*git, "add", "tracked/a.yaml"], check=True)
    subprocess.run([*git, "commit", "-qm", "tracked"], check=True)
    (tree / ".gitignore").write_text("generated/*\n!generated/keep.yaml\nbad.yaml\ntracked/\n")

    def names(folder: Path) -> list[str]:
        data = json.loads(run("--format", "json", str(folder)).output)
        return sorted(str(Path(f["path"]).relative_to(tree)) for f in data["files"])

    assert names(tree) == [
        "clean.yaml", "generated/keep.yaml", "sub/deep/b.yaml", "tracked/a.yaml", "warn.yml"
    ]  # fmt: skip
    assert names(tree / "sub") == ["sub/deep/b.yaml"]


def test_stdin_with_a_filename() -> None:
    result = run("--format", "json", "--stdin-filename", "persona.json", "-", input='{"persona_name": "x"}')
    data = json.loads(result.output)
    assert data["files"][0]["path"] == "persona.json"
    assert [f["rule"] for f in data["findings"]] == ["TV001"]
    assert run("-", input="").exit_code == 1  # an empty body is an empty-document error


def test_text_output_has_location_rule_message_and_caret(tree: Path) -> None:
    output = run(str(tree / "bad.yaml"), env={"NO_COLOR": "1"}).output
    assert f"{tree / 'bad.yaml'}:2:16: error PS002 pipeline_mode: expected one of full, echo; got 'half'" in output
    assert "2 | pipeline_mode: half\n  |                ^^^^" in output
    assert "\x1b[" not in output
    assert summary(output).endswith("Found 2 problems (2 errors) in 1 file.")
    concise = run("--format", "concise", str(tree / "bad.yaml")).output
    assert "^" not in concise


def test_color_only_when_forced_and_never_with_no_color(tree: Path) -> None:
    assert "\x1b[" in run(str(tree / "bad.yaml"), env={"FORCE_COLOR": "1", "NO_COLOR": ""}).output
    assert "\x1b[" not in run(str(tree / "bad.yaml"), env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).output


def test_kind_override_and_modeline(tmp_path: Path) -> None:
    body = '{"systemPrompt": "Be brief."}'
    path = tmp_path / "update.json"
    path.write_text(body)
    data = json.loads(run("--format", "json", "--kind", "anam-update", str(path)).output)
    assert data["files"][0]["documents"] == [
        {
            "index": 0,
            "kind": "anam-update",
            "kindSource": "option",
            "kindReason": "--kind",
            "line": 1,
            "column": 1,
            "endLine": 1,
            "endColumn": 30,
        }  # fmt: skip
    ]
    modeline = tmp_path / "widget.yaml"
    modeline.write_text("# yaml-language-server: $schema=./schemas/anam-update.schema.json\nname: Cara\n")
    data = json.loads(run("--format", "json", str(modeline)).output)
    assert data["files"][0]["documents"][0]["kind"] == "anam-update"


def test_json_gives_each_documents_own_span(tmp_path: Path) -> None:
    """A persona object in code: the span of its literal; a YAML stream: each document's; a JSON
    file: its value without the blanks around it."""
    (tmp_path / "route.ts").write_text(
        "// create the coach\n"
        "const persona = {\n"
        '  persona_name: "Coach",\n'
        '  system_prompt: "You coach.",\n'
        "};\n"
        'await fetch("https://tavusapi.com/v2/personas", { method: "POST", body: JSON.stringify(persona) });\n'
    )
    (tmp_path / "two.yaml").write_text("persona_name: A\nsystem_prompt: B\n---\npersona_name: C\nsystem_prompt: D\n")
    (tmp_path / "one.json").write_text('\n  {"persona_name": "A",\n   "system_prompt": "B"}\n\n')
    data = json.loads(run("--format", "json", str(tmp_path)).output)
    spans = {
        Path(f["path"]).name: [(d["line"], d["column"], d["endLine"], d["endColumn"]) for d in f["documents"]]
        for f in data["files"]
    }
    assert spans == {
        "route.ts": [(2, 17, 5, 2)],
        "two.yaml": [(1, 1, 2, 17), (4, 1, 5, 17)],
        "one.json": [(2, 3, 3, 25)],
    }


def test_unknown_kind_names_the_flag(tmp_path: Path) -> None:
    path = tmp_path / "other.yaml"
    path.write_text("title: a blog post\n")
    result = run(str(path))
    assert result.exit_code == 1
    assert "PF004" in result.output and "--kind" in result.output


def test_select_and_ignore(tree: Path) -> None:
    only_schema = json.loads(run("--format", "json", "--select", "PS", str(tree / "bad.yaml")).output)
    assert {f["rule"] for f in only_schema["findings"]} == {"PS002"}
    ignored = json.loads(run("--format", "json", "--ignore", "invalid-value,TV001", str(tree / "bad.yaml")).output)
    assert ignored["findings"] == []


def test_python_dash_m_and_rules_commands() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "personalint", "rules", "--format", "json"], capture_output=True, text=True, check=True
    )
    rules = json.loads(result.stdout)
    assert {"AN001", "TV001", "PS005", "PF002"} <= {r["id"] for r in rules}
    explained = CliRunner().invoke(cli, ["explain", "system-prompt-required"]).output
    assert "## What it does" in explained and "## Source" in explained and "seeds/004" in explained
    assert CliRunner().invoke(cli, ["explain", "nope"]).exit_code == 2


def test_schema_command(tmp_path: Path) -> None:
    printed = json.loads(CliRunner().invoke(cli, ["schema", "tavus-create"]).output)
    assert printed["$id"] == "urn:personalint:schema:tavus-create"
    CliRunner().invoke(cli, ["schema", "--write", str(tmp_path / "s")])
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == [
        "anam-create.schema.json",
        "anam-session.schema.json",
        "anam-update.schema.json",
        "tavus-create.schema.json",
        "tavus-patch.schema.json",
    ]


def test_no_traceback_and_exit_2_for_a_folder_given_as_stdin_name(tmp_path: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "personalint", "check", str(tmp_path / "nope.json")],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr + result.stdout


def test_walk_flags_are_in_the_help() -> None:
    output = CliRunner().invoke(cli, ["check", "--help"]).output
    for flag in ("--show-skipped", "--verbose", "--extend-include"):
        assert flag in output
    assert "--include" not in output.replace("--extend-include", "")  # as in ruff: the file's setting only


def test_the_script_leaves_without_teardown_and_loses_no_output(tmp_path: Path, monkeypatch) -> None:
    """`python -m personalint` (and the `personalint` script) end with os._exit after flushing: the
    whole report arrives, the exit code is main()'s, and a reader that goes away gets no traceback."""
    monkeypatch.chdir(tmp_path)
    examples = str(Path(__file__).resolve().parents[1] / "examples")
    env = {**os.environ, "NO_COLOR": "1", "PERSONALINT_NO_CACHE": "1"}
    command = [sys.executable, "-m", "personalint", "check", "--format", "json", examples]
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    in_process = CliRunner().invoke(cli, ["check", "--format", "json", examples], env=env)
    assert done.returncode == in_process.exit_code == 1
    assert json.loads(done.stdout) == json.loads(in_process.output)
    assert len(json.loads(done.stdout)["findings"]) > 20
    clean = tmp_path / "clean.yaml"
    clean.write_text(CLEAN_TAVUS)
    assert subprocess.run([*command[:-1], str(clean)], capture_output=True, env=env).returncode == 0
    # a reader that reads one line and leaves: no traceback, no "Exception ignored"
    reader = subprocess.Popen([*command[:4], examples], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.readline()
    reader.stdout.close()
    errors = reader.stderr.read().decode()
    reader.wait(timeout=60)
    assert "Traceback" not in errors and "Exception ignored" not in errors
