"""Related findings as one (personalint/group.py): the grouping rule, what it leaves alone,
suppressions, and every format's shape."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import REPO, run_check
from summaries import summary

from personalint.config import Settings
from personalint.engine.registry import registry
from personalint.finding import Finding, Level, Related, Span
from personalint.group import _fields, grouped, related
from personalint.pipeline import check_bytes, check_paths
from personalint.report import render
from personalint.result import Report

STT = """\
system_prompt: You are a coach.
layers:
  stt:
    participant_pause_sensitivity: high
    participant_interrupt_sensitivity: high
    smart_turn_detection: true
"""


def _grouped(text: str, name: str = "persona.yaml", kind: str | None = "tavus-create") -> Report:
    settings = Settings.default(kind=kind)
    result = check_bytes(name, textwrap.dedent(text).encode(), settings)
    return grouped(Report([result], settings), registry())


def _of(report: Report, rule: str) -> list[Finding]:
    return [f for f in report.findings if f.rule == rule]


def _where(finding: Finding) -> list[tuple[int, int, str]]:
    """(line, column, pointer) of the finding and of each related location."""
    return [(finding.span.line, finding.span.column, finding.pointer)] + [
        (r.span.line, r.span.column, r.pointer) for r in finding.related
    ]


# --- the rule -----------------------------------------------------------------------------


def test_the_turn_taking_fields_of_one_stt_layer_are_one_finding(shared: Path) -> None:
    settings = Settings.default()
    report = grouped(check_paths([str(shared / "corpus/wild/tavus-004-personal-doctor.json")], settings), registry())
    tv111 = _of(report, "TV111")
    # context (top level) and playht_user_id (layers.tts) are other fixes: alone
    assert [(f.span.line, f.span.column) for f in tv111] == [(5, 3), (12, 7), (47, 7)]
    assert [f.related for f in tv111[:2]] == [(), ()]
    group = tv111[2]
    assert _where(group) == [
        (47, 7, "/layers/stt/participant_pause_sensitivity"),
        (48, 7, "/layers/stt/participant_interrupt_sensitivity"),
        (49, 7, "/layers/stt/smart_turn_detection"),
    ]
    assert [(r.span.end_line, r.span.end_column) for r in group.related] == [(48, 42), (49, 29)]
    assert group.message.startswith("participant_pause_sensitivity is not in the current persona API (turn-taking")
    assert group.message.endswith(
        "set turn_taking_patience in layers.conversational_flow instead (and 2 more in layers.stt)"
    )
    # each related location keeps its own message and its own replacement
    assert [r.note for r in group.related] == [
        "set replica_interruptibility in layers.conversational_flow instead",
        "set turn_detection_model (sparrow-1) in layers.conversational_flow instead",
    ]
    assert group.related[1].message.startswith("smart_turn_detection is not in the current persona API")
    # the pipeline itself still has one finding per location
    ungrouped = check_paths([str(shared / "corpus/wild/tavus-004-personal-doctor.json")], settings)
    assert len([f for f in ungrouped.findings if f.rule == "TV111"]) == 5


def test_the_same_message_on_three_tools_is_one_finding(shared: Path) -> None:
    report = grouped(
        check_paths([str(shared / "corpus/wild/anam-011-cookbook-webhook-tools.json")], Settings.default()), registry()
    )
    (an224,) = _of(report, "AN224")
    assert _where(an224) == [
        (37, 7, "/tools/0/awaitResponse"),
        (73, 7, "/tools/1/awaitResponse"),
        (114, 7, "/tools/2/awaitResponse"),
    ]
    assert an224.message.endswith("is documented for client tools only) (and 2 more in this document)")
    assert [r.note for r in an224.related] == ["", ""]
    assert {r.message for r in an224.related} == {an224.message.removesuffix(" (and 2 more in this document)")}


def test_the_stt_case_in_yaml_pins_rule_line_and_column() -> None:
    (group,) = _of(_grouped(STT), "TV111")
    assert _where(group) == [
        (4, 5, "/layers/stt/participant_pause_sensitivity"),
        (5, 5, "/layers/stt/participant_interrupt_sensitivity"),
        (6, 5, "/layers/stt/smart_turn_detection"),
    ]
    assert group.level is Level.WARNING


def test_two_of_them_are_a_group_of_two() -> None:
    (group,) = _of(_grouped(STT.replace("    smart_turn_detection: true\n", "")), "TV111")
    assert _where(group) == [
        (4, 5, "/layers/stt/participant_pause_sensitivity"),
        (5, 5, "/layers/stt/participant_interrupt_sensitivity"),
    ]
    assert group.message.endswith("(and 1 more in layers.stt)")


# --- what is not grouped --------------------------------------------------------------------


def test_different_documents_are_not_grouped() -> None:
    report = _grouped(STT + "---\n" + STT)
    assert [(f.document, f.span.line, len(f.related)) for f in _of(report, "TV111")] == [(0, 4, 2), (1, 11, 2)]


def test_different_rules_are_not_grouped() -> None:
    text = (
        "system_prompt: Hi.\ncontext: old\nlayers:\n  stt:\n    participant_pause_sensitivity: high\n    hotwords: ''\n"
    )
    report = _grouped(text)
    assert [
        (f.rule, f.span.line, f.span.column, f.related) for f in report.findings if f.rule in ("TV111", "TV017")
    ] == [
        ("TV111", 2, 1, ()),
        ("TV111", 5, 5, ()),
        ("TV017", 6, 15, ()),
    ]


def test_different_messages_in_one_mapping_are_not_grouped() -> None:
    # two typos of one mapping: each its own fix (PS005); two empty strings name their keys (TV017)
    text = "system_prompt: Hi.\nlayers:\n  tts:\n    tts_engin: cartesia\n    voice_idd: x\n    api_key: ''\n    external_voice_id: ''\n"
    report = _grouped(text)
    found = [(f.rule, f.span.line, f.span.column, f.related) for f in report.findings if f.rule in ("PS005", "TV017")]
    assert found == [("PS005", 4, 5, ()), ("PS005", 5, 5, ()), ("TV017", 6, 14, ()), ("TV017", 7, 24, ())]


def test_the_same_fields_in_another_mapping_are_not_grouped_with_these() -> None:
    # in layers.conversational_flow the old stt names say "use ...": a reason that names no shared move
    text = (
        "system_prompt: Hi.\nlayers:\n  stt:\n    participant_pause_sensitivity: high\n"
        "  conversational_flow:\n    participant_interrupt_sensitivity: high\n    smart_turn_detection: true\n"
    )
    report = _grouped(text)
    assert [(f.span.line, f.span.column, f.related) for f in _of(report, "TV111")] == [
        (4, 5, ()),
        (6, 5, ()),
        (7, 5, ()),
    ]


def test_a_shared_reason_that_names_no_mapping_is_not_one_fix() -> None:
    # AN006: personaPreset and brain are both "only returned" by the 2026 documents, but each has its own fix
    text = '{"name": "x", "personaPreset": "leo_desk", "brain": {"systemPrompt": "Hi."}}'
    report = _grouped(text, "persona.json", kind="anam-create")
    assert [(f.span.line, f.span.column, f.related) for f in _of(report, "AN006")] == [(1, 15, ()), (1, 44, ())]


def test_file_level_findings_and_levels_are_kept_apart() -> None:
    span = Span(1, 1, 1, 2)
    same = dict(rule="TV111", message="m", path="p", pointer="/a")
    findings = [
        Finding(level=Level.WARNING, document=None, span=span, **same),
        Finding(level=Level.WARNING, document=None, span=Span(2, 1, 2, 2), **same),
        Finding(level=Level.WARNING, document=0, span=Span(3, 1, 3, 2), **same),
        Finding(level=Level.NOTE, document=0, span=Span(4, 1, 4, 2), **same),
    ]
    assert related(findings, registry()) == findings


def test_the_template_gives_back_the_fields() -> None:
    template = registry().by_id["TV111"].message
    message = "playht_user_id is not in the current persona API (a PlayHT field; no engine); remove it; x"
    assert _fields(template, message) == {
        "key": "playht_user_id",
        "since": "a PlayHT field; no engine",
        "replacement": "remove it; x",
    }
    assert _fields(template, "3 more TV111 findings in this file are not shown") == {}


# --- suppressions ---------------------------------------------------------------------------


def test_a_suppressed_location_is_neither_a_finding_nor_related() -> None:
    text = STT.replace("interrupt_sensitivity: high", "interrupt_sensitivity: high  # personalint: disable=TV111")
    report = _grouped(text)
    (group,) = _of(report, "TV111")
    assert _where(group) == [
        (4, 5, "/layers/stt/participant_pause_sensitivity"),
        (6, 5, "/layers/stt/smart_turn_detection"),
    ]
    assert report.suppressed == 1
    assert not _of(report, "PF090")  # the comment silenced something: not an unused suppression


def test_suppressing_all_but_one_leaves_one_plain_finding() -> None:
    text = STT.replace(
        "    participant_pause_sensitivity: high\n",
        "    participant_pause_sensitivity: high  # personalint: disable=TV111\n",
    )
    text = text.replace(
        "    smart_turn_detection: true\n", "    smart_turn_detection: true  # personalint: disable=TV111\n"
    )
    report = _grouped(text)
    assert [(f.span.line, f.span.column, f.related) for f in _of(report, "TV111")] == [(5, 5, ())]
    assert report.suppressed == 2


# --- every format ---------------------------------------------------------------------------


@pytest.fixture
def stt_report() -> Report:
    settings = Settings.default(kind="tavus-create")
    return Report([check_bytes("persona.yaml", STT.encode(), settings)], settings)


def test_json_has_related_on_the_finding_and_counts_groups(stt_report: Report) -> None:
    out = json.loads(render("json", stt_report, registry()))
    (group,) = [f for f in out["findings"] if f["rule"] == "TV111"]
    assert (group["line"], group["column"], group["endLine"], group["endColumn"]) == (4, 5, 4, 34)
    assert [{k: v for k, v in r.items() if k != "message"} for r in group["related"]] == [
        {
            "pointer": "/layers/stt/participant_interrupt_sensitivity",
            "line": 5,
            "column": 5,
            "endLine": 5,
            "endColumn": 38,
        },
        {"pointer": "/layers/stt/smart_turn_detection", "line": 6, "column": 5, "endLine": 6, "endColumn": 25},
    ]
    assert group["related"][0]["message"].startswith("participant_interrupt_sensitivity is not in the current")
    assert all("related" not in f for f in out["findings"] if f["rule"] != "TV111")
    summary = out["summary"]
    assert summary["findings"] == len(out["findings"])
    assert summary["locations"] == summary["findings"] + 2


def test_sarif_has_related_locations_with_ids(stt_report: Report) -> None:
    from test_sarif import schema_errors

    log = json.loads(render("sarif", stt_report, registry(), root=str(REPO)))
    assert schema_errors(log) == []
    (result,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "TV111"]
    (primary,) = result["locations"]
    assert primary["physicalLocation"]["region"] == {"startLine": 4, "startColumn": 5, "endLine": 4, "endColumn": 34}
    related_locations = result["relatedLocations"]
    assert [r["id"] for r in related_locations] == [1, 2]
    assert [r["physicalLocation"]["region"] for r in related_locations] == [
        {"startLine": 5, "startColumn": 5, "endLine": 5, "endColumn": 38},
        {"startLine": 6, "startColumn": 5, "endLine": 6, "endColumn": 25},
    ]
    assert (
        related_locations[1]["physicalLocation"]["artifactLocation"] == primary["physicalLocation"]["artifactLocation"]
    )
    assert related_locations[1]["logicalLocations"] == [
        {
            "fullyQualifiedName": "/layers/stt/smart_turn_detection",
            "kind": "value",
            "name": "smart_turn_detection",
            "properties": {"document": 0},
        }
    ]
    assert related_locations[1]["message"]["text"].startswith("smart_turn_detection is not in the current persona API")
    assert all("relatedLocations" not in r for r in log["runs"][0]["results"] if r["ruleId"] != "TV111")


def test_text_lists_the_other_locations_under_the_snippet(stt_report: Report) -> None:
    out = render("text", stt_report, registry())
    block = out[out.index("persona.yaml:4:5: warning TV111") :].split("\n\n")[0].splitlines()
    assert block[1:] == [
        "  |",
        "4 |     participant_pause_sensitivity: high",
        "  |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
        "  = also at 5:5 /layers/stt/participant_interrupt_sensitivity: set replica_interruptibility in layers.conversational_flow instead",
        "  = also at 6:5 /layers/stt/smart_turn_detection: set turn_detection_model (sparrow-1) in layers.conversational_flow instead",
    ]
    assert block[0].endswith("instead (and 2 more in layers.stt)")
    assert summary(out) == "Found 1 problem (1 warning) in 1 file."  # the group counts once


def test_concise_is_one_line_per_finding_with_the_other_positions(stt_report: Report) -> None:
    out = render("concise", stt_report, registry())
    lines = [line for line in out.splitlines() if " TV111 " in line]
    assert len(lines) == 1
    assert lines[0].startswith("persona.yaml:4:5: warning TV111 participant_pause_sensitivity")
    assert lines[0].endswith("(and 2 more in layers.stt) [also at 5:5, 6:5]")


def test_github_annotates_every_location(stt_report: Report) -> None:
    out = render("github", stt_report, registry(), root=str(REPO))
    lines = [line for line in out.splitlines() if "TV111" in line]
    assert [re.search(r"line=(\d+),col=(\d+)", line).groups() for line in lines] == [("4", "5"), ("5", "5"), ("6", "5")]  # type: ignore[union-attr]
    assert lines[0].endswith("(and 2 more in layers.stt)")
    assert lines[1].endswith("(related to the TV111 finding at line 4)")
    assert "::participant_interrupt_sensitivity is not in the current persona API" in lines[1]


def test_counts_and_exit_code_count_groups(tmp_path: Path) -> None:
    path = tmp_path / "persona.yaml"
    path.write_text(STT)
    result = run_check("--kind", "tavus-create", "--fail-on", "warning", "--select", "TV111", str(path))
    assert result.exit_code == 1
    assert summary(result.output) == "Found 1 problem (1 warning) in 1 file."
    assert (
        run_check("--kind", "tavus-create", "--select", "TV111", str(path)).exit_code == 0
    )  # warnings: not --fail-on error


def test_related_is_empty_by_default() -> None:
    finding = Finding("TV111", Level.WARNING, "m", "p", 0, "/a", Span(1, 1, 1, 2))
    assert finding.related == ()
    assert Related("/b", Span(2, 1, 2, 2), "m").note == ""


def test_the_readme_grouped_sample_is_current(tmp_path: Path) -> None:
    readme = (REPO / "README.md").read_text()
    match = re.search(r"a `persona.yaml` with the three turn-taking fields:\n\n```text\n(.*?)```", readme, re.DOTALL)
    assert match, "README lost its grouped output sample"
    (tmp_path / "persona.yaml").write_text(STT)
    done = subprocess.run(
        [sys.executable, "-m", "personalint", "check", "--isolated", "persona.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert done.stdout == match.group(1)
