"""Bad input never breaks a run: one clear finding or error per bad file, at its position, the
other files still checked, a stable exit code (1: a file parsed badly; 2: a file could not be
read at all), and no traceback on any stream. Also: Ctrl-C, closed standard input, internal errors, fuzz regressions, and secrets in every output.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import GOOD_BAD, REPO, findings, lint, rules_of, where
from helpers import run_check as run
from pipeline_invariants import check_everything, decode_input
from summaries import summary

from personalint import pipeline, source
from personalint.cli import cli
from personalint.config import Settings
from personalint.engine import run as engine
from personalint.pipeline import check_bytes, check_file
from personalint.report import FORMATS

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
ENV = {**os.environ, "NO_COLOR": "1"}


# --- each bad input class: finding, position, exit code -------------------------------------

BAD_FILES: list[tuple[str, str, bytes, list[tuple[str, int, int]]]] = [
    # (id, file name, bytes, expected (rule, line, column) findings; [] when the rule set decides)
    ("empty", "e.yaml", b"", [("PF003", 1, 1)]),
    ("empty-json", "e.json", b"", [("PF003", 1, 1)]),
    ("whitespace", "w.json", b"  \n\t\n", [("PF003", 1, 1)]),
    ("comments-only", "c.yaml", b"# nothing\n# here\n", [("PF003", 1, 1)]),
    ("invalid-utf8", "u.yaml", b'persona_name: "caf\xe9"\n', [("PF001", 1, 19)]),
    ("invalid-utf16", "u.json", b"\xff\xfe{\x00\x00", [("PF001", 1, 2)]),
    ("binary", "b.yaml", b"persona_name: x\n\x00\x01\x02", [("PF001", 2, 1)]),
    ("utf16-without-bom", "b.json", '{"a": 1}'.encode("utf-16-le"), [("PF001", 1, 2)]),
    ("json-trailing-comma", "t.json", b'{"persona_name": "x",\n}', [("PF001", 2, 1)]),
    ("json-comment", "t.json", b'{"persona_name": "x" // who\n}', [("PF001", 1, 22)]),
    ("json-nan", "t.json", b'{"persona_name": "x",\n "a": NaN}', [("PF001", 2, 7)]),
    ("json-infinity", "t.json", b'{"persona_name": "x", "a": -Infinity}', [("PF001", 1, 28)]),
    ("json-huge-integer", "t.json", b'{"persona_name": "x",\n "a": ' + b"9" * 5000 + b"}", [("PF001", 2, 7)]),
    ("json-deep-10000", "d.json", b"[" * 10_000 + b"]" * 10_000, [("PF081", 1, 101)]),
    ("json-deep-10000-objects", "d.json", b'{"a":' * 10_000 + b"1" + b"}" * 10_000, [("PF081", 1, 501)]),
    ("yaml-deep-10000-flow", "d.yaml", b"a: " + b"[" * 10_000 + b"]" * 10_000 + b"\n", [("PF081", 1, 103)]),
    ("yaml-deep-block", "d.yaml", "".join("  " * i + "- \n" for i in range(150)).encode(), [("PF081", 101, 201)]),
    ("yaml-tab-indent", "t.yaml", b"persona_name: x\nlayers:\n\tllm: {}\n", [("PF001", 3, 1)]),
    ("yaml-python-tag", "p.yaml", b"!!python/object/apply:os.system ['echo hacked']\n", [("PF001", 1, 1)]),
    ("yaml-python-name", "p.yaml", b"persona_name: !!python/name:os.system ''\n", [("PF001", 1, 15)]),
    ("yaml-local-tag", "r.yaml", b"persona_name: !Ref Name\nsystem_prompt: x\n", [("PF001", 1, 15)]),
    ("yaml-bad-timestamp", "r.yaml", b"persona_name: x\nsystem_prompt: y\ncontext: 2001-13-45\n", [("PF001", 3, 10)]),
    ("yaml-bad-explicit-int", "r.yaml", b"persona_name: x\nsystem_prompt: !!int abc\n", [("PF001", 2, 16)]),
    ("yaml-huge-integer", "r.yaml", b"persona_name: x\ncontext: " + b"9" * 5000 + b"\n", [("PF001", 2, 10)]),
    ("yaml-sequence-key", "k.yaml", b"persona_name: x\n? [a, b]\n: c\n", [("PF001", 2, 3)]),
    ("yaml-undefined-alias", "k.yaml", b"persona_name: *nope\n", [("PF001", 1, 15)]),
    ("yaml-duplicate-anchor", "k.yaml", b"persona_name: &a x\nsystem_prompt: &a y\n", [("PF001", 2, 16)]),
    ("yaml-recursive-alias", "k.yaml", b"persona_name: x\nlayers: &l {llm: {extra_body: *l}}\n", [("PF082", 2, 31)]),
    ("top-level-scalar", "s.yaml", b"42\n", [("PF004", 1, 1)]),
    ("top-level-string", "s.json", b'"persona"', [("PF004", 1, 1)]),
    ("top-level-list", "l.json", b"[1, 2]", [("PF004", 1, 1)]),
    ("duplicate-keys", "d.yaml", b"persona_name: x\nsystem_prompt: y\npersona_name: z\n", [("PF002", 3, 1)]),
    (
        "json-duplicate-keys",
        "d.json",
        b'{"persona_name": "x",\n"system_prompt": "y",\n"persona_name": "z"}',
        [("PF002", 3, 1)],
    ),
]


@pytest.mark.parametrize(("name", "data", "expected"), [pytest.param(n, d, e, id=i) for i, n, d, e in BAD_FILES])
def test_bad_input_gets_one_clear_finding_at_its_position(name: str, data: bytes, expected: list) -> None:
    assert findings(data, name) == expected


def test_bad_inputs_in_one_run_do_not_stop_the_others(tmp_path: Path) -> None:
    for index, (_, name, data, _) in enumerate(BAD_FILES):
        (tmp_path / f"{index:02d}-{name}").write_bytes(data)
    (tmp_path / "zz-persona.yaml").write_text(GOOD_BAD)
    # named one by one (as pre-commit passes them): a walk would skip, silently, the files that are
    # no persona config at all (a top-level scalar or list: PF004), tests/test_walk.py says so
    named = sorted(str(path) for path in tmp_path.iterdir())
    result = run(*named)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    for index, (_, name, _, expected) in enumerate(BAD_FILES):
        shown = str(tmp_path / f"{index:02d}-{name}")
        for rule, line, column in expected:
            assert any(
                printed.startswith(f"{os.path.relpath(shown)}:{line}:{column}: error {rule} ")
                or printed.startswith(f"{shown}:{line}:{column}: error {rule} ")
                for printed in lines
            ), (name, rule, result.stdout)
    assert any("zz-persona.yaml:2:16: error PS002" in line for line in lines)
    assert f"in {len(BAD_FILES) + 1} files" in summary(result.stdout)
    walked = run(str(tmp_path))
    pf004 = sum(1 for _, _, _, expected in BAD_FILES if [rule for rule, _, _ in expected] == ["PF004"])
    assert walked.exit_code == 1 and "PF004" not in walked.stdout
    assert summary(walked.stdout).endswith(f"skipped {pf004} files with no persona config.")


def test_utf8_bom_and_utf16_bom_keep_positions_exact() -> None:
    text = '{"persona_name": "x",\n "pipeline_mode": "half"}'
    expected = [("TV001", 1, 1), ("PS002", 2, 19)]
    assert findings(b"\xef\xbb\xbf" + text.encode(), "p.json") == expected
    assert findings(text.encode("utf-16"), "p.json") == expected
    assert findings(b"\xfe\xff" + text.encode("utf-16-be"), "p.json") == expected
    assert findings(text.encode("utf-32"), "p.json") == expected
    assert findings(b"\xef\xbb\xbf" + GOOD_BAD.encode()) == [("TV001", 1, 1), ("PS002", 2, 16)]


@pytest.mark.parametrize("newline", [b"\r\n", b"\r"], ids=["crlf", "lone-cr"])
def test_crlf_and_lone_cr_keep_positions_exact(newline: bytes) -> None:
    yaml_text = b"persona_name: Coach\nlayers:\n  tts:\n    tts_engine: cartezia\npipeline_mode: half\n"
    assert findings(yaml_text.replace(b"\n", newline)) == findings(yaml_text)
    assert ("PS002", 5, 16) in findings(yaml_text.replace(b"\n", newline))
    json_text = b'{\n  "persona_name": "x",\n  "pipeline_mode": "half"\n}\n'
    assert findings(json_text.replace(b"\n", newline), "p.json") == [("TV001", 1, 1), ("PS002", 3, 20)]
    # a parse error after CR line breaks is on the right line too
    assert findings(b"persona_name: x\rsystem_prompt: [\r", "p.yaml")[0][:2] == ("PF001", 3)


def test_tabs_count_one_column() -> None:
    assert findings(b'{\t"persona_name":\t"x",\t"pipeline_mode":\t"half"}', "p.json") == [
        ("TV001", 1, 1),
        ("PS002", 1, 41),
    ]
    assert ("PS002", 2, 16) in findings(b"persona_name: x\npipeline_mode:\thalf\n")


def test_unusual_line_breaks_inside_yaml_strings_keep_positions_on_editor_lines() -> None:
    # YAML 1.1 reads NEL and LS as line breaks; editors (and our lines) do not
    text = 'persona_name: "A\u2028B\x85C"\npipeline_mode: half\n'.encode()
    assert findings(text) == [("TV001", 1, 1), ("PS002", 2, 16)]


def test_yaml_anchors_aliases_and_merge_keys_are_allowed_and_positions_follow_them() -> None:
    text = b"""\
mode: &mode half
persona_name: Coach
system_prompt: You coach.
pipeline_mode: *mode
defaults: &llm {model: tavus-gpt-oss, speculative_inference: maybe}
layers:
  llm:
    <<: *llm
    model: tavus-gpt-oss
"""
    found = findings(text)
    assert ("PS002", 1, 7) in found  # the alias's value is reported where it is written (the anchor)
    assert "PF002" not in {rule for rule, _, _ in found}  # overriding a merged key is not a duplicate
    assert "PF082" not in {rule for rule, _, _ in found}


def test_non_string_yaml_keys_are_kept_as_written() -> None:
    result = lint("persona_name: x\nsystem_prompt: y\n1: a\nnull: b\non: c\n")
    unknown = sorted(f.message for f in result.findings if f.rule == "PS005")
    assert unknown == [
        "unknown key '1' at the top level",
        "unknown key 'null' at the top level",
        "unknown key 'on' at the top level",
    ]
    assert where(result, "PS005")[0][:2] == (3, 1)


def test_a_stream_with_one_bad_document_checks_the_others() -> None:
    text = b"""\
persona_name: One
system_prompt: You help.
pipeline_mode: half
---
persona_name: [unclosed
---
persona_name: Three
system_prompt: You help.
pipeline_mode: nope
--- !Ref
persona_name: Four
---
persona_name: Five
system_prompt: You help.
pipeline_mode: again
"""
    result = check_everything("s.yaml", text)
    got = [(f.rule, f.document, f.span.line, f.span.column) for f in result.findings]
    assert ("PS002", 0, 3, 16) in got
    assert ("PF001", None, 6, 1) in got  # the flow sequence never closes: found at the next `---`
    assert ("PS002", 2, 9, 16) in got  # the document after the bad one, with its own index
    assert ("PF001", None, 10, 5) in got  # an unknown tag spoils only its own document
    assert ("PS002", 4, 15, 16) in got
    assert [d.index for d in result.documents] == [0, 2, 4]


def test_a_stream_of_many_bad_documents_stops_recovering() -> None:
    text = b"persona_name: x\n" + b"---\n[\n" * 500
    started = time.perf_counter()
    result = check_bytes("s.yaml", text, Settings.default())
    assert time.perf_counter() - started < 5
    assert sum(f.rule == "PF001" for f in result.findings) == source.MAX_BAD_DOCUMENTS + 1
    assert sum("the rest of it is not checked" in f.message for f in result.findings) == 1


# --- files that cannot be read: exit 2, the others still checked ---------------------------


def test_missing_path_folder_as_file_broken_symlink_and_symlink_loop(tmp_path: Path) -> None:
    (tmp_path / "ok.yaml").write_text(GOOD_BAD)
    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (tmp_path / "loop-a.yaml").symlink_to(tmp_path / "loop-b.yaml")
    (tmp_path / "loop-b.yaml").symlink_to(tmp_path / "loop-a.yaml")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path)  # a folder link is not followed: no loop
    result = run(str(tmp_path), str(tmp_path / "missing.json"))
    assert result.exit_code == 2
    out = result.stdout
    assert "ok.yaml:2:16: error PS002" in out
    assert "dangling.yaml: error broken symbolic link: it points to" in out
    assert "loop-a.yaml: error symbolic link loop" in out and "loop-b.yaml: error symbolic link loop" in out
    assert "missing.json: error no such file or folder" in out
    assert out.count("ok.yaml:2:16") == 1
    assert "3 files could not be read" in summary(out) or "4 files could not be read" in summary(out)


def test_a_folder_named_as_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "persona.json"
    folder.mkdir()
    (folder / "inner.yaml").write_text(GOOD_BAD)
    assert "inner.yaml:2:16: error PS002" in run(str(folder)).stdout  # a named folder is walked
    result = check_file(str(folder), Settings.default())  # reached as a file: it cannot be read
    assert result.error == "is a folder, not a file"


def _deny(monkeypatch: pytest.MonkeyPatch, denied: Path) -> None:
    """Make `denied` unreadable: chmod when that works, else (as root) refuse to open it."""
    if not IS_ROOT:
        denied.chmod(0)
        return
    real_open, real_scandir = os.open, os.scandir

    def fake_open(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if os.fspath(path) == str(denied) and not os.path.isdir(denied):
            raise PermissionError(13, "Permission denied", str(denied))
        return real_open(path, *args, **kwargs)

    def fake_scandir(path=".", *args, **kwargs):  # type: ignore[no-untyped-def]
        if os.fspath(path) == str(denied):
            raise PermissionError(13, "Permission denied", str(denied))
        return real_scandir(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)  # files.read opens a descriptor
    monkeypatch.setattr(os, "scandir", fake_scandir)


def test_an_unreadable_file_does_not_stop_the_others(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.yaml").write_text("persona_name: x\n")
    (tmp_path / "b.yaml").write_text(GOOD_BAD)
    _deny(monkeypatch, tmp_path / "a.yaml")
    try:
        result = run(str(tmp_path))
    finally:
        (tmp_path / "a.yaml").chmod(0o644)
    assert result.exit_code == 2
    assert "a.yaml: error cannot read: Permission denied" in result.stdout
    assert "b.yaml:2:16: error PS002" in result.stdout


def test_an_unreadable_folder_is_reported_not_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "hidden.yaml").write_text(GOOD_BAD)
    (tmp_path / "open.yaml").write_text(GOOD_BAD)
    _deny(monkeypatch, tmp_path / "locked")
    try:
        result = run(str(tmp_path))
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert result.exit_code == 2
    assert "locked: error cannot list the folder: Permission denied" in result.stdout
    assert "open.yaml:2:16: error PS002" in result.stdout


def test_a_fifo_in_a_walked_folder_is_skipped(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    os.mkfifo(tmp_path / "pipe.yaml")  # opening it would block until someone writes
    (tmp_path / "ok.yaml").write_text(GOOD_BAD)
    result = run(str(tmp_path))
    assert result.exit_code == 1 and "pipe.yaml" not in result.stdout and "ok.yaml:2:16" in result.stdout


# --- standard input, Ctrl-C, broken pipes: real processes ------------------------------------


def _personalint(*args: str, **kwargs) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    return subprocess.run(
        [sys.executable, "-m", "personalint", *args], capture_output=True, text=True, env=ENV, timeout=60, **kwargs
    )


def test_stdin_closed_is_exit_2_and_stdin_empty_is_an_empty_file() -> None:
    closed = subprocess.run(
        f"{sys.executable} -m personalint check - <&-", shell=True, capture_output=True, text=True, env=ENV, timeout=60
    )
    assert closed.returncode == 2
    assert "<stdin>: error cannot read standard input: it is closed" in closed.stdout
    assert "Traceback" not in closed.stdout + closed.stderr
    empty = _personalint("check", "-", input="")
    assert empty.returncode == 1 and "<stdin>:1:1: error PF003" in empty.stdout
    assert "Traceback" not in empty.stdout + empty.stderr


def _wait_until_reading(process: subprocess.Popen) -> None:
    """Until the process blocks reading standard input (Linux tells; elsewhere, a pause)."""
    deadline = time.monotonic() + 20
    wchan = f"/proc/{process.pid}/wchan"
    while time.monotonic() < deadline and os.path.exists(wchan):
        with open(wchan) as handle:
            if "pipe" in handle.read():
                time.sleep(0.2)
                return
        time.sleep(0.05)
    time.sleep(3)


def test_ctrl_c_exits_130_without_a_traceback() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "personalint", "check", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
        text=True,
    )
    try:
        _wait_until_reading(process)
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130
    assert stderr.strip() == "personalint: interrupted"
    assert "Traceback" not in stdout + stderr


def test_a_closed_pipe_on_stdout_is_not_a_traceback(tmp_path: Path) -> None:
    for index in range(200):
        (tmp_path / f"p{index:03d}.yaml").write_text(GOOD_BAD)
    result = subprocess.run(
        f"{sys.executable} -m personalint check {tmp_path} | head -1",
        shell=True,
        capture_output=True,
        text=True,
        env=ENV,
        timeout=120,
    )
    assert result.stdout.count("\n") == 1
    assert result.stderr == ""


def test_output_that_a_terminal_cannot_encode_is_escaped(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text('{"persona_name": "caf\\u00e9 \\ud800", "pipeline_mode": "\\ud800"}')
    result = _personalint("check", "--format", "json", str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "got '\\\\ud800'" in result.stdout
    ascii_only = subprocess.run(
        [sys.executable, "-m", "personalint", "check", str(path)],
        capture_output=True,
        env={**ENV, "PYTHONIOENCODING": "ascii"},
        timeout=60,
    )
    assert ascii_only.returncode == 1 and b"Traceback" not in ascii_only.stderr


def test_an_invalid_configuration_file_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(GOOD_BAD)
    (tmp_path / ".personalint.toml").write_text("select = " + "[" * 5000 + "]" * 5000 + "\n")
    result = _personalint("check", "p.yaml", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stdout + result.stderr
    assert "nested too deeply" in result.stderr
    (tmp_path / ".personalint.toml").write_bytes(b"\xff\xfe\x00garbage")
    result = _personalint("check", "p.yaml", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stdout + result.stderr


# --- internal errors -----------------------------------------------------------------------


def _break_rule(monkeypatch: pytest.MonkeyPatch, rule_id: str) -> None:
    original = engine._run_step

    def run_or_fail(step, ctx, problems, covered):  # type: ignore[no-untyped-def]
        if step.rule.id == rule_id:
            raise RuntimeError("a bug in a check")
        return original(step, ctx, problems, covered)

    monkeypatch.setattr(engine, "_run_step", run_or_fail)


def test_an_exception_inside_one_rule_is_a_finding_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break_rule(monkeypatch, "TV001")
    (tmp_path / "a.yaml").write_text(GOOD_BAD)
    (tmp_path / "b.yaml").write_text(GOOD_BAD)
    result = run(str(tmp_path))
    assert result.exit_code == 1
    for name in ("a.yaml", "b.yaml"):
        assert f"{name}:1:1: error PI001 internal error in rule TV001 (" in result.stdout
        assert f"{name}:2:16: error PS002" in result.stdout  # the other checks still ran
    assert "Traceback" not in result.output


def test_debug_shows_the_traceback_of_an_internal_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _break_rule(monkeypatch, "TV001")
    (tmp_path / "a.yaml").write_text(GOOD_BAD)
    result = CliRunner().invoke(cli, ["check", "--debug", str(tmp_path / "a.yaml")])
    assert result.exit_code == 1
    assert "Traceback (most recent call last)" in result.stderr and "RuntimeError: a bug in a check" in result.stderr
    assert "PI001" in result.stdout


def test_an_exception_outside_the_rules_is_an_internal_error_for_that_file_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = pipeline.check_bytes

    def fail_for_a(path: str, data: bytes, settings: Settings):  # type: ignore[no-untyped-def]
        if path.endswith("a.yaml"):
            raise MemoryError("pretend")
        return original(path, data, settings)

    monkeypatch.setattr(pipeline, "check_bytes", fail_for_a)
    (tmp_path / "a.yaml").write_text(GOOD_BAD)
    (tmp_path / "b.yaml").write_text(GOOD_BAD)
    result = run(str(tmp_path))
    assert "a.yaml:1:1: error PI001 internal error in the pipeline: MemoryError: pretend" in result.stdout
    assert "b.yaml:2:16: error PS002" in result.stdout


# --- the fuzz campaign's crashes, as regression tests ----------------------------------------

FUZZ_CRASHES = [
    # a parse error at the end of a file without a last line break: libyaml puts it on a line that does not exist
    b"\x01system_prompt: You coach roofers.\nlayers:\n  tts:\n        emotion: [enthusiastic:high:high, positivity:h",
]


@pytest.mark.parametrize("data", FUZZ_CRASHES, ids=range(len(FUZZ_CRASHES)))
def test_fuzz_crash_regressions(data: bytes) -> None:
    check_everything(*decode_input(data))


# --- secrets never reach any output ----------------------------------------------------------

SECRET_ANTHROPIC = "sk-ant-api03-Zq8vR2mK9xL4nP7wT1yB6cF3hJ5dG0sA-QeUiOo"
SECRET_GROQ = "gsk_R4nd0mL00k1ngGr0qK3yV4lu3sXYZ12345"
SECRET_PLAIN = "hunter2-correct-horse-battery"  # no known shape: a secret only by its field
SECRET_BEARER = "Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2"
SECRET_JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwZXJzb25hbGludCJ9.c2lnbmF0dXJlc2lnbmF0dXJl"
SECRET_HEX = "0123456789abcdef0fedcba987654321"  # a 32-hex-character key: a secret only by its name
SECRETS = (SECRET_ANTHROPIC, SECRET_GROQ, SECRET_PLAIN, SECRET_BEARER, SECRET_JWT, SECRET_HEX)

SECRET_FILES = {
    "tavus.yaml": f"""\
persona_name: Leaky
system_prompt: "You help. Internal note: use {SECRET_ANTHROPIC} for the backup model."
pipeline_mode: half
layers:
  llm:
    model: my-model
    base_url: http://llm.example.com/v1
    api_key: {SECRET_GROQ}
    headers:
      Authorization: Bearer {SECRET_BEARER}
      x-api-key: {SECRET_PLAIN}
    tools:
      - type: function
        function:
          name: lookup
          description: "Calls the API with token {SECRET_JWT}"
          parameters: {{type: object}}
  tts:
    api_key: 12345678901234567890
    tts_engine: cartezia
""",
    "anam.json": json.dumps(
        {
            "name": "Leaky",
            "avatarId": "not-a-uuid",
            "voiceId": "071b0286-4cce-4808-bee2-e642f1062de3",
            "llmId": "0934d97d-0c3a-4f33-91b0-5e136a0ef466",
            "systemPrompt": f"Say {SECRET_GROQ} never",
            "brainType": "nope",
            "apiKey": SECRET_PLAIN,
            "tools": [
                {
                    "type": "webhook",
                    "name": "x",
                    "description": f"uses {SECRET_ANTHROPIC}",
                    "url": "http://hooks.example.com",
                    "headers": {"Authorization": f"Bearer {SECRET_BEARER}", "X-Api-Key": SECRET_JWT},
                }
            ],
        },
        indent=2,
    ),
    "patch.json": json.dumps(
        [
            {"op": "replace", "path": "/layers/llm/api_key", "value": SECRET_PLAIN},
            {"op": "add", "path": "/layers/llm/headers", "value": {"Authorization": f"Bearer {SECRET_BEARER}"}},
            {"op": "replace", "path": "/system_prompt", "value": f"key {SECRET_ANTHROPIC}"},
        ],
        indent=2,
    ),
    # a file that does not parse still shows its lines in snippets (key-shaped secrets)
    "broken.yaml": f"persona_name: x\nsystem_prompt: [{SECRET_ANTHROPIC}\n",
    # in a field whose message names its value
    "values.yaml": f"persona_name: x\nsystem_prompt: y\npipeline_mode: {SECRET_GROQ}\n",
    # key-named assignments on a line a snippet shows, outside any persona object, whatever the value's shape
    "route.ts": (
        'fetch("https://tavusapi.com/v2/personas", { method: "POST", body: JSON.stringify(persona) });\n'
        f'const TAVUS_API_KEY = "{SECRET_HEX}"; const persona = {{ persona_name: "x", pipeline_mode: "half" }};\n'
        f'const auth = "Bearer {SECRET_BEARER}"; persona.system_prompt = "y"; const p2 = {{ ...persona, pipeline_mode: "x" }}\n'
    ),
    "broken.py": (
        f'TAVUS_API_KEY = "{SECRET_HEX}"; persona = {{"persona_name": "x", "system_prompt": "y" ]\n'
        'import requests\nrequests.post("https://tavusapi.com/v2/personas", json=persona)\n'
    ),
    "env.yaml": f"persona_name: x\nsystem_prompt: [TAVUS_API_KEY={SECRET_HEX}\n",
}
SECRET_FILES_PENDING = {
    # a secret-shaped key: "unknown key '<the key>'" and its snippet
    "keys.yaml": f"persona_name: x\nsystem_prompt: y\n{SECRET_ANTHROPIC}: 1\n",
    # a file that does not parse: a credential field's value (no known shape) and a JWT on the line shown
    "broken.json": f'{{"persona_name": "x", "api_key": "{SECRET_PLAIN}", "token": "{SECRET_JWT}",,}}',
}


@pytest.mark.parametrize("pending", [False, True], ids=["parsed-values", "keys-and-unparsed-files"])
def test_secrets_appear_in_no_output_format(tmp_path: Path, pending: bool) -> None:
    for name, text in (SECRET_FILES_PENDING if pending else SECRET_FILES).items():
        (tmp_path / name).write_text(text)
    outputs: dict[str, str] = {}
    for output_format in FORMATS:
        result = CliRunner().invoke(cli, ["check", "--format", output_format, "--fail-on", "note", str(tmp_path)])
        assert result.exit_code == 1, result.output
        outputs[f"stdout {output_format}"] = result.stdout + result.stderr
    out = tmp_path.parent / f"{tmp_path.name}-out"
    result = CliRunner().invoke(
        cli,
        [
            "check",
            str(tmp_path),
            *[a for f in ("json", "sarif", "github", "text") for a in ("--format", f, "--output", f"{f}={out}/{f}")],
        ],
    )
    for written in out.iterdir():
        outputs[f"file {written.name}"] = written.read_text()
    debug = CliRunner().invoke(cli, ["check", "--debug", str(tmp_path)])
    outputs["debug"] = debug.stdout + debug.stderr
    from personalint.engine.registry import registry

    for rule in registry().rules:
        outputs[f"explain {rule.id}"] = CliRunner().invoke(cli, ["explain", rule.id]).output
    assert pending or ("SE001" in outputs["stdout text"] and "SE002" in outputs["stdout text"])
    leaks = [(where, secret) for where, text in outputs.items() for secret in SECRETS if secret in text]
    assert leaks == [], "\n".join(f"{w}: {s}" for w, s in leaks)


def test_secrets_in_the_output_of_a_real_process(tmp_path: Path) -> None:
    for name, text in SECRET_FILES.items():
        (tmp_path / name).write_text(text)
    result = _personalint("check", "--debug", str(tmp_path))
    assert result.returncode == 1
    assert not [secret for secret in SECRETS if secret in result.stdout + result.stderr]


# --- never executed, never imported ----------------------------------------------------------


def test_yaml_tags_never_construct_python_objects(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    for payload in (
        f"!!python/object/apply:os.system ['touch {marker}']",
        f"persona_name: !!python/object/new:os.system ['touch {marker}']",
        "persona_name: !!python/name:os.system ''",
        "persona_name: !!python/module:os ''",
    ):
        result = lint(payload + "\n")
        assert rules_of(result) == ["PF001"], payload
        assert "never constructs objects" in result.findings[0].message
    assert not marker.exists()


def test_checked_files_are_never_imported_or_executed(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    for name in ("persona.json", "persona.yaml", "conftest.yaml", "__init__.yaml"):
        (tmp_path / name).write_text(f"import os; os.system('touch {marker}')\n")
    (tmp_path / "setup.py.yaml").write_text(f"!!python/object/apply:os.system ['touch {marker}']\n")
    run(str(tmp_path))
    assert not marker.exists()
    assert not {"persona", "setup", "__init__"} & {m.split(".")[0] for m in sys.modules}


def test_the_property_and_fuzz_helpers_agree_on_a_clean_example() -> None:
    data = (REPO / "examples" / "tavus" / "receptionist.yaml").read_bytes()
    assert check_everything("receptionist.yaml", data).findings == []
    assert decode_input(b"\x00{}") == ("persona.json", b"{}", None)
