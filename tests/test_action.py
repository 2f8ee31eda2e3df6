"""The GitHub Action (action.yml, docs/github-action.md): valid for GitHub, and its check step works.

The schemas are check-jsonschema's vendored copies (`--builtin-schema`, offline). The check step
runs as the runner runs a composite action's `shell: bash` step (`bash --noprofile --norc -eo
pipefail FILE`), with the step's `env:` resolved from the inputs (the defaults of action.yml,
then what a workflow's `with:` gives) and the variables the runner sets (GITHUB_OUTPUT,
GITHUB_WORKSPACE, RUNNER_TEMP, ...), on sample repositories in tmp_path. The install step
needs the package index, so these runs are `install: false`: this virtualenv's personalint on PATH.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import GOOD_BAD, REPO

ACTION_FILE = REPO / "action.yml"
WORKFLOW_FILE = REPO / "docs" / "examples" / "personalint.yml"
DOC_FILE = REPO / "docs" / "github-action.md"
BASH = ["bash", "--noprofile", "--norc", "-eo", "pipefail"]  # what `shell: bash` runs
CLEAN = (REPO / "examples" / "tavus" / "receptionist.yaml").read_text()
WARNING_ONLY = CLEAN + "layrs: {}\n"  # PS005 unknown-key, a warning
EXPRESSION = re.compile(r"\$\{\{ (inputs\.[\w-]+|steps\.install\.outputs\.personalint) \}\}")


def action() -> dict:
    return yaml.safe_load(ACTION_FILE.read_text())


def step(step_id: str) -> dict:
    (found,) = [s for s in action()["runs"]["steps"] if s.get("id") == step_id]
    return found


def check_jsonschema(schema: str, path: Path) -> subprocess.CompletedProcess[str]:
    pytest.importorskip("check_jsonschema", reason="check-jsonschema is not installed (pip install -e '.[test]')")
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
    )


def step_env(env: dict[str, str], inputs: dict[str, str], install_output: str) -> dict[str, str]:
    """A step's `env:` as the runner evaluates it; only the expressions action.yml uses are known."""
    resolved = {}
    for name, value in env.items():
        match = EXPRESSION.fullmatch(value)
        assert match, f"{name}: {value!r} is not an expression these tests know"
        source = match.group(1)
        resolved[name] = inputs[source.removeprefix("inputs.")] if source.startswith("inputs.") else install_output
    return resolved


def run_action(repo: Path, tmp_path: Path, **given: str) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    """Run the check step in `repo` with the inputs `given` (`fail_on` for `fail-on`); its result and outputs."""
    declared = action()["inputs"]
    inputs = {name: str(spec.get("default", "")) for name, spec in declared.items()}
    for key, value in given.items():
        name = key.replace("_", "-")
        assert name in declared, f"action.yml has no input {name}"
        inputs[name] = value
    assert inputs["install"] == "false", "the install step needs the package index; run these with install='false'"
    check = step("check")
    script = tmp_path / "check-step.sh"
    script.write_text(check["run"])
    output = tmp_path / "github-output"
    output.write_text("")
    temp = tmp_path / "runner-temp"
    temp.mkdir(exist_ok=True)
    env = {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(tmp_path),
        "CI": "true",
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": str(repo),
        "GITHUB_ACTION_PATH": str(REPO),
        "GITHUB_OUTPUT": str(output),
        "RUNNER_TEMP": str(temp),
        **step_env(check["env"], inputs, install_output=""),  # the install step was skipped
    }
    result = subprocess.run([*BASH, str(script)], cwd=repo, env=env, capture_output=True, text=True)
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines())
    return result, outputs


def sample_repo(tmp_path: Path, files: dict[str, str]) -> Path:
    repo = tmp_path / "repo"
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    return repo


def workflow_commands(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith("::")]


def sarif_results(path: Path) -> list[dict]:
    log = json.loads(path.read_text())
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    return log["runs"][0]["results"]


# --- valid for GitHub ---------------------------------------------------------------------------


def test_action_is_valid_for_github() -> None:
    result = check_jsonschema("vendor.github-actions", ACTION_FILE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_action_schema_refuses_a_broken_action(tmp_path: Path) -> None:
    broken = action()
    del broken["runs"]["steps"][1]["shell"]  # a composite run step must name its shell
    (tmp_path / "action.yml").write_text(yaml.safe_dump(broken))
    result = check_jsonschema("vendor.github-actions", tmp_path / "action.yml")
    assert result.returncode == 1, result.stdout + result.stderr


def test_example_workflow_is_valid_for_github() -> None:
    result = check_jsonschema("vendor.github-workflows", WORKFLOW_FILE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_workflow_schema_refuses_a_broken_workflow(tmp_path: Path) -> None:
    broken = yaml.safe_load(WORKFLOW_FILE.read_text())
    del broken["jobs"]["personalint"]["runs-on"]
    (tmp_path / "workflow.yml").write_text(yaml.safe_dump(broken))
    result = check_jsonschema("vendor.github-workflows", tmp_path / "workflow.yml")
    assert result.returncode == 1, result.stdout + result.stderr


def test_example_workflow_runs_the_action_and_always_uploads_its_sarif() -> None:
    job = yaml.safe_load(WORKFLOW_FILE.read_text())["jobs"]["personalint"]
    assert job["permissions"]["security-events"] == "write"
    checkout, lint, upload = job["steps"]
    assert checkout["uses"].startswith("actions/checkout@")
    assert lint["uses"].split("@")[0].endswith("/personalint")
    assert set(lint["with"]) <= set(action()["inputs"])
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["if"] == "always()"
    assert upload["with"]["sarif_file"] == "${{ steps." + lint["id"] + ".outputs.sarif-file }}"


def test_docs_show_the_example_workflow_and_every_input() -> None:
    doc = DOC_FILE.read_text()
    assert f"```yaml\n{WORKFLOW_FILE.read_text()}```" in doc, "docs/github-action.md lost the example workflow"
    inputs, outputs = doc.split("## Inputs")[1].split("## Outputs")
    rows = dict(re.findall(r"^\| `([\w-]+)` \| (.*?) \|", inputs, re.MULTILINE))
    assert rows == {
        name: f"`{spec['default']}`" if spec.get("default") else "(none)" for name, spec in action()["inputs"].items()
    }
    assert re.findall(r"^\| `([\w-]+)` \|", outputs.split("\n## ")[0], re.MULTILINE) == list(action()["outputs"])


def test_inputs_reach_the_scripts_only_through_env() -> None:
    spec = action()
    read = set()
    for each in spec["runs"]["steps"]:
        assert "${{" not in each["run"], f"step {each['id']} pastes an expression into its script"
        for name, value in each["env"].items():
            source = EXPRESSION.fullmatch(value)
            assert source, f"{name}: {value!r}"
            if source.group(1).startswith("inputs."):
                input_name = source.group(1).removeprefix("inputs.")
                assert name == "INPUT_" + input_name.upper().replace("-", "_")
                read.add(input_name)
    assert step("install")["if"] == "inputs.install != 'false'"
    read.add("install")
    assert read == set(spec["inputs"]), "an input that no step reads"
    assert spec["outputs"]["sarif-file"]["value"] == "${{ steps.check.outputs.sarif-file }}"


def test_every_script_parses() -> None:
    for each in action()["runs"]["steps"]:
        result = subprocess.run(["bash", "-n"], input=each["run"], capture_output=True, text=True)
        assert result.returncode == 0, f"step {each['id']}: {result.stderr}"


# --- the install step, as far as it runs offline ---------------------------------------------------


def test_install_step_asks_for_python_3_11_when_there_is_none(tmp_path: Path) -> None:
    fake = tmp_path / "bin"
    fake.mkdir()
    for name in ("python3", "python"):  # a runner whose Pythons are all too old
        (fake / name).write_text("#!/bin/sh\nexit 1\n")
        (fake / name).chmod(0o755)
    (tmp_path / "install-step.sh").write_text(step("install")["run"])
    output = tmp_path / "github-output"
    output.write_text("")
    env = {
        "PATH": f"{fake}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(tmp_path),
        "GITHUB_OUTPUT": str(output),
        "GITHUB_ACTION_PATH": str(REPO),
        "RUNNER_TEMP": str(tmp_path),
        **step_env(step("install")["env"], {"version": ""}, install_output=""),
    }
    result = subprocess.run([*BASH, str(tmp_path / "install-step.sh")], env=env, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stdout.startswith("::error title=personalint::personalint needs Python 3.11 or newer")
    assert output.read_text() == "" and not (tmp_path / "personalint-venv").exists()


# --- the check step on sample repositories ----------------------------------------------------------


def test_bad_persona_fails_with_annotations_and_a_sarif_log(tmp_path: Path) -> None:
    repo = sample_repo(tmp_path, {"personas/coach.yaml": GOOD_BAD, "README.md": "# a repo\n"})
    result, outputs = run_action(repo, tmp_path, install="false")
    assert result.returncode == 1, result.stderr
    assert workflow_commands(result.stdout) == [
        "::error file=personas/coach.yaml,line=1,col=1,endLine=1,endColumn=2,title=TV001 (system-prompt-required)::"
        "system_prompt is missing: Tavus requires it unless pipeline_mode is echo",
        "::error file=personas/coach.yaml,line=2,col=16,endLine=2,endColumn=20,title=PS002 (invalid-value)::"
        "pipeline_mode: expected one of full, echo; got 'half'",
    ]
    assert outputs == {"sarif-file": "personalint.sarif"}
    results = sarif_results(repo / outputs["sarif-file"])
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results] == [
        ("TV001", 1),
        ("PS002", 2),
    ]
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "personas/coach.yaml"


def test_clean_repo_passes_with_an_empty_sarif_log(tmp_path: Path) -> None:
    repo = sample_repo(tmp_path, {"personas/receptionist.yaml": CLEAN})
    result, outputs = run_action(repo, tmp_path, install="false")
    assert result.returncode == 0, result.stdout + result.stderr
    assert workflow_commands(result.stdout) == []
    assert outputs == {"sarif-file": "personalint.sarif"}
    assert sarif_results(repo / "personalint.sarif") == []


@pytest.mark.parametrize(
    ("inputs", "status", "rules"),
    [
        ({}, 1, ["PF002", "PS005"]),  # the whole checkout
        ({"paths": "personas/"}, 0, ["PS005"]),  # a warning is annotated but passes at fail-on error
        ({"paths": "personas/", "fail_on": "warning"}, 1, ["PS005"]),
        ({"fail_on": "warning", "args": "--ignore PS005  --extend-exclude old/"}, 0, []),
        ({"paths": "personas/coach.yaml\nold/"}, 1, ["PS005", "PF002"]),
        ({"paths": "*.yaml"}, 2, []),  # never globbed: no file has that name
    ],
)
def test_inputs_reach_personalint(tmp_path: Path, inputs: dict[str, str], status: int, rules: list[str]) -> None:
    old = CLEAN + "persona_name: Front Desk again\n"  # PF002 duplicate-key, an error
    repo = sample_repo(tmp_path, {"personas/coach.yaml": WARNING_ONLY, "old/persona.yaml": old, "x.yaml": CLEAN})
    result, outputs = run_action(repo, tmp_path, install="false", **inputs)
    assert result.returncode == status, result.stdout + result.stderr
    titles = [re.search(r"title=(\w+) ", line) for line in workflow_commands(result.stdout)]
    assert [title.group(1) for title in titles if title] == rules
    assert sorted(r["ruleId"] for r in sarif_results(repo / outputs["sarif-file"])) == sorted(rules)


def test_sarif_file_input_makes_its_folder_and_names_it_in_the_output(tmp_path: Path) -> None:
    repo = sample_repo(tmp_path, {"personas/coach.yaml": GOOD_BAD})
    result, outputs = run_action(repo, tmp_path, install="false", sarif_file="reports/ci/lint.sarif")
    assert result.returncode == 1
    assert outputs == {"sarif-file": "reports/ci/lint.sarif"}
    assert len(sarif_results(repo / "reports" / "ci" / "lint.sarif")) == 2
    assert not (repo / "personalint.sarif").exists()


def test_usage_error_passes_exit_2_on_and_leaves_no_stale_log(tmp_path: Path) -> None:
    repo = sample_repo(tmp_path, {"personas/coach.yaml": GOOD_BAD, "personalint.sarif": '{"stale": true}'})
    result, outputs = run_action(repo, tmp_path, install="false", args="--no-such-option")
    assert result.returncode == 2
    assert "--no-such-option" in result.stderr
    assert workflow_commands(result.stdout) == [
        "::error title=personalint::no SARIF log was written to personalint.sarif (personalint exited with 2)"
    ]
    assert outputs == {"sarif-file": "personalint.sarif"}
    assert not (repo / "personalint.sarif").exists()


def test_unreadable_path_still_writes_the_sarif_log(tmp_path: Path) -> None:
    repo = sample_repo(tmp_path, {"personas/coach.yaml": CLEAN})
    result, outputs = run_action(repo, tmp_path, install="false", paths="personas/ missing.yaml")
    assert result.returncode == 2
    assert workflow_commands(result.stdout)[0].startswith("::error file=missing.yaml,")
    log = json.loads((repo / outputs["sarif-file"]).read_text())
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
