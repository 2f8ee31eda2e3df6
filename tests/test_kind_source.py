"""Which kind each document was checked as, and how that was told: JSON `kindSource`/`kindReason`,
SARIF result properties, and a line of the text report where the keys left another kind open."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from personalint.cli import cli

CREATE_KEYS = (
    '{"name": "Ava", "avatarId": "30fa96d0-26c4-4e55-94a0-517025942e18", "brainType": "ANAM_GPT_4O_MINI_V1"}\n'
)
ROUTE = """\
const persona = { persona_name: "Coach", system_prompt: "You coach.", pipeline_mode: "half" };
await fetch("https://tavusapi.com/v2/personas", { method: "POST", body: JSON.stringify(persona) });
"""


def run(*args: str, cwd: Path | None = None) -> str:
    return CliRunner().invoke(cli, ["check", *args]).output


def documents(folder: Path, *args: str) -> dict[str, list[tuple[str, str, str]]]:
    data = json.loads(run("--format", "json", *args, str(folder)))
    return {
        Path(f["path"]).name: [(d["kind"], d.get("kindSource"), d.get("kindReason")) for d in f["documents"]]
        for f in data["files"]
    }


def test_every_way_a_kind_is_told(tmp_path: Path) -> None:
    (tmp_path / "ava.json").write_text(CREATE_KEYS)
    (tmp_path / "route.ts").write_text(ROUTE)
    (tmp_path / "moded.yaml").write_text(
        "# yaml-language-server: $schema=../schemas/anam-session.schema.json\nname: Ava\navatarId: x\n"
    )
    (tmp_path / "updates").mkdir()
    (tmp_path / "updates" / "cara.json").write_text('{"name": "Cara", "llmId": "CUSTOMER_CLIENT_V1"}\n')
    (tmp_path / ".personalint.toml").write_text('[kinds]\n"updates/*" = "anam-update"\n')
    assert documents(tmp_path, "--config", str(tmp_path / ".personalint.toml")) == {
        "ava.json": [("anam-create", "keys", "camelCase Anam persona keys")],
        "route.ts": [("tavus-create", "endpoint", "POST https://tavusapi.com/v2/personas")],
        "moded.yaml": [("anam-session", "modeline", "the yaml-language-server $schema line")],
        "cara.json": [("anam-update", "glob", "the kinds setting")],
    }
    forced = documents(tmp_path, "--kind", "anam-session")
    assert {kinds[0][1:] for kinds in forced.values()} == {("option", "--kind")}


def test_the_text_report_says_when_the_keys_left_another_kind_open(tmp_path: Path) -> None:
    (tmp_path / "ava.json").write_text(CREATE_KEYS)
    out = run(str(tmp_path / "ava.json"))
    assert "ava.json: checked as anam-create, told from its keys (camelCase Anam persona keys)" in out
    assert "pass --kind anam-session" in out
    assert out.count("checked as") == 1
    # said only where it matters: not for a kind the request gave, not for a file with no finding
    (tmp_path / "route.ts").write_text(ROUTE)
    assert "checked as" not in run(str(tmp_path / "route.ts"))
    (tmp_path / "clean.json").write_text(
        '{"name": "Ava", "avatarId": "30fa96d0-26c4-4e55-94a0-517025942e18",'
        ' "voiceId": "6bfbe25a-979d-40f3-a92b-5394170af54b", "systemPrompt": "Hi."}\n'
    )
    assert "checked as" not in run(str(tmp_path / "clean.json"))
    assert "checked as" not in run("--kind", "anam-create", str(tmp_path / "ava.json"))
    assert "checked as" not in run("--format", "concise", str(tmp_path / "ava.json"))


def test_sarif_results_carry_the_kind(tmp_path: Path) -> None:
    (tmp_path / "ava.json").write_text(CREATE_KEYS)
    (tmp_path / "route.ts").write_text(ROUTE)
    log = json.loads(run("--format", "sarif", str(tmp_path)))
    told = {
        (r["ruleId"], r["properties"]["personaKind"], r["properties"]["kindSource"]) for r in log["runs"][0]["results"]
    }
    assert ("AN005", "anam-create", "keys") in told and ("PS002", "tavus-create", "endpoint") in told
