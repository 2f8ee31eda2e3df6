"""Configuration: found by walking up, validated with its line, layered under the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from helpers import REPO

from personalint import config
from personalint.cli import cli
from personalint.config import Settings
from personalint.engine.registry import registry
from personalint.finding import Level
from personalint.pipeline import check_bytes

# Clean shipped examples with one mistake each, so that rules added later do not change these tests.
WARN_ONLY = (REPO / "examples" / "tavus" / "receptionist.yaml").read_text() + "layrs: {}\n"  # PS005, a warning
ZDR = json.dumps(
    {**json.loads((REPO / "examples" / "anam" / "sales-coach.create.json").read_text()), "zeroDataRetention": True},
    indent=2,
)  # AN010, a note


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


def check(*args: str, cwd: Path) -> tuple[int, Any]:
    """Run `personalint check` in `cwd`; JSON output is parsed."""
    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(cli, ["check", *args], catch_exceptions=False)
    finally:
        os.chdir(old)
    output: Any = result.output
    if "--format" in args and "json" in args and result.exit_code in (0, 1):
        output = json.loads(result.output)
    return result.exit_code, output


def rules_found(data: dict) -> list[tuple[str, str, str]]:
    return [(Path(f["path"]).name, f["rule"], f["level"]) for f in data["findings"]]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write(tmp_path / "personas" / "coach.yaml", WARN_ONLY)
    write(tmp_path / "personas" / "zdr.json", ZDR)
    return tmp_path


# --- finding the file -------------------------------------------------------------------


def test_found_by_walking_up_and_pyproject_needs_the_section(tmp_path: Path) -> None:
    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    assert config.find(str(deep)) is None
    write(tmp_path / "pyproject.toml", "[tool.ruff]\nline-length = 100\n")
    assert config.find(str(deep)) is None  # a pyproject.toml without [tool.personalint] is not a configuration
    write(tmp_path / "a" / "pyproject.toml", "[tool.personalint.per-file-ignores]\n'x.json' = ['AN010']\n")
    assert config.find(str(deep)) == str(tmp_path / "a" / "pyproject.toml")
    write(tmp_path / "a" / ".personalint.toml", "ignore = ['AN010']\n")
    assert config.find(str(deep)) == str(tmp_path / "a" / ".personalint.toml")  # the dedicated file wins
    write(tmp_path / "a" / "b" / "pyproject.toml", "[tool.personalint]\n")
    assert config.find(str(deep)) == str(tmp_path / "a" / "b" / "pyproject.toml")  # the nearest wins


def test_cli_uses_the_nearest_configuration(project: Path) -> None:
    write(
        project / "pyproject.toml",
        """\
        [tool.personalint]
        ignore = ["unknown-key"]
        """,
    )
    code, data = check("--format", "json", ".", cwd=project / "personas")
    assert code == 0 and rules_found(data) == [("zdr.json", "AN010", "note")]


def test_isolated_and_explicit_config(project: Path) -> None:
    write(project / ".personalint.toml", 'ignore = ["PS005"]\n')
    write(project / "other.toml", 'select = ["PS005"]\n')
    code, data = check("--format", "json", "--isolated", "personas", cwd=project)
    assert sorted(r for _, r, _ in rules_found(data)) == ["AN010", "PS005"]
    code, data = check("--format", "json", "--config", "other.toml", "personas", cwd=project)
    assert rules_found(data) == [("coach.yaml", "PS005", "warning")]
    code, output = check("--config", "other.toml", "--isolated", "personas", cwd=project)
    assert code == 2 and "exclude each other" in output


# --- validation ---------------------------------------------------------------------------


def test_a_typo_is_an_error_with_its_line(project: Path) -> None:
    write(
        project / "pyproject.toml",
        """\
        [project]
        name = "demo"

        [tool.personalint]
        selct = ["AN"]
        """,
    )
    code, output = check("personas", cwd=project)
    assert code == 2
    assert "pyproject.toml:5: tool.personalint.selct: unknown setting; did you mean 'select'?" in output


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ('select = "AN"', ".personalint.toml:1: select: Input should be a valid list; got 'AN'"),
        (
            'fail-on = "fatal"',
            ".personalint.toml:1: fail-on: Input should be 'error', 'warning' or 'note'; got 'fatal'",
        ),
        ('[severity]\nAN010 = "loud"', ".personalint.toml:2: severity.AN010: Input should be"),
        ('kinds = {"updates/*.json" = "anam-updat"}', '.personalint.toml:1: kinds."updates/*.json": Input should be'),
        (
            '[per-file-ignores]\n"a.json" = "AN010"',
            '.personalint.toml:2: per-file-ignores."a.json": Input should be a valid list',
        ),
        ("inventory = 3", ".personalint.toml:1: inventory: Input should be a valid string; got 3"),
        ("force-exclude = 'yes'", ".personalint.toml:1: force-exclude: Input should be a valid boolean"),
        ('ignore = ["PS0005"]', ".personalint.toml:1: unknown rule selector 'PS0005' in ignore"),
        (
            '[per-file-ignores]\n"*.json" = ["nope"]',
            ".personalint.toml:2: unknown rule selector 'nope' in per-file-ignores.\"*.json\"",
        ),
        ("select = ]", ".personalint.toml:1:10: invalid TOML: Invalid value"),
    ],
)
def test_invalid_settings_are_clear_errors(project: Path, toml: str, expected: str) -> None:
    write(project / ".personalint.toml", toml + "\n")
    code, output = check("personas", cwd=project)
    assert code == 2 and expected in output, output


def test_every_error_is_reported_at_once(project: Path) -> None:
    write(project / ".personalint.toml", 'selct = ["AN"]\nfail-on = "fatal"\n')
    code, output = check("personas", cwd=project)
    assert code == 2 and ".personalint.toml:1: selct" in output and ".personalint.toml:2: fail-on" in output


def test_inventory_is_accepted_as_a_path_relative_to_the_configuration(tmp_path: Path) -> None:
    write(tmp_path / ".personalint.toml", 'inventory = "inventory"\n')
    options = config.load(str(tmp_path / ".personalint.toml"))
    assert options.inventory == "inventory"
    settings = config.resolve([options], registry())
    assert settings.project is not None and settings.project.inventory == str(tmp_path / "inventory")


# --- the settings ---------------------------------------------------------------------------


def test_select_extend_select_ignore_and_cli_wins(project: Path) -> None:
    write(project / ".personalint.toml", 'select = ["AN"]\nextend-select = ["PS005"]\nignore = ["AN010"]\n')
    code, data = check("--format", "json", "personas", cwd=project)
    assert rules_found(data) == [("coach.yaml", "PS005", "warning")]
    code, data = check("--format", "json", "--select", "AN010", "personas", cwd=project)
    assert rules_found(data) == [("zdr.json", "AN010", "note")]  # the command line's select replaces the file's
    code, data = check("--format", "json", "--extend-select", "AN010", "personas", cwd=project)
    assert sorted(r for _, r, _ in rules_found(data)) == ["AN010", "PS005"]


def test_severity_overrides_and_fail_on(project: Path) -> None:
    write(project / ".personalint.toml", 'fail-on = "warning"\n[severity]\nAN = "warning"\nunknown-key = "error"\n')
    code, data = check("--format", "json", "personas", cwd=project)
    assert code == 1
    assert sorted(rules_found(data)) == [("coach.yaml", "PS005", "error"), ("zdr.json", "AN010", "warning")]
    code, data = check(
        "--format",
        "json",
        "--severity",
        "PS005=note",
        "--severity",
        "AN010=note",
        "--fail-on",
        "error",
        "personas",
        cwd=project,
    )
    assert code == 0 and {level for _, _, level in rules_found(data)} == {"note"}


def test_more_specific_severity_wins_whatever_the_order() -> None:
    settings = config.resolve([config.Options(severity={"AN010": "error", "AN": "warning"})], registry())
    assert settings.severity["AN010"] == Level.ERROR and settings.severity["AN001"] == Level.WARNING


def test_disabled_rules_never_run(monkeypatch, tmp_path: Path) -> None:
    from personalint.engine.run import FUNCTIONS

    calls = []
    original = FUNCTIONS["present"].run

    def counted(ctx: Any, params: Any) -> Any:
        calls.append(1)
        return original(ctx, params)

    monkeypatch.setitem(FUNCTIONS, "present", FUNCTIONS["present"]._replace(run=counted))
    write(tmp_path / ".personalint.toml", 'ignore = ["AN020", "AN010", "TV002"]\n')
    settings = config.resolve([config.load(str(tmp_path / ".personalint.toml"))], registry())
    assert not {"AN020", "AN010", "TV002"} & settings.enabled
    check_bytes("p.yaml", b"avatarId: x\nllmId: CUSTOMER_CLIENT_V1\nsystemPrompt: hi\n", settings)
    enabled_present = [r for r in registry().rules if r.check.get("function") == "present" and r.id in settings.enabled]
    assert len(calls) <= len(enabled_present)
    assert not any(r.id in ("AN020", "AN010", "TV002") for r in enabled_present)


def test_per_file_ignores_do_not_run_the_rules_for_those_files(monkeypatch, project: Path) -> None:
    from personalint import schema

    checked = []
    original = schema.check

    def recorded(kind: str, value: Any, **kw: Any) -> Any:
        checked.append(kind)
        return original(kind, value, **kw)

    monkeypatch.setattr(schema, "check", recorded)
    write(
        project / ".personalint.toml",
        """\
        [per-file-ignores]
        "personas/*.yaml" = ["PS"]
        "zdr.json" = ["AN010"]
        """,
    )
    code, data = check("--format", "json", "personas", cwd=project)
    assert code == 0 and data["findings"] == []
    assert checked == ["anam-create"]  # the schema (PS rules) never ran for coach.yaml
    code, data = check("--format", "json", "--isolated", "personas", cwd=project)
    assert len(data["findings"]) == 2


def test_per_file_ignores_on_the_command_line(project: Path) -> None:
    code, data = check("--format", "json", "--per-file-ignores", "*.json:AN010", "personas", cwd=project)
    assert rules_found(data) == [("coach.yaml", "PS005", "warning")]


def test_exclude_extend_exclude_and_force_exclude(project: Path) -> None:
    write(project / "legacy" / "old.yaml", WARN_ONLY)
    write(project / "personas" / "generated" / "g.yaml", WARN_ONLY)
    write(project / ".personalint.toml", 'exclude = ["legacy/"]\nextend-exclude = ["generated"]\n')
    code, data = check("--format", "json", ".", cwd=project)
    assert sorted(Path(f["path"]).as_posix() for f in data["files"]) == ["personas/coach.yaml", "personas/zdr.json"]
    # a file named on the command line is checked anyway, unless --force-exclude (as pre-commit runs it)
    code, data = check("--format", "json", "legacy/old.yaml", cwd=project)
    assert len(data["files"]) == 1
    code, data = check("--format", "json", "--force-exclude", "legacy/old.yaml", "personas/coach.yaml", cwd=project)
    assert [f["path"] for f in data["files"]] == ["personas/coach.yaml"]
    # the command line's --exclude replaces the file's exclude; extend-exclude still applies
    code, data = check("--format", "json", "--exclude", "*.json", ".", cwd=project)
    assert sorted(Path(f["path"]).as_posix() for f in data["files"]) == ["legacy/old.yaml", "personas/coach.yaml"]


def test_include_and_extend_include(project: Path) -> None:
    write(project / "personas" / "coach.persona", WARN_ONLY)
    write(project / "personas" / "notes.txt", "not a persona\n")
    # the default: JSON, YAML and the code formats' suffixes
    code, data = check("--format", "json", ".", cwd=project)
    assert sorted(Path(f["path"]).name for f in data["files"]) == ["coach.yaml", "zdr.json"]
    write(project / ".personalint.toml", 'extend-include = ["*.persona"]\n')
    code, data = check("--format", "json", ".", cwd=project)
    assert sorted(Path(f["path"]).name for f in data["files"]) == ["coach.persona", "coach.yaml", "zdr.json"]
    write(project / ".personalint.toml", 'include = ["personas/*.yaml", "*.persona"]\n')
    code, data = check("--format", "json", ".", cwd=project)
    assert sorted(Path(f["path"]).name for f in data["files"]) == ["coach.persona", "coach.yaml"]
    # the command line extends the file's include; a file named explicitly is checked whatever include says
    code, data = check("--format", "json", "--extend-include", "*.json", ".", cwd=project)
    assert sorted(Path(f["path"]).name for f in data["files"]) == ["coach.persona", "coach.yaml", "zdr.json"]
    code, data = check("--format", "json", "personas/zdr.json", cwd=project)
    assert len(data["files"]) == 1
    write(project / ".personalint.toml", "include = '*.yaml'\n")
    code, output = check(".", cwd=project)
    assert code == 2 and "include" in output


def test_kinds_by_glob_and_what_wins(tmp_path: Path) -> None:
    write(tmp_path / "updates" / "rename.json", '{"name": "Cara", "avatarId": "x", "voiceId": "y"}')
    write(
        tmp_path / "updates" / "moded.yaml",
        "# yaml-language-server: $schema=./anam-create.schema.json\nname: Cara\navatarId: x\nvoiceId: y\n",
    )
    write(tmp_path / ".personalint.toml", '[kinds]\n"updates/*" = "anam-update"\n')
    code, data = check("--format", "json", "updates", cwd=tmp_path)
    kinds = {Path(f["path"]).name: f["documents"][0]["kind"] for f in data["files"]}
    assert kinds == {"rename.json": "anam-update", "moded.yaml": "anam-create"}  # a modeline beats the glob
    code, data = check("--format", "json", "--kind", "anam-session", "updates", cwd=tmp_path)
    assert {f["documents"][0]["kind"] for f in data["files"]} == {"anam-session"}  # --kind beats both
    code, data = check("--format", "json", "--kinds", "*.json=anam-create", "updates/rename.json", cwd=tmp_path)
    assert data["files"][0]["documents"][0]["kind"] == "anam-create"  # the command line's glob is tried first


def test_glob_semantics(tmp_path: Path) -> None:
    base = str(tmp_path)

    def matches(pattern: str, path: str) -> bool:
        return config.Glob.compile(pattern, base).matches(str(tmp_path / path))

    assert matches("legacy", "a/legacy/x.yaml") and matches("legacy", "legacy")
    assert matches("*.patch.json", "deep/er/x.patch.json") and not matches("*.patch.json", "x.json")
    assert matches("configs/*.yaml", "configs/a.yaml") and not matches("configs/*.yaml", "configs/sub/a.yaml")
    assert matches("configs/**/*.yaml", "configs/sub/deeper/a.yaml") and matches("configs/**/*.yaml", "configs/a.yaml")
    assert matches("./configs", "configs/a.yaml") and not matches("configs", "other/configs.yaml")
    assert matches("legacy/", "legacy/a.yaml") and not matches("legacy/", "legacy")
    assert matches("p?.y[am]ml", "pa.yaml") and matches("[!x]*.json", "a.json") and not matches("[!x]*.json", "x.json")
    assert not matches("configs/*.yaml", "../elsewhere/configs/a.yaml")


# --- start-up cost ----------------------------------------------------------------------------


def _modules_after_a_check(cwd: Path, target: str) -> set[str]:
    code = textwrap.dedent(f"""\
        import sys, io, contextlib
        sys.argv = ["personalint", "check", {target!r}]
        from personalint.cli import main
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                main()
        except SystemExit:
            pass
        print(" ".join(sorted(m for m in ("pydantic", "tomllib") if m in sys.modules)))
        """)
    proc = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=True)
    return set(proc.stdout.split())


def test_no_pydantic_or_tomllib_without_a_configuration(tmp_path: Path) -> None:
    write(tmp_path / "p.json", '{"persona_name": "Coach", "system_prompt": "You coach."}')
    assert _modules_after_a_check(tmp_path, "p.json") == set()
    write(tmp_path / "pyproject.toml", '[project]\nname = "personalint-demo"\n')  # no [tool.personalint]
    assert _modules_after_a_check(tmp_path, "p.json") == set()
    write(tmp_path / ".personalint.toml", 'ignore = ["AN010"]\n')
    assert _modules_after_a_check(tmp_path, "p.json") == {"pydantic", "tomllib"}


def test_settings_default_is_unchanged_without_configuration() -> None:
    resolved = config.resolve([config.Options()], registry())
    assert resolved.enabled == Settings.default().enabled and resolved.fail_on == Level.ERROR
    assert resolved.project is None and resolved.severity == {}


def test_the_readme_example_is_valid(tmp_path: Path) -> None:
    import re

    from helpers import REPO

    section = (REPO / "README.md").read_text().split("## Configuration", 1)[1].split("\n## ", 1)[0]
    found = re.search(r"```toml\n(.*?)```", section, re.DOTALL)
    assert found, "README's Configuration section lost its TOML example"
    example = found.group(1)
    write(tmp_path / "pyproject.toml", example)
    options = config.load(str(tmp_path / "pyproject.toml"))
    settings = config.resolve([options], registry())
    assert "AN010" not in settings.enabled and settings.fail_on == Level.WARNING
    assert settings.severity["AN003"] == Level.ERROR and settings.severity["TV002"] == Level.WARNING
    assert settings.project is not None and settings.project.inventory == str(tmp_path / "inventory")
    shown = re.search(r"```text\n(Error: .*?)\n```", section)
    assert shown, "README's Configuration section lost its error sample"
    error = shown.group(1)
    write(tmp_path / "pyproject.toml", "\n" * 7 + "[tool.personalint]\nselct = []\n")  # selct on line 9
    with pytest.raises(config.ConfigError) as raised:
        config.load(str(tmp_path / "pyproject.toml"))
    assert "Error: " + str(raised.value).replace(str(tmp_path / "pyproject.toml"), "pyproject.toml") == error
