"""rules/limits.yaml: no input may break a run, hang it or exhaust its memory: files over the size
limit (PF080), documents nested too deeply (PF081), YAML alias bombs (PF082); and the per-rule cap
on findings in one file.
"""

from __future__ import annotations

import io
import json
import os
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from helpers import GOOD_BAD, findings, lint, rules_of, where
from helpers import run_check as run
from pipeline_invariants import check_everything

from personalint import source
from personalint.config import Settings
from personalint.pipeline import MAX_FINDINGS_PER_RULE, check_bytes, check_file, check_paths


def bomb(levels: int = 9, width: int = 9) -> bytes:
    lines = [
        "persona_name: Coach",
        "system_prompt: You coach.",
        "layers:",
        "  llm:",
        "    extra_body:",
        "      a0: &a0 [" + ", ".join(["lol"] * width) + "]",
    ]
    lines += [f"      a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]" for i in range(1, levels + 1)]
    return ("\n".join(lines) + "\n").encode()


# --- alias bombs, depth, size -------------------------------------------------------


def test_billion_laughs_finishes_fast_in_bounded_memory() -> None:
    data = bomb(levels=9, width=9)  # 9**10 values once expanded
    tracemalloc.start()
    started = time.perf_counter()
    result = check_everything("bomb.yaml", data)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 1.0
    assert peak < 20 * 1024 * 1024
    assert [(f.rule, f.span.line) for f in result.findings] == [("PF082", 11)]
    assert result.documents == []


def test_alias_bomb_of_long_strings_is_refused() -> None:
    text = (
        "persona_name: Coach\nsystem_prompt: &p " + "x" * 100_000 + "\ncontext: [" + ", ".join(["*p"] * 20) + "]\n"
    ).encode()
    assert [rule for rule, _, _ in findings(text)] == ["PF082"]


def test_alias_bomb_in_the_inventory_loader_is_an_inventory_error(tmp_path: Path) -> None:
    from personalint import inventory

    path = tmp_path / "voices.yaml"
    path.write_bytes(bomb().replace(b"persona_name: Coach\n", b""))
    started = time.perf_counter()
    with pytest.raises(inventory.InventoryError, match="alias"):
        inventory.load(str(path))
    assert time.perf_counter() - started < 1.0


def test_depth_limit_is_exact() -> None:
    ok = b'{"a":' * (source.MAX_DEPTH - 1) + b"[]" + b"}" * (source.MAX_DEPTH - 1)
    assert "PF081" not in rules_of(check_bytes("d.json", ok, Settings.default()))
    deep = b'{"a":' * source.MAX_DEPTH + b"[]" + b"}" * source.MAX_DEPTH
    assert where(check_bytes("d.json", deep, Settings.default()), "PF081") == [
        (1, 5 * source.MAX_DEPTH + 1, 1, 5 * source.MAX_DEPTH + 2)
    ]
    yaml_ok = b"a: " + b"[" * (source.MAX_DEPTH - 1) + b"]" * (source.MAX_DEPTH - 1)
    assert "PF081" not in rules_of(check_bytes("d.yaml", yaml_ok, Settings.default()))
    # brackets inside strings do not count
    assert "PF081" not in rules_of(check_bytes("s.json", b'{"a": "' + b"[" * 500 + b'"}', Settings.default()))


def test_depth_through_aliases_counts() -> None:
    half = source.MAX_DEPTH // 2 + 1
    text = b"a: &deep " + b"[" * half + b"]" * half + b"\nb: " + b"[" * half + b"*deep" + b"]" * half + b"\n"
    assert [rule for rule, _, _ in findings(text)] == ["PF081"]


def test_a_50_mb_file_is_refused_without_being_read(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with open(big, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB by its size, no disk used
    (tmp_path / "small.yaml").write_text(GOOD_BAD)
    tracemalloc.start()
    report = check_paths([str(tmp_path)], Settings.default())
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 20 * 1024 * 1024
    (big_result, small_result) = report.files
    assert [(f.rule, f.span.line, f.span.column) for f in big_result.findings] == [("PF080", 1, 1)]
    assert "52,428,800 bytes" in big_result.findings[0].message
    assert "PS002" in rules_of(small_result)
    assert report.exit_code() == 1


def test_positions_in_a_long_json_string_cost_no_memory_per_character() -> None:
    # finding a position re-scans the text; a backtracking string pattern kept ~150 bytes per character
    text = json.dumps({"persona_name": "x", "context": "word " * 200_000, "pipeline_mode": "half"}).encode()
    tracemalloc.start()
    result = check_bytes("long.json", text, Settings.default())
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert ("PS002", 1, 1_000_055) in [(f.rule, f.span.line, f.span.column) for f in result.findings]
    assert peak < 40 * 1024 * 1024


def test_the_size_limit_is_configurable(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(GOOD_BAD)
    result = run("--max-file-size", "10", str(path))
    assert result.exit_code == 1 and "PF080" in result.stdout and "over the size limit of 10 bytes" in result.stdout
    result = run("--max-file-size", str(len(GOOD_BAD)), str(path))
    assert "PF080" not in result.stdout and "PS002" in result.stdout
    assert run("--ignore", "PF080", "--max-file-size", "10", str(path)).exit_code == 0  # ignored: skipped
    assert run("--max-file-size", "0", str(path)).exit_code == 2  # a usage error


def test_standard_input_is_read_only_up_to_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = io.BytesIO(b" " * 1000)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(raw))
    result = check_file("-", Settings.default(max_file_size=100))
    assert rules_of(result) == ["PF080"] and result.path == "<stdin>"
    assert raw.tell() == 101


def test_a_device_that_never_ends_is_read_only_up_to_the_limit() -> None:
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    result = check_file("/dev/zero", Settings.default(max_file_size=1000))
    assert rules_of(result) == ["PF080"]


# --- the cap on findings of one rule in one file --------------------------------------------


def test_findings_of_one_rule_are_capped_per_file_and_the_rest_counted() -> None:
    result = lint(json.dumps({"system_prompt": "x", "document_ids": ["d1"] * 5000}), name="p.json")
    repeated = [f for f in result.findings if f.rule == "TV012"]
    assert len(repeated) == MAX_FINDINGS_PER_RULE + 1
    assert repeated[-1].message == (
        f"4,899 more TV012 findings in this file are not shown (at most {MAX_FINDINGS_PER_RULE} of one rule per file)"
    )
