"""The run-time API: `personalint.check_config(obj, kind=None, *, select, ignore, inventory)`."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import REPO

import personalint
from personalint.finding import Finding, Level

KEY = "gsk_FAKE0a1B2c3D4e5F6g7H8i9J0k"  # a Groq-shaped key (made up)
TAVUS = {
    "persona_name": "Coach",
    "pipeline_mode": "half",
    "layers": {"tts": {"tts_engine": "playht", "voice_settings": {"speed": 1.5}}},
}


def spots(found: list[Finding]) -> list[tuple[str, str, int, int]]:
    return [(f.rule, f.pointer, f.span.line, f.span.column) for f in found]


def test_findings_with_pointers_and_positions_in_the_rendering() -> None:
    found = personalint.check_config(TAVUS, "tavus-create")
    assert spots(found) == [
        ("TV001", "", 1, 1),
        ("PS002", "/pipeline_mode", 3, 20),
        ("TV103", "/layers/tts/tts_engine", 6, 21),
    ]
    assert {f.path for f in found} == {"<config>"} and {f.document for f in found} == {0}
    lines = personalint.render_config(TAVUS).splitlines()
    ps002 = found[1].span
    assert lines[ps002.line - 1][ps002.column - 1 : ps002.end_column - 1] == '"half"'
    assert all(isinstance(f, Finding) for f in found)


def test_the_kind_is_detected_when_not_given() -> None:
    assert spots(personalint.check_config(TAVUS)) == spots(personalint.check_config(TAVUS, "tavus-create"))
    assert personalint.check_config({"persona_name": "Coach", "system_prompt": "You coach."}) == []


def test_the_kind_given_wins() -> None:
    body = {"personaConfig": {"name": "Ava", "avatarId": "x", "avatarModel": "cara-5"}}
    assert "AN001" in [f.rule for f in personalint.check_config(body, "anam-session")]
    assert "PS005" in [f.rule for f in personalint.check_config(body, "anam-create")]  # no personaConfig there


def test_no_kind_to_tell_is_one_pf004() -> None:
    found = personalint.check_config({"name": "x"})
    assert [f.rule for f in found] == ["PF004"]


def test_a_json_patch_list_and_tuples() -> None:
    patch = ({"op": "update", "path": "/pipeline_mode", "value": "full"},)
    found = personalint.check_config(patch, "tavus-patch")
    assert [(f.rule, f.pointer) for f in found] == [("PS002", "/0/op")]


def test_select_and_ignore() -> None:
    # without TV103 (a removed engine), the schema's finding on tts_engine stays
    found = personalint.check_config(TAVUS, "tavus-create", select="PS")
    assert [(f.rule, f.pointer) for f in found] == [("PS002", "/pipeline_mode"), ("PS002", "/layers/tts/tts_engine")]
    assert [f.rule for f in personalint.check_config(TAVUS, "tavus-create", select=["TV"], ignore="TV103")] == ["TV001"]
    assert "TV001" not in [f.rule for f in personalint.check_config(TAVUS, ignore=["system-prompt-required"])]


def test_bad_arguments_raise() -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        personalint.check_config(TAVUS, "tavus-update")
    with pytest.raises(ValueError, match="no rule matches 'XX9'"):
        personalint.check_config(TAVUS, select=["XX9"])
    with pytest.raises(ValueError, match="no rule matches 'nope'"):
        personalint.check_config(TAVUS, ignore="nope")


def test_what_json_cannot_send_raises() -> None:
    with pytest.raises(TypeError, match="cannot be sent as JSON"):
        personalint.check_config({"persona_name": {"a", "b"}})
    loop: dict = {"persona_name": "x"}
    loop["layers"] = {"llm": loop}
    with pytest.raises(ValueError, match="cannot be sent as JSON"):
        personalint.check_config(loop)


def test_nan_is_not_json() -> None:
    found = personalint.check_config(
        {"persona_name": "x", "system_prompt": "y", "layers": {"tts": {"x": float("nan")}}}
    )
    assert [f.rule for f in found] == ["PF001"]


@pytest.mark.parametrize("depth", [150, 100_000])
def test_deep_nesting_is_pf081_not_a_traceback(depth: int) -> None:
    body: dict = {}
    inner = body
    for _ in range(depth):
        inner["a"] = {}
        inner = inner["a"]
    found = personalint.check_config(body, "tavus-create")
    assert [f.rule for f in found] == ["PF081"]
    assert personalint.check_config(body, "tavus-create", ignore="PF081") == []


def test_a_credential_field_holds_the_real_key_at_run_time() -> None:
    llm = {"model": "m", "base_url": "https://api.groq.com/openai/v1", "api_key": KEY}
    body = {"persona_name": "x", "system_prompt": "y", "layers": {"llm": llm}}
    assert personalint.check_config(body, "tavus-create") == []  # SE001 is about files
    found = personalint.check_config(body, "tavus-create", select=["SE"])
    assert [f.rule for f in found] == ["SE001"] and KEY not in found[0].message


def test_secrets_never_appear_in_messages() -> None:
    body = {"persona_name": "x", "system_prompt": f"Use {KEY} for search.", "pipeline_mode": KEY}
    found = personalint.check_config(body, "tavus-create")
    assert {"SE002", "PS002"} <= {f.rule for f in found}  # a key in a prompt is leaked at run time too
    assert all(KEY not in f.message and KEY not in f.pointer for f in found)


def test_an_inventory_path_or_object() -> None:
    from personalint.inventory import InventoryError, load

    org = REPO / "examples" / "inventory" / "org"
    body = {"name": "A", "avatarId": "30fa96d0-26c4-4e55-94a0-517025942e18", "avatarModel": "cara-4"}
    assert "IV003" not in [f.rule for f in personalint.check_config(body, "anam-create")]
    for inventory in (str(org), org, load(str(org))):
        found = personalint.check_config(body, "anam-create", inventory=inventory)
        assert [(f.rule, f.pointer) for f in found if f.rule.startswith("IV")] == [("IV003", "/avatarModel")]
    with pytest.raises(InventoryError):
        personalint.check_config(body, "anam-create", inventory=str(org / "missing"))


def test_the_lazy_attributes() -> None:
    assert personalint.Level is Level and "check_config" in dir(personalint)
    assert "tavus-create" in personalint.KINDS
    with pytest.raises(AttributeError):
        personalint.nothing_here  # noqa: B018


_PROBE = textwrap.dedent(
    """
    import sys
    packs = sys.argv[1]
    import personalint
    after_import = sorted(m for m in sys.modules if m.startswith("personalint"))
    if packs:  # as in a built wheel: the rule packs pre-parsed as JSON (hatch_build.py)
        import personalint.resources as resources
        shipped = resources.data_dir
        resources.data_dir = lambda name: packs if name == "rules" else shipped(name)
    found = personalint.check_config({"persona_name": "Coach", "pipeline_mode": "half"})
    heavy = ("tree_sitter", "tree_sitter_typescript", "tree_sitter_javascript", "markdown_it",
             "pydantic", "click", "yaml")
    print(after_import)
    print(sorted(m for m in heavy if m in sys.modules))
    print([f.rule for f in found])
    """
)


def _probe(packs: str) -> list[str]:
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, packs], cwd=REPO, capture_output=True, text=True, check=True, timeout=60
    )
    return proc.stdout.splitlines()


def test_the_import_stays_light(tmp_path: Path) -> None:
    from personalint.engine.registry import load_pack, pack_paths

    (tmp_path / "packs.json").write_text(json.dumps([load_pack(p) for p in pack_paths()]), encoding="utf-8")
    after_import, heavy, rules = _probe(str(tmp_path))
    assert after_import == "['personalint', 'personalint.version']"  # `personalint check` does not pay for the API
    assert heavy == "[]"
    assert rules == "['TV001', 'PS002']"
    # in a source checkout the packs are YAML: only PyYAML may join then
    assert _probe("")[1] in ("[]", "['yaml']")
