"""`personalint check --fix` and friends on real files: what is written, what is reported, the exit codes.

--fix, --unsafe-fixes, --diff, --fix-only, --add-disable, standard input, the configuration keys
(fixable, unfixable, extend-safe-fixes, extend-unsafe-fixes, fix), encodings and line endings,
file modes, read-only files, and the `personalint-fix` pre-commit hook under `pre-commit try-repo`.
Each test runs in its own folder (the working directory, where .personalint.toml is found).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from helpers import NETWORK_TROUBLE, REPO

from personalint.cli import cli
from personalint.source import load

# The rules these tests are about; rules added later do not change the output pinned here.
SELECTED = "PS,PF,SE,TV102,TV235,TV239,AN020,AN103,AN211,AN220"

# PS002 (no fix), PF005 (a safe fix: quote off), TV102 (an unsafe fix: the deprecated model's successor)
TAVUS = """\
persona_name: Coach
system_prompt: You coach.
pipeline_mode: half
layers:
  conversational_flow:
    idle_engagement: off
  llm:
    model: tavus-gpt-4o
"""
SAFE_FIXED = TAVUS.replace("idle_engagement: off", "idle_engagement: 'off'")
ALL_FIXED = SAFE_FIXED.replace("tavus-gpt-4o", "tavus-gpt-oss")
PS002 = "p.yaml:3:16: error PS002 pipeline_mode: expected one of full, echo; got 'half'"
PF005 = "p.yaml:6:22: error PF005 [*] idle_engagement: write 'off' in quotes: YAML 1.1 reads unquoted off as false"
TV102 = (
    "p.yaml:8:12: warning TV102 model 'tavus-gpt-4o' is deprecated; "
    "use tavus-gpt-oss (recommended) or another current Tavus-hosted model"
)
ONLY_FIXABLE = (
    "persona_name: Coach\nsystem_prompt: You coach.\nlayers:\n  conversational_flow:\n    idle_engagement: off\n"
)
CLEAN = "persona_name: Coach\nsystem_prompt: You coach.\npipeline_mode: full\n"
UNFIXABLE = "persona_name: Coach\nsystem_prompt: You coach.\npipeline_mode: half\n"  # PS002 only
OLD = 1_000_000_000  # an mtime in 2001: a rewrite, however fast, gives another


def run(*args: str, input: str | None = None) -> Result:
    """`personalint check --select SELECTED ARGS` in-process, stdout and stderr apart."""
    return CliRunner().invoke(
        cli, ["check", "--select", SELECTED, *args], input=input, env={"NO_COLOR": "1"}, catch_exceptions=False
    )


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def put(path: Path, content: str | bytes) -> Path:
    """Write `content` to `path` with an old mtime, so a later write shows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    os.utime(path, (OLD, OLD))
    return path


def rules_in(output: str) -> list[str]:
    """The rule of each finding line of concise output, in order."""
    return [match.group(1) for match in re.finditer(r"^\S+:\d+:\d+: \w+ (\w+) ", output, re.M)]


def stamp(path: Path) -> tuple[bytes, int, int]:
    """What shows that a file was rewritten: its bytes, inode and mtime."""
    info = path.stat()
    return path.read_bytes(), info.st_ino, info.st_mtime_ns


# --- --fix and --unsafe-fixes ------------------------------------------------------------------


def test_fix_writes_the_safe_fixes_only_and_reports_what_is_left(work: Path) -> None:
    put(work / "p.yaml", TAVUS)
    result = run("--fix", "--format", "concise", "p.yaml")
    assert (work / "p.yaml").read_text() == SAFE_FIXED
    assert result.exit_code == 1  # PS002 is left, and has no fix
    assert result.stdout.splitlines()[:2] == [PS002, TV102]
    assert "PF005" not in result.stdout and result.stderr == ""


def test_unsafe_fixes_with_fix_writes_the_unsafe_ones_too(work: Path) -> None:
    put(work / "p.yaml", TAVUS)
    result = run("--fix", "--unsafe-fixes", "--format", "concise", "p.yaml")
    assert (work / "p.yaml").read_text() == ALL_FIXED
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == PS002
    assert "PF005" not in result.stdout and "TV102" not in result.stdout


def test_fix_exits_0_when_the_fixes_leave_nothing(work: Path) -> None:
    put(work / "p.yaml", ONLY_FIXABLE)
    result = run("--fix", "p.yaml")
    assert result.exit_code == 0, result.stdout
    assert (work / "p.yaml").read_text() == ONLY_FIXABLE.replace(": off", ": 'off'")


def test_the_summary_says_how_many_problems_were_fixed(work: Path) -> None:
    put(work / "p.yaml", TAVUS)
    result = run("--fix", "--format", "concise", "p.yaml")
    assert result.stdout.splitlines()[2:] == [
        "Found 2 problems (1 error, 1 warning) in 1 file. Fixed 1 problem.",
        "1 fixable with --fix --unsafe-fixes.",
    ]
    put(work / "p.yaml", TAVUS)
    result = run("--fix", "--unsafe-fixes", "--format", "concise", "p.yaml")
    assert result.stdout.splitlines()[1:] == ["Found 1 problem (1 error) in 1 file. Fixed 2 problems."]


def test_a_plain_check_marks_the_fixable_findings_and_counts_them(work: Path) -> None:
    put(work / "p.yaml", TAVUS)
    before = stamp(work / "p.yaml")
    result = run("--format", "concise", "p.yaml")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        PS002,
        PF005,  # [*]: --fix fixes it
        TV102,  # no [*]: its fix is unsafe
        "Found 3 problems (2 errors, 1 warning) in 1 file.",
        "[*] 1 fixable with --fix (1 more with --unsafe-fixes).",
    ]
    unsafe = run("--unsafe-fixes", "--format", "concise", "p.yaml")
    assert unsafe.stdout.splitlines()[2] == TV102.replace("TV102 ", "TV102 [*] ")
    assert unsafe.stdout.splitlines()[-1] == "[*] 2 fixable with --fix --unsafe-fixes."
    assert stamp(work / "p.yaml") == before  # --unsafe-fixes alone fixes nothing


# --- --diff and --fix-only ---------------------------------------------------------------------

DIFF = """\
--- a/p.yaml
+++ b/p.yaml
@@ -3,6 +3,6 @@
 pipeline_mode: half
 layers:
   conversational_flow:
-    idle_engagement: off
+    idle_engagement: 'off'
   llm:
     model: tavus-gpt-4o
"""


def test_diff_prints_a_unified_diff_and_changes_nothing(work: Path) -> None:
    put(work / "p.yaml", TAVUS)
    put(work / "q.yaml", ONLY_FIXABLE)
    before = stamp(work / "p.yaml"), stamp(work / "q.yaml")
    result = run("--diff", "p.yaml", "q.yaml")
    assert result.exit_code == 1
    assert result.stdout == DIFF + (
        "--- a/q.yaml\n+++ b/q.yaml\n@@ -2,4 +2,4 @@\n system_prompt: You coach.\n layers:\n"
        "   conversational_flow:\n-    idle_engagement: off\n+    idle_engagement: 'off'\n"
    )
    assert result.stderr == "Would fix 2 problems in 2 files.\n"
    assert (stamp(work / "p.yaml"), stamp(work / "q.yaml")) == before
    assert sorted(os.listdir(work)) == ["p.yaml", "q.yaml"]


def test_diff_with_unsafe_fixes_shows_them_too(work: Path) -> None:
    put(work / "p.yaml", TAVUS)
    result = run("--diff", "--unsafe-fixes", "p.yaml")
    assert result.exit_code == 1
    assert result.stdout == DIFF.replace(
        "     model: tavus-gpt-4o\n", "-    model: tavus-gpt-4o\n+    model: tavus-gpt-oss\n"
    )
    assert result.stderr == "Would fix 2 problems in 1 file.\n"
    assert (work / "p.yaml").read_text() == TAVUS


@pytest.mark.parametrize("text", [CLEAN, UNFIXABLE], ids=["clean", "errors-without-fixes"])
def test_diff_exits_0_when_there_is_nothing_to_fix(work: Path, text: str) -> None:
    put(work / "p.yaml", text)
    result = run("--diff", "p.yaml")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "Would fix 0 problems in 0 files.\n")


def test_fix_only_fixes_and_reports_nothing_else(work: Path) -> None:
    put(work / "p.yaml", TAVUS)
    result = run("--fix-only", "p.yaml")
    assert result.exit_code == 0  # PS002 is left, unreported
    assert result.stdout == ""
    assert result.stderr == "Fixed 1 problem in 1 file.\n"
    assert (work / "p.yaml").read_text() == SAFE_FIXED


# --- standard input ----------------------------------------------------------------------------


def test_fix_on_standard_input_writes_the_fixed_text_to_stdout(work: Path) -> None:
    result = run("--fix", "--stdin-filename", "x.yaml", "-", input=TAVUS)
    assert result.stdout == SAFE_FIXED
    assert "x.yaml:3:16: error PS002" in result.stderr and "x.yaml:8:12: warning TV102" in result.stderr
    assert "PF005" not in result.stderr
    assert result.exit_code == 1
    assert os.listdir(work) == []  # nothing written beside it, not even x.yaml


def test_fix_on_standard_input_with_nothing_to_fix_echoes_it(work: Path) -> None:
    result = run("--fix", "--stdin-filename", "x.yaml", "-", input=CLEAN)
    assert (result.exit_code, result.stdout) == (0, CLEAN)


def test_diff_on_standard_input_shows_the_fix(work: Path) -> None:
    result = run("--diff", "--stdin-filename", "x.yaml", "-", input=TAVUS)
    assert "-    idle_engagement: off\n+    idle_engagement: 'off'\n" in result.stdout
    assert result.stderr == "Would fix 1 problem in 1 file.\n"
    assert result.exit_code == 1


# --- what a written file keeps -----------------------------------------------------------------


def _utf16(codec: str, bom: bytes) -> Callable[[str], bytes]:
    return lambda text: bom + text.encode(codec)


ENCODINGS: dict[str, Callable[[str], bytes]] = {
    "crlf": lambda text: text.replace("\n", "\r\n").encode(),
    "utf-8-bom": lambda text: b"\xef\xbb\xbf" + text.encode(),
    "utf-16-le-bom": _utf16("utf-16-le", b"\xff\xfe"),
    "utf-16-be-bom": _utf16("utf-16-be", b"\xfe\xff"),
    "crlf-utf-16-le-bom": lambda text: b"\xff\xfe" + text.replace("\n", "\r\n").encode("utf-16-le"),
}


@pytest.mark.parametrize("encode", ENCODINGS.values(), ids=ENCODINGS.keys())
def test_fix_keeps_line_endings_byte_order_mark_and_encoding(work: Path, encode: Callable[[str], bytes]) -> None:
    put(work / "p.yaml", encode(TAVUS))
    result = run("--fix", "p.yaml")
    assert result.exit_code == 1
    assert (work / "p.yaml").read_bytes() == encode(SAFE_FIXED)


def test_fix_keeps_the_file_mode(work: Path) -> None:
    path = put(work / "p.yaml", TAVUS)
    path.chmod(0o640)
    run("--fix", "p.yaml")
    assert path.read_text() == SAFE_FIXED
    assert path.stat().st_mode & 0o7777 == 0o640


def test_fix_rewrites_only_the_files_it_changes_and_leaves_no_temporary_file(work: Path) -> None:
    put(work / "p.yaml", TAVUS)
    untouched = {
        "clean.yaml": CLEAN,
        "errors.yaml": UNFIXABLE,
        "unsafe-only.yaml": CLEAN + "layers:\n  llm:\n    model: tavus-gpt-4o\n",  # no --unsafe-fixes
        "quoted.json": '{"persona_name": "Coach", "system_prompt": "You coach.", "pipeline_mode": "half"}\n',
    }
    before = {name: stamp(put(work / name, text)) for name, text in untouched.items()}
    result = run("--fix", ".")
    assert result.exit_code == 1
    assert (work / "p.yaml").read_text() == SAFE_FIXED
    assert {name: stamp(work / name) for name in untouched} == before
    assert sorted(os.listdir(work)) == sorted(["p.yaml", *untouched])


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """`path` (a file or a folder) without write permission while inside."""
    mode = path.stat().st_mode
    path.chmod(mode & ~0o222)
    try:
        yield
    finally:
        path.chmod(mode)


def _fix_as_a_user(*paths: str) -> subprocess.CompletedProcess[str]:
    """The real command (its top-level error handling too), with a user's permissions even under root."""
    command = [sys.executable, "-m", "personalint", "check", "--fix", "--format", "concise", *paths]
    if getattr(os, "geteuid", lambda: 1)() == 0:  # root writes anyway: run without the capabilities that allow it
        setpriv = shutil.which("setpriv")
        drop = [setpriv or "setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner,-linux_immutable", "--"]
        if setpriv is None or subprocess.run([*drop, "true"], capture_output=True).returncode != 0:
            pytest.skip("running as root, and setpriv cannot drop the capabilities that ignore file permissions")
        command = [*drop, *command]
    return subprocess.run(command, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})


def test_a_file_in_a_read_only_folder_is_left_intact_without_a_traceback(work: Path) -> None:
    path = put(work / "ro" / "p.yaml", TAVUS)
    before = stamp(path)
    with read_only(path.parent):
        result = _fix_as_a_user("ro/p.yaml")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert stamp(path) == before
    assert sorted(os.listdir(path.parent)) == ["p.yaml"]


@pytest.mark.parametrize("where", ["folder", "file"])
def test_a_file_that_cannot_be_written_gets_one_plain_error_and_the_others_are_fixed(work: Path, where: str) -> None:
    path = put(work / "ro" / "p.yaml", TAVUS)
    put(work / "ok.yaml", TAVUS)
    with read_only(path.parent if where == "folder" else path):
        result = _fix_as_a_user("ro/p.yaml", "ok.yaml")
    assert result.returncode == 2
    assert path.read_text() == TAVUS
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert [line for line in result.stderr.splitlines() if "ro/p.yaml" in line], result.stderr
    assert (work / "ok.yaml").read_text() == SAFE_FIXED
    assert "ok.yaml:3:16: error PS002" in result.stdout


# --- configuration -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("config", "flags", "expected"),
    [
        ('fixable = ["TV"]', ["--fix"], TAVUS),  # TV102's fix is still unsafe; PF005 is not fixable
        ('fixable = ["TV"]', ["--fix", "--unsafe-fixes"], TAVUS.replace("tavus-gpt-4o", "tavus-gpt-oss")),
        ('unfixable = ["PF005"]', ["--fix", "--unsafe-fixes"], TAVUS.replace("tavus-gpt-4o", "tavus-gpt-oss")),
        ('extend-safe-fixes = ["TV102"]', ["--fix"], ALL_FIXED),
        ('extend-unsafe-fixes = ["PF005"]', ["--fix"], TAVUS),
        ('extend-unsafe-fixes = ["PF005"]', ["--fix", "--unsafe-fixes"], ALL_FIXED),
        ("fix = true", [], SAFE_FIXED),
        ("fix = true\nunsafe-fixes = true", [], ALL_FIXED),
        ("fix = true", ["--no-fix"], TAVUS),
    ],
)
def test_the_fix_settings_of_the_configuration_file(work: Path, config: str, flags: list[str], expected: str) -> None:
    (work / ".personalint.toml").write_text(config + "\n")
    put(work / "p.yaml", TAVUS)
    result = run(*flags, "p.yaml")
    assert result.exit_code == 1  # PS002, whatever is fixed
    assert (work / "p.yaml").read_text() == expected


@pytest.mark.parametrize(
    ("config", "marked", "last"),
    [
        ('unfixable = ["PF005"]', [], "1 fixable with --fix --unsafe-fixes."),
        ('extend-safe-fixes = ["TV102"]', ["PF005", "TV102"], "[*] 2 fixable with --fix."),
        ('extend-unsafe-fixes = ["PF005"]', [], "2 fixable with --fix --unsafe-fixes."),
    ],
)
def test_a_plain_check_marks_what_the_configuration_lets_fix_fix(
    work: Path, config: str, marked: list[str], last: str
) -> None:
    (work / ".personalint.toml").write_text(config + "\n")
    put(work / "p.yaml", TAVUS)
    lines = run("--format", "concise", "p.yaml").stdout.splitlines()
    assert rules_in("\n".join(line for line in lines if " [*] " in line)) == marked
    assert lines[-1] == last


# --- JSON --------------------------------------------------------------------------------------


def _fixes(*args: str) -> dict[str, Any]:
    output = json.loads(run("--format", "json", *args).stdout)
    return {finding["rule"]: finding.get("fix") for finding in output["findings"]}


def test_json_gives_each_fix_with_its_applicability_message_and_edits(work: Path) -> None:
    put(work / "p.yaml", TAVUS)
    assert _fixes("p.yaml") == {
        "PS002": None,
        "PF005": {
            "applicability": "safe",
            "message": "Quote the value: 'off'",
            "edits": [{"content": "'off'", "start": {"line": 6, "column": 22}, "end": {"line": 6, "column": 25}}],
        },
        "TV102": {
            "applicability": "unsafe",
            "message": "Replace with tavus-gpt-oss",
            "edits": [
                {"content": "tavus-gpt-oss", "start": {"line": 8, "column": 12}, "end": {"line": 8, "column": 24}}
            ],
        },
    }
    output = json.loads(run("--format", "json", "p.yaml").stdout)
    assert "fix" not in next(f for f in output["findings"] if f["rule"] == "PS002")


def test_json_applicability_follows_the_configuration(work: Path) -> None:
    (work / ".personalint.toml").write_text('extend-safe-fixes = ["TV102"]\nextend-unsafe-fixes = ["PF005"]\n')
    put(work / "p.yaml", TAVUS)
    fixes = _fixes("p.yaml")
    assert (fixes["PF005"]["applicability"], fixes["TV102"]["applicability"]) == ("unsafe", "safe")


# --- persona objects in code -------------------------------------------------------------------

TS = """\
// Creates the Ava persona on Anam.
export async function createPersona(apiKey: string): Promise<Response> {
  return fetch("https://api.anam.ai/v1/personas", {
    method: "POST",
    headers: { Authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({
      name: 'Ava',
      avatarId: '30fa96d0-26c4-4e55-94a0-517025942e18',
      voiceId: "6bfbe25a-979d-40f3-a92b-5394170af54b",
      llmId: 'customer_client_v1',
      languageCode: "en-US",
      toolIds: [
        '2b8f4c1d-6e3a-4f5b-9c7d-8e0a1b2c3d4e',
        "5c1e7a9b-2f3d-4b8e-a6c5-9d0f1e2b3a47",
        '2b8f4c1d-6e3a-4f5b-9c7d-8e0a1b2c3d4e',
      ],
    }),
  });
}
"""
LAST_TOOL = "        '2b8f4c1d-6e3a-4f5b-9c7d-8e0a1b2c3d4e',\n      ],"  # the repeat: AN220
TS_FIXED = (
    TS.replace("'customer_client_v1'", "'CUSTOMER_CLIENT_V1'").replace('"en-US"', '"en"').replace(LAST_TOOL, "      ],")
)
PY = """\
\"\"\"Create the support persona on Tavus.\"\"\"

import os

import requests


def create() -> dict:
    persona = {
        'persona_name': 'Support Agent',
        'system_prompt': 'You are a calm support agent.',
        "pipeline_mode": "full",
        'layers': {
            'llm': {
                'model': 'my-model',
                'base_url': 'https://llm.example.com/v1/chat/completions/',
                "api_key": os.getenv("LLM_KEY"),
            },
        },
    }
    return requests.post("https://tavusapi.com/v2/personas", json=persona, timeout=30).json()
"""
PY_FIXED = PY.replace("'https://llm.example.com/v1/chat/completions/'", "'https://llm.example.com/v1'")
MJS = """\
const persona = {
  persona_name: "Support Agent",
  system_prompt: "You are a calm support agent.",
  layers: { llm: { model: "my-model", base_url: `https://llm.example.com/v1/`, api_key: process.env.LLM_KEY } },
};
await fetch("https://tavusapi.com/v2/personas", { method: "POST", body: JSON.stringify(persona) });
"""
MJS_FIXED = MJS.replace("`https://llm.example.com/v1/`", "`https://llm.example.com/v1`")


def documents(path: Path) -> list[Any]:
    """The values the reader finds in a file; a value the code computes, as its expression."""

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        if isinstance(value, list):
            return [plain(item) for item in value]
        if type(value).__name__ == "Unknown":  # source.code.Unknown
            return ("computed", value.text)
        return value

    return [plain(document.value) for document in load(path.name, path.read_bytes()).documents]


def test_fix_mends_only_the_literals_of_persona_objects_in_code_keeping_their_quotes(work: Path) -> None:
    put(work / "persona.ts", TS)
    put(work / "persona.py", PY)
    put(work / "tavus.mjs", MJS)
    (before_ts,), (before_py,), (before_mjs,) = (
        documents(work / name) for name in ("persona.ts", "persona.py", "tavus.mjs")
    )
    check = run("--format", "concise", ".")
    assert rules_in(check.stdout) == ["TV235", "AN103", "AN211", "AN220", "TV239"]
    result = run("--fix", "--format", "concise", ".")
    assert (result.exit_code, result.stdout.splitlines()[0]) == (
        0,
        "All good: 3 files checked, no problems. Fixed 5 problems.",
    )
    assert (work / "persona.ts").read_text() == TS_FIXED
    assert (work / "persona.py").read_text() == PY_FIXED
    assert (work / "tavus.mjs").read_text() == MJS_FIXED
    before_ts.update(llmId="CUSTOMER_CLIENT_V1", languageCode="en", toolIds=before_ts["toolIds"][:2])
    before_py["layers"]["llm"]["base_url"] = "https://llm.example.com/v1"
    before_mjs["layers"]["llm"]["base_url"] = "https://llm.example.com/v1"
    assert documents(work / "persona.ts") == [before_ts]
    assert documents(work / "persona.py") == [before_py]
    assert documents(work / "tavus.mjs") == [before_mjs]
    assert ("computed", 'os.getenv("LLM_KEY")') == before_py["layers"]["llm"]["api_key"]


WITH_PROMPT = TS.replace("      name: 'Ava',\n", "      name: 'Ava',\n      systemPrompt: 'You are Ava.',\n")


def test_a_fix_that_would_add_a_finding_is_not_applied(work: Path) -> None:
    # CUSTOMER_CLIENT_V1 turns Anam's LLM off, and then the systemPrompt is never read (AN020)
    put(work / "persona.ts", WITH_PROMPT)
    result = run("--fix", "--format", "concise", "persona.ts")
    assert (work / "persona.ts").read_text() == WITH_PROMPT.replace('"en-US"', '"en"').replace(LAST_TOOL, "      ],")
    assert result.exit_code == 1
    assert rules_in(result.stdout) == ["AN103"]


def test_the_summary_says_which_fixes_were_not_applied(work: Path) -> None:
    put(work / "persona.ts", WITH_PROMPT)
    result = run("--fix", "--format", "concise", "persona.ts")
    summary = "Found 1 problem (1 error) in 1 file. Fixed 2 problems. 1 fix not applied: each would add a finding."
    assert summary in result.stdout.splitlines()


# --- --add-disable -----------------------------------------------------------------------------

YAML_TO_DISABLE = """\
persona_name: Coach
system_prompt: |
  You coach.
  Never share sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH with anyone.
pipeline_mode: half
layers:
  conversational_flow:
    idle_engagement: off
  llm: {model: tavus-gpt-4o, extra_thing: 1}  # personalint: disable=TV102
"""
YAML_DISABLED = """\
persona_name: Coach
# personalint: disable=SE002
system_prompt: |
  You coach.
  Never share sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH with anyone.
pipeline_mode: half  # personalint: disable=PS002
layers:
  conversational_flow:
    idle_engagement: off  # personalint: disable=PF005
  llm: {model: tavus-gpt-4o, extra_thing: 1}  # personalint: disable=TV102,PS005
"""
TS_TO_DISABLE = TS.replace(
    "      name: 'Ava',\n",
    "      name: 'Ava',\n      systemPrompt: `You are Ava.\nNever share sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH.`,\n",
).replace("'customer_client_v1'", "'ANAM_GPT_4O_MINI_V1'")  # AN020 stays out: the LLM reads the prompt
TS_DISABLED = (
    TS_TO_DISABLE.replace("      systemPrompt: `", "      // personalint: disable=SE002\n      systemPrompt: `")
    .replace('"en-US",\n', '"en-US",  // personalint: disable=AN211\n')
    .replace(LAST_TOOL, LAST_TOOL.replace("',\n", "',  // personalint: disable=AN220\n"))
)
PY_DISABLED = PY.replace("/chat/completions/',\n", "/chat/completions/',  # personalint: disable=TV235\n")
JSON_FINDINGS = '{"persona_name": "Coach", "pipeline_mode": "half"}\n'  # PS002: JSON has no comments


def test_add_disable_comments_each_line_with_a_finding_and_the_next_check_is_clean(work: Path) -> None:
    files = {"p.yaml": YAML_TO_DISABLE, "persona.ts": TS_TO_DISABLE, "persona.py": PY}
    for name, text in files.items():
        put(work / name, text)
    put(work / "p.json", JSON_FINDINGS)
    json_before = stamp(work / "p.json")
    data = {name: documents(work / name) for name in files}
    result = run("--add-disable", ".")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "Added 8 suppression comments to 3 files.\n"
    assert (work / "p.yaml").read_text() == YAML_DISABLED
    assert (work / "persona.ts").read_text() == TS_DISABLED
    assert (work / "persona.py").read_text() == PY_DISABLED
    assert stamp(work / "p.json") == json_before
    assert {name: documents(work / name) for name in files} == data
    again = run("--format", "concise", ".")
    assert again.stdout.splitlines() == [
        "p.json:1:44: error PS002 pipeline_mode: expected one of full, echo; got 'half'",
        "Found 1 problem (1 error) in 1 of 4 files; 9 suppressed.",
    ]  # nothing from the commented lines (PF090 would say a comment is unused)


def test_add_disable_twice_adds_nothing_the_second_time(work: Path) -> None:
    put(work / "p.yaml", YAML_TO_DISABLE)
    run("--add-disable", "p.yaml")
    before = stamp(work / "p.yaml")
    result = run("--add-disable", "p.yaml")
    assert (result.exit_code, result.stderr) == (0, "Added 0 suppression comments to 0 files.\n")
    assert stamp(work / "p.yaml") == before


# --- the personalint-fix pre-commit hook -------------------------------------------------------


def test_the_fix_hook_runs_fix_on_the_files_the_check_hook_checks() -> None:
    if importlib.util.find_spec("pre_commit") is None:
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    from pre_commit.clientlib import load_manifest

    hooks = {hook["id"]: hook for hook in load_manifest(str(REPO / ".pre-commit-hooks.yaml"))}
    fix, check = hooks["personalint-fix"], hooks["personalint"]
    assert fix["entry"] == "personalint check --force-exclude --fix"
    assert (fix["files"], fix["types_or"], fix["language"]) == (check["files"], check["types_or"], check["language"])
    assert fix["require_serial"] is True


@pytest.fixture(scope="module")
def fix_hook_runs(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[subprocess.CompletedProcess[str], str]]:
    """`pre-commit try-repo SNAPSHOT personalint-fix --all-files` twice on one project (test_precommit.py's way):
    each run's output, and the persona file after it. The persona has only PF005, which the safe fix mends."""
    if importlib.util.find_spec("pre_commit") is None:
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    if shutil.which("git") is None:
        pytest.skip("git is not installed: pre-commit needs it")
    from test_precommit import _project, _snapshot

    base = tmp_path_factory.mktemp("pre-commit-fix")
    snapshot = _snapshot(base / "personalint")
    project = _project(base / "project", {"personas/coach.yaml": ONLY_FIXABLE, "personas/clean.yaml": CLEAN})
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env.update({"PRE_COMMIT_HOME": str(base / "home"), "NO_COLOR": "1", "PRE_COMMIT_COLOR": "never"})
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(snapshot), "personalint-fix", "--all-files"]
    runs = []
    for _ in range(2):
        proc = subprocess.run(
            [*command, "--verbose"], cwd=project, env=env, capture_output=True, text=True, timeout=900
        )
        if proc.returncode not in (0, 1) and any(marker in proc.stdout + proc.stderr for marker in NETWORK_TROUBLE):
            pytest.skip(f"pre-commit could not install the hook's environment from PyPI:\n{proc.stdout[-2000:]}")
        assert (project / "personas/clean.yaml").read_text() == CLEAN
        runs.append((proc, (project / "personas/coach.yaml").read_text()))
    return runs


@pytest.mark.slow  # try-repo builds the hook's virtualenv from the package index
@pytest.mark.network
def test_try_repo_fix_hook_fails_when_it_changed_a_file_and_passes_after(fix_hook_runs) -> None:
    (first, after_first), (second, after_second) = fix_hook_runs
    assert after_first == after_second == ONLY_FIXABLE.replace(": off", ": 'off'")
    assert first.returncode == 1, first.stdout
    assert re.search(r"^personalint \(apply the safe fixes\)\.+Failed$", first.stdout, re.M), first.stdout
    assert "- files were modified by this hook" in first.stdout
    assert second.returncode == 0, second.stdout
    assert re.search(r"^personalint \(apply the safe fixes\)\.+Passed$", second.stdout, re.M), second.stdout
