"""The inventory loader: the vendors' list replies, the command line and the configuration, bad input."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import CARA, LIV, LUCY, ORG, REPO, SARAH, lint

from personalint import inventory
from personalint.cli import cli

# --- loading ------------------------------------------------------------------------------


def test_a_folder_of_replies_loads_with_every_page(org) -> None:
    assert {key: len(items) for key, items in org.lists.items()} == {
        "anam/avatars": 3,
        "anam/voices": 4,
        "anam/llms": 2,
        "anam/tools": 2,
        "tavus/replicas": 2,
        "tavus/guardrails": 51,
        "tavus/documents": 2,
        "tavus/objectives": 1,
        "tavus/pronunciation-dictionaries": 1,
    }
    assert len(org.files["anam/avatars"]) == 2  # two pages, merged
    assert org.get("anam/voices", LUCY).isZdr is True
    assert org.get("anam/avatars", LIV).availableVersions == ["v1", "v2", "cara-4-3"]
    assert org.get("tavus/replicas", "r79e1c033f").model_name == "phoenix-3"


def test_an_index_file_names_the_replies(tmp_path: Path) -> None:
    index = tmp_path / "inventory.yaml"
    index.write_text(
        f"anam:\n  avatars: [{ORG}/anam/avatars-1.json, {ORG}/anam/avatars-2.json]\n"
        f"  voices: {ORG}/anam/voices-1.json\n"
        f"tavus:\n  replicas: {ORG}/tavus/replicas-1.json\n"
    )
    loaded = inventory.load(str(index))
    assert sorted(loaded.lists) == ["anam/avatars", "anam/voices", "tavus/replicas"]
    assert len(loaded.lists["anam/avatars"]) == 3
    # relative paths are relative to the index file; an empty page is named by the index
    (tmp_path / "page.json").write_text(
        '{"data": [], "meta": {"total": 0, "lastPage": 1, "currentPage": 1, "perPage": 10, "prev": null, "next": null}}'
    )
    index.write_text("anam:\n  tools: page.json\n")
    assert inventory.load(str(index)).lists == {"anam/tools": {}}


def test_a_single_reply_is_an_inventory() -> None:
    loaded = inventory.load(str(ORG / "tavus" / "guardrails-1.json"))
    assert list(loaded.lists) == ["tavus/guardrails"]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"voices.json": '{"data": [{"id": "v1", "provider": "CARTESIA", "isZdr": "yes"}], "meta": {}}'},
            "voices.json:1:57: data/0/isZdr: Input should be a valid boolean; got 'yes' (in a GET /v1/voices reply)",
        ),
        (
            {"voices.json": '{\n  "data": [\n    {"provider": "CARTESIA"}\n  ],\n  "meta": {}\n}'},
            "voices.json:3:5: data/0/id: Field required (in a GET /v1/voices reply)",
        ),
        ({"x.json": '{"data": [1, 2]'}, "x.json:1:16: invalid JSON"),
        ({"x.yaml": "avatarId: 071b0286\n"}, "x.yaml:1:1: not a list reply"),
        ({"x.json": '{"data": [], "total_count": 0}'}, "x.json: an empty tavus list: name the file after its list"),
        (
            {"x.json": '{"data": [{"replica_id": "r1"}, {"document_id": "d1"}], "total_count": 2}'},
            "x.json:1:10: mixes items of tavus/documents and tavus/replicas",
        ),
        (
            {"x.json": '{"data": [{"replica_id": "r1"}, {"foo": 1}], "total_count": 2}'},
            "x.json:1:33: data/1 is not a documented tavus list item",
        ),
    ],
)
def test_a_malformed_inventory_says_where(tmp_path: Path, files: dict, expected: str) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    with pytest.raises(inventory.InventoryError) as caught:
        inventory.load(str(tmp_path))
    assert str(caught.value).startswith(str(tmp_path / expected.split(":")[0]))
    assert expected in str(caught.value)


def test_index_errors_point_into_the_index(tmp_path: Path) -> None:
    index = tmp_path / "inventory.yaml"
    index.write_text("anam:\n  avatar: a.json\n")
    with pytest.raises(
        inventory.InventoryError,
        match=r"inventory.yaml:2:3: unknown anam list 'avatar'; "
        r"expected one of avatars, voices, llms, tools",
    ):
        inventory.load(str(index))
    index.write_text("anam:\n  voices: [missing.json]\n")
    with pytest.raises(inventory.InventoryError, match=r"inventory.yaml:2:12: missing.json: no such file"):
        inventory.load(str(index))
    index.write_text(f"anam:\n  voices: {ORG}/anam/llms-1.json\n")
    with pytest.raises(inventory.InventoryError, match=r"named as anam/voices but holds anam/llms"):
        inventory.load(str(index))
    with pytest.raises(inventory.InventoryError, match="no such file or folder"):
        inventory.load(str(tmp_path / "nothing"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(inventory.InventoryError, match="holds no list replies"):
        inventory.load(str(tmp_path / "empty"))


def test_yaml_tags_are_never_constructed(tmp_path: Path) -> None:
    (tmp_path / "voices.yaml").write_text("!!python/object/apply:os.system ['echo hacked']\n")
    with pytest.raises(inventory.InventoryError):
        inventory.load(str(tmp_path))


def test_list_replies_are_not_checked_as_persona_configs() -> None:
    result = CliRunner().invoke(cli, ["check", "--isolated", str(ORG)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("All good: 10 files checked")


def test_show_summarises_an_inventory() -> None:
    result = CliRunner().invoke(cli, ["inventory", "show", str(ORG)])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "anam/avatars: 3 avatars (2 files)" in lines
    assert f"  {SARAH}  Sarah - Calm  [CARTESIA, sonic-3, not ZDR]" in lines
    assert "tavus/guardrails: 51 guardrails (1 file)" in lines
    assert "  ... and 31 more (--all lists them)" in lines
    everything = CliRunner().invoke(cli, ["inventory", "show", "--all", str(ORG)])
    assert "  g000000000049  policy_rule_49  [tags policy]" in everything.output.splitlines()
    bad = CliRunner().invoke(cli, ["inventory", "show", "/nonexistent/inventory"])
    assert bad.exit_code == 2 and "inventory: /nonexistent/inventory: no such file or folder" in bad.output


# --- the command line and the configuration ------------------------------------------------


PERSONA = f"avatarId: {CARA}\navatarModel: cara-4\nvoiceId: {LUCY}\n"


def test_check_inventory_option_and_summary(tmp_path: Path) -> None:
    persona = tmp_path / "persona.yaml"
    persona.write_text(PERSONA)
    runner = CliRunner()
    without = runner.invoke(cli, ["check", "--isolated", str(persona)])
    assert without.exit_code == 0
    assert without.output.strip().endswith("Reference checks skipped: no inventory given (--inventory PATH).")
    given = runner.invoke(cli, ["check", "--isolated", "--inventory", str(ORG), "--format", "concise", str(persona)])
    assert given.exit_code == 1
    assert (
        f"{persona}:2:14: error IV003 avatarModel 'cara-4' is not available for avatar 'Cara' ({CARA}): it offers cara-3"
        in given.output
    )
    assert "skipped" not in given.output
    broken = runner.invoke(cli, ["check", "--isolated", "--inventory", str(tmp_path / "none"), str(persona)])
    assert broken.exit_code == 2 and "inventory: " in broken.output and "no such file or folder" in broken.output


def test_the_summary_says_nothing_when_no_inventory_rule_had_work(tmp_path: Path) -> None:
    persona = tmp_path / "persona.yaml"
    persona.write_text("persona_name: Coach\nsystem_prompt: You coach.\n")
    result = CliRunner().invoke(cli, ["check", "--isolated", str(persona)])
    assert "skipped" not in result.output
    ignored = CliRunner().invoke(cli, ["check", "--isolated", "--ignore", "IV", str(tmp_path)])
    assert "skipped" not in ignored.output


def test_inventory_from_the_configuration(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / ".personalint.toml").write_text(f'inventory = "{ORG}"\n')
    (tmp_path / "persona.yaml").write_text(PERSONA)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--format", "concise", "persona.yaml"])
    assert "IV003" in result.output and result.exit_code == 1
    shown = CliRunner().invoke(cli, ["inventory", "show"])
    assert shown.exit_code == 0 and "anam/voices: 4 voices" in shown.output
    (tmp_path / ".personalint.toml").write_text('inventory = "org"\n')  # relative to the configuration file
    (tmp_path / "org").symlink_to(ORG)
    assert "IV003" in CliRunner().invoke(cli, ["check", "persona.yaml"]).output
    (tmp_path / ".personalint.toml").write_text("")
    assert CliRunner().invoke(cli, ["inventory", "show"]).exit_code == 2


def test_plain_check_never_imports_pydantic(tmp_path: Path) -> None:
    persona = tmp_path / "p.json"
    persona.write_text(json.dumps({"avatarId": LIV, "voiceId": LUCY, "avatarModel": "cara-3"}))
    code = (
        "import sys\nfrom personalint.cli import main\nsys.argv = ['personalint', 'check', '--isolated', "
        f"{str(persona)!r}]\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('pydantic' in sys.modules)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert run.stdout.strip().splitlines()[-1] == "False", run.stdout + run.stderr


# --- bad input: the inventory loader gets the same treatment as persona files ---------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the file is empty"),
        (b"\x00\x01binary", "NUL byte"),
        (b'{"data": [], "meta": {"total": "\xff"}}', "not valid UTF-8"),
        (b"[" * 10000 + b"]" * 10000, ""),
        (b"---\n{data: [], meta: {}}\n---\n{data: [], meta: {}}\n", "expected one JSON or YAML document, found 2"),
    ],
)
def test_bad_files_are_clear_errors(tmp_path: Path, content: bytes, expected: str) -> None:
    name = "voices.yaml" if content.startswith(b"---") else "voices.json"
    (tmp_path / name).write_bytes(content)
    with pytest.raises(inventory.InventoryError) as caught:
        inventory.load(str(tmp_path))
    assert str(caught.value).startswith(str(tmp_path / name)) and expected in str(caught.value)


def test_oversized_and_unreadable_files(tmp_path: Path, monkeypatch) -> None:
    big = tmp_path / "voices.json"
    big.write_text('{"data": [], "meta": {}}')
    # the module, not the package: `inventory.load` is the function
    monkeypatch.setattr(importlib.import_module("personalint.inventory.load"), "MAX_FILE_BYTES", 10)
    with pytest.raises(inventory.InventoryError, match="bytes is over the inventory file limit of 10 bytes"):
        inventory.load(str(tmp_path))
    monkeypatch.undo()
    if os.geteuid() != 0:  # root reads anything
        big.chmod(0)
        with pytest.raises(inventory.InventoryError, match="cannot read"):
            inventory.load(str(tmp_path))
        big.chmod(0o644)


def test_symlink_loops_and_hidden_folders_are_not_followed(tmp_path: Path) -> None:
    (tmp_path / "voices-1.json").write_text((ORG / "anam" / "voices-1.json").read_text())
    (tmp_path / "loop").symlink_to(tmp_path)
    (tmp_path / ".anam-leftover").mkdir()  # an interrupted pull's staging folder
    (tmp_path / ".anam-leftover" / "junk.json").write_text("{")
    assert list(inventory.load(str(tmp_path)).lists) == ["anam/voices"]


def test_an_index_file_is_not_checked_as_a_persona(tmp_path: Path) -> None:
    index = tmp_path / "inventory.yaml"
    index.write_text(f"anam:\n  voices: {ORG}/anam/voices-1.json\n")
    result = CliRunner().invoke(cli, ["check", "--isolated", str(index)])
    assert result.exit_code == 0 and result.output.startswith("All good")
    assert inventory.load(str(index)).holds("anam/voices")


@pytest.mark.parametrize(
    ("text", "name", "skipped"),
    [
        ('[{"op": "replace", "path": "/default_replica_id", "value": "r1"}]', "p.json", True),
        ('[{"op": "replace", "path": "/system_prompt", "value": "Hi."}]', "p.json", False),
        ('{"personaConfig": {"avatarId": "a", "voiceId": "v"}}', "s.json", True),
        ('{"personaConfig": {"personaId": "p"}}', "s.json", False),
        ("system_prompt: x\nlayers: {tts: {tts_emotion_control: true}}\n", "t.yaml", True),
    ],
)
def test_which_documents_had_reference_checks_to_skip(text: str, name: str, skipped: bool) -> None:
    from personalint.config import Settings
    from personalint.pipeline import check_bytes

    assert check_bytes(name, text.encode(), Settings.default()).inventory_skipped is skipped
    with_inventory = check_bytes(name, text.encode(), Settings.default(inventory=inventory.load(str(ORG))))
    assert with_inventory.inventory_skipped is False


def test_every_vendor_has_its_row_and_every_list_its_documented_id() -> None:
    from personalint.inventory.lists import parse_fields
    from personalint.kinds import VENDORS

    assert tuple(inventory.VENDOR) == VENDORS == inventory.VENDORS
    for key, spec in inventory.LISTS.items():
        assert spec.vendor in inventory.VENDOR, key
        declared = {f.name: f for f in parse_fields(spec.fields)}
        assert not declared[spec.id_field].optional and declared[spec.id_field].type == "str", key
        assert spec.label_field in declared and spec.signature <= declared.keys(), key


def test_a_reply_like_document_with_an_odd_type_is_no_internal_error() -> None:
    """An item without signature keys whose `type` is not a string (an object, a list) names no list."""
    for odd in ({"a": 1}, [1], None):
        result = lint(json.dumps({"data": [{"type": odd, "name": "x"}], "meta": {"total": 1}}), name="r.json")
        assert [f.rule for f in result.findings] == ["PF004"]
