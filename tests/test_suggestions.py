"""Suggestions that are right (issue 11): every replacement a message offers, applied, adds no finding.

For every rule's bad example and every config of the wild corpus, each finding whose message
offers a fix ("did you mean 'X'", "write K: 'V' instead", "use V", "set K in M instead",
"rename a → b", "remove the key", ...) has its fix applied to the parsed document
(tests/suggestions.py, JSON Pointer edits), and the edited value is checked again with
`personalint.check_config` (schema and every rule). The suggestion is wrong when the edited
config has a finding the original did not have (its pointers mapped through the edit), or
still has the finding the suggestion was meant to fix.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import suggestions as sg
from helpers import SHARED

from personalint import check_config
from personalint.config import Settings
from personalint.engine.registry import registry
from personalint.finding import Finding, Level, Span
from personalint.pipeline import check_bytes
from personalint.source import load

Others = tuple[list[sg.Edit], ...]
WILD = SHARED / "corpus" / "wild"
# a finding a suggestion brings along by design, not by mistake: (rule fixed, rule that appears) → why
CONSEQUENCES: dict[tuple[str, str], str] = {
    (
        "AN304",
        "AN305",
    ): "AN305 is the note that enableAudioPassthrough, which AN304 asks for, rests on indirect documents",
    (
        "AN307",
        "AN305",
    ): "the same note, once AN307 has moved enableAudioPassthrough into personaConfig, where it is read",
    (
        "TV113",
        "TV101",
    ): "TV113 moves the config's own value where it takes effect; TV101 judges that value (raven-0) there",
}


@dataclass(frozen=True)
class Case:
    name: str
    path: str
    data: bytes
    kind: str | None = None


@dataclass(frozen=True)
class Offer:
    """One finding's suggestion in a document: its edits (None: unparsed), and what applying them did."""

    case: str
    finding: Finding
    edits: tuple[sg.Edit, ...] | None
    advice: bool = False
    problems: tuple[str, ...] = ()


def _cases() -> list[Case]:
    cases = []
    for rule in registry().rules:
        for number, example in enumerate(rule.examples):
            if "bad" in example:
                text = example["bad"].replace("{long}", "x" * 2001)
                name = "example." + example.get("format", "yaml")
                cases.append(Case(f"{rule.id}-{number}", name, text.encode(), example.get("kind")))
    if WILD.is_dir():
        for path in sorted(WILD.iterdir()):
            if path.is_file() and path.name != "SOURCES.md":
                cases.append(Case(path.name, str(path), path.read_bytes()))
    return cases


CASES = _cases()


def _key(finding: Finding) -> tuple[str, str]:
    return finding.rule, finding.pointer


def judge(case: str, finding: Finding, document: Any, kind: str, before: list[Finding], others: Others = ()) -> Offer:
    """Apply the finding's suggestion to `document` and say what the edited config reports that is new.

    `others` are the edits of the same rule's other suggestions in the document: when the suggestion
    alone adds a finding that they take away (two renames that go together), they are applied with it."""
    if sg.ADVICE.search(finding.message):
        return Offer(case, finding, None, advice=True)
    edits = sg.edits(finding.pointer, finding.message, document)
    if edits is None:
        return Offer(case, finding, None)
    problems = _problems(finding, edits, document, kind, before)
    together = [edit for other in others for edit in other] + edits
    if problems and others and not _problems(finding, together, document, kind, before):
        problems = []
    return Offer(case, finding, tuple(edits), problems=tuple(problems))


def _problems(finding: Finding, edits: list[sg.Edit], document: Any, kind: str, before: list[Finding]) -> list[str]:
    try:
        edited = sg.apply(document, edits)
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        return [f"the edit cannot be made: {exc!r}"]
    after = check_config(edited, kind)
    had = {(f.rule, sg.remap(f.pointer, edits)): f.message for f in before}
    problems = [
        f"{f.rule} {f.pointer}: {f.message}"
        for f in after
        if _key(f) not in had and (finding.rule, f.rule) not in CONSEQUENCES
    ]
    fixed = (finding.rule, sg.remap(finding.pointer, edits))
    words = sg.written(edits)
    for f in after:  # the finding the suggestion fixes, still there, or now blaming what the suggestion wrote
        if _key(f) == fixed and fixed in had and (f.message == had[fixed] or any(_names(w, f.message) for w in words)):
            problems.append(f"{f.rule} {f.pointer} is still reported after its own suggestion: {f.message}")
    off = sg.turns_on(document, finding.pointer, edits)
    return problems + ([f"the suggestion {off}"] if off else [])


def _names(word: str, message: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", message) is not None


@cache
def offers(case: Case) -> tuple[Offer, ...]:
    """Every suggestion of the case's findings, judged."""
    result = check_bytes(case.path, case.data, Settings(enabled=registry().select(["ALL"]), kind=case.kind))
    source = load(case.path, case.data)
    judged = []
    for info in result.documents:
        if info.kind is None or info.index >= len(source.documents):
            continue
        document = source.documents[info.index].value
        before = check_config(document, info.kind)
        mine = [f for f in result.findings if f.document == info.index and sg.offers(f.message)]
        parsed = [(f, sg.edits(f.pointer, f.message, document)) for f in mine]
        for finding in mine:
            others = tuple(e for f, e in parsed if e and f.rule == finding.rule and f is not finding)
            judged.append(judge(case.name, finding, document, info.kind, before, others))
    return tuple(judged)


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_suggestion_applied_adds_no_finding(case: Case) -> None:
    wrong = [
        f"{o.finding.rule} {o.finding.pointer} ({o.finding.message}):\n    " + "\n    ".join(o.problems)
        for o in offers(case)
        if o.problems
    ]
    assert not wrong, f"{case.name}: suggestions that are not right:\n" + "\n".join(wrong)


@pytest.mark.slow
def test_nearly_every_suggestion_is_read(shared: Path) -> None:
    """The applier reads the suggestions, so the test above skips no class of them in silence."""
    everything = [o for case in CASES for o in offers(case)]
    unparsed = sorted({sg.pattern(o.finding.message) for o in everything if o.edits is None and not o.advice})
    applied = [o for o in everything if o.edits is not None]
    assert len(applied) >= 80, len(applied)
    assert len(unparsed) <= 0.05 * len(everything), "unparsed suggestions:\n" + "\n".join(unparsed)
    rules = {o.finding.rule for o in applied}
    assert {"AN103", "TV113", "AN210", "AN224", "PS005", "TV015", "TV111", "PT001", "TV017"} <= rules


# ---------------------------------------------------------------- the applier itself, and that it can fail

WEBHOOK = {
    "avatarId": "071b0286-4cce-4808-bee2-e642f1062de3",
    "voiceId": "de23e340-1416-4dd8-977d-065a7ca11697",
    "tools": [
        {
            "type": "server",
            "subtype": "webhook",
            "name": "list_events",
            "url": "https://calendar.example.com/api/events",
            "method": "POST",
            "awaitResponse": True,
        }
    ],
}
TAVUS = {
    "persona_name": "Coach",
    "system_prompt": "You coach.",
    "pipeline_mode": "full",
    "layers": {"tts": {"tts_engnie": "cartesia"}},
}


def _finding(rule: str, pointer: str, message: str) -> Finding:
    return Finding(rule, Level.WARNING, message, "<config>", 0, pointer, Span(1, 1, 1, 1))


def _lint(text: str, rules: list[str], kind: str, name: str = "p.yaml") -> Any:
    return check_bytes(name, textwrap.dedent(text).encode(), Settings(enabled=registry().select(rules), kind=kind))


def _at(result: Any) -> list[tuple[str, int, int]]:
    return [(f.rule, f.span.line, f.span.column) for f in result.findings]


def _judged(rule: str, pointer: str, message: str, document: Any, kind: str) -> Offer:
    return judge("unit", _finding(rule, pointer, message), document, kind, check_config(document, kind))


@pytest.mark.parametrize(
    ("message", "pointer", "document", "expected"),
    [
        (
            "unknown key 'tts_engnie' in tts; did you mean 'tts_engine'?",
            "/layers/tts/tts_engnie",
            TAVUS,
            [sg.Edit("move", "/layers/tts/tts_engnie", to="/layers/tts/tts_engine")],
        ),
        (
            "llmId 'customer_client_v1' is not recognised: ...; did you mean 'CUSTOMER_CLIENT_V1'?",
            "/llmId",
            {},
            [sg.Edit("set", "/llmId", "CUSTOMER_CLIENT_V1")],
        ),
        (
            "x is deprecated: write llmId: 'CUSTOMER_CLIENT_V1' instead; ...",
            "/brainType",
            {},
            [sg.Edit("drop", "/brainType"), sg.Edit("set", "/llmId", "CUSTOMER_CLIENT_V1")],
        ),
        (
            "p is not in the current persona API (...); set turn_taking_patience in layers.conversational_flow instead",
            "/layers/stt/p",
            {},
            [sg.Edit("move", "/layers/stt/p", to="/layers/conversational_flow/turn_taking_patience")],
        ),
        (
            "this is a body for /v2/pals (...): send it to /v2/pals, or for /v2/personas rename pal_name → persona_name and drop x",
            "/pal_name",
            {"pal_name": "A", "x": 1},
            [sg.Edit("move", "/pal_name", to="/persona_name"), sg.Edit("drop", "/x")],
        ),
        (
            "layers.stt.hotwords is an empty string: leave layers.stt out instead, since it holds nothing else (...)",
            "/layers/stt/hotwords",
            {},
            [sg.Edit("drop", "/layers/stt")],
        ),
        (
            "tts_engine 'x' is not a documented value; use one of cartesia, elevenlabs",
            "/layers/tts/tts_engine",
            {},
            [sg.Edit("set", "/layers/tts/tts_engine", "cartesia")],
        ),
        (
            "model 'tavus-llama' is deprecated; use tavus-gpt-oss (recommended) or another",
            "/layers/llm/model",
            {},
            [sg.Edit("set", "/layers/llm/model", "tavus-gpt-oss")],
        ),
        (
            "base_url 'https://a/' ends with '/': ...; drop the trailing slash",
            "/u",
            {"u": "https://a/"},
            [sg.Edit("set", "/u", "https://a")],
        ),
        ("the document is an array, but ...; remove the list around the one object", "", [{}], [sg.Edit("unwrap", "")]),
        ("it says something else entirely", "/x", {}, None),
    ],
)
def test_edits_read_each_form(message: str, pointer: str, document: Any, expected: list[sg.Edit] | None) -> None:
    assert sg.edits(pointer, message, document) == expected


def test_apply_edits_a_copy_and_remap_follows_the_edits() -> None:
    document = {"a": {"b": 1, "c": [10, 11, 12]}, "d": 2}
    edits = [sg.Edit("move", "/a", to="/x"), sg.Edit("drop", "/x/c/0"), sg.Edit("set", "/y/z", 3)]
    assert sg.apply(document, edits) == {"x": {"b": 1, "c": [11, 12]}, "d": 2, "y": {"z": 3}}
    assert document == {"a": {"b": 1, "c": [10, 11, 12]}, "d": 2}
    assert [sg.remap(p, edits) for p in ("/a/b", "/a/c/0", "/a/c/2", "/d")] == ["/x/b", None, "/x/c/1", "/d"]
    assert sg.remap("/0/name", [sg.Edit("unwrap", "")]) == "/name"


def test_a_wrong_key_suggestion_fails() -> None:
    """A deliberately wrong "did you mean": the renamed key is unknown too, at its new pointer."""
    offer = _judged(
        "PS005",
        "/layers/tts/tts_engnie",
        "unknown key 'tts_engnie' in tts; did you mean 'tts_enigne'?",
        TAVUS,
        "tavus-create",
    )
    assert [p.split(":")[0] for p in offer.problems] == [
        "PS005 /layers/tts/tts_enigne is still reported after its own suggestion"
    ]
    right = _judged(
        "PS005",
        "/layers/tts/tts_engnie",
        "unknown key 'tts_engnie' in tts; did you mean 'tts_engine'?",
        TAVUS,
        "tavus-create",
    )
    assert right.problems == ()


def test_the_old_messages_the_test_found_fail() -> None:
    """The suggestions this test found wrong, as they were: each is caught."""
    old_an224 = "awaitResponse is not a documented field of webhook tools; did you mean 'awaitResult' (documented for client tools)?"
    offer = _judged("AN224", "/tools/0/awaitResponse", old_an224, WEBHOOK, "anam-session")
    assert [p.split(":")[0] for p in offer.problems] == [
        "AN224 /tools/0/awaitResult is still reported after its own suggestion"
    ]
    body = {**WEBHOOK, "tools": [], "brainType": "ANAM_GPT_4O_MINI_V1"}
    old_an005 = (
        "brainType is deprecated: write llmId: 'ANAM_GPT_4O_MINI_V1' instead; llmId accepts every old brainType value"
    )
    offer = _judged("AN005", "/brainType", old_an005, body, "anam-create")
    assert [p.split(":")[0] for p in offer.problems] == ["AN004 /llmId"]
    legacy = {**TAVUS, "layers": {"vqa": {"enable_vision": "false"}}}
    old_tv111 = "vqa is not in the current persona API (...); use layers.perception (perception_model raven-1, with visual_awareness_queries for what to look for)"
    offer = _judged("TV111", "/layers/vqa", old_tv111, legacy, "tavus-create")
    assert offer.problems == (
        "the suggestion writes 'raven-1' at /layers/perception/perception_model where the config had /layers/vqa off",
    )


# ---------------------------------------------------------------- the messages fixed, pinned where they are


def test_an224_suggests_removing_a_field_of_another_kind_of_tool() -> None:
    result = _lint(
        """\
        avatarId: 071b0286-4cce-4808-bee2-e642f1062de3
        voiceId: de23e340-1416-4dd8-977d-065a7ca11697
        tools:
          - type: server
            subtype: webhook
            name: list_events
            url: https://calendar.example.com/api/events
            method: POST
            awaitResponse: true
          - type: client
            name: open_calendar
            awaitResul: true
        """,
        ["AN224"],
        "anam-session",
    )
    assert _at(result) == [("AN224", 9, 5), ("AN224", 12, 5)]
    assert [f.message for f in result.findings] == [
        "awaitResponse is not a documented field of webhook tools; remove it ('awaitResult', which it resembles, "
        "is documented for client tools only)",
        "awaitResul is not a documented field of client tools; did you mean 'awaitResult'?",
    ]


def test_an005_offers_no_legacy_value() -> None:
    result = _lint(
        '{"avatarId": "a", "voiceId": "v",\n "brainType": "ANAM_GPT_4O_MINI_V1"}', ["AN005"], "anam-create", "p.json"
    )
    assert _at(result) == [("AN005", 2, 2)]
    assert result.findings[0].message == (
        "brainType 'ANAM_GPT_4O_MINI_V1' is deprecated: choose the LLM with llmId instead, by the UUID of an LLM from "
        "GET /v1/llms, or CUSTOMER_CLIENT_V1 for your own LLM; llmId still accepts the old brainType values, but only "
        "CUSTOMER_CLIENT_V1 is current there (the others are legacy, AN004)"
    )


def test_tv017_says_to_leave_out_a_layer_the_empty_string_is_all_of() -> None:
    result = _lint(
        """\
        persona_name: Coach
        system_prompt: You coach.
        layers:
          stt:
            hotwords: ""
          tts:
            api_key: ""
            tts_engine: cartesia
        """,
        ["TV017"],
        "tavus-create",
    )
    assert _at(result) == [("TV017", 5, 15), ("TV017", 7, 14)]
    assert [f.message.split(" (")[0] for f in result.findings] == [
        "layers.stt.hotwords is an empty string: leave layers.stt out instead, since it holds nothing else",
        "layers.tts.api_key is an empty string: leave the key out instead",
    ]


def test_tv017_in_a_patch_says_the_key() -> None:
    result = _lint(
        '[{"op": "add", "path": "/layers/stt", "value": {"hotwords": ""}}]', ["TV017"], "tavus-patch", "p.json"
    )
    assert _at(result) == [("TV017", 1, 61)]
    assert result.findings[0].message.startswith("layers.stt.hotwords is an empty string: leave the key out instead (")


def test_tv111_vqa_and_tv113_ambient_awareness_do_not_turn_vision_on() -> None:
    result = _lint(
        """\
        persona_name: Coach
        system_prompt: You coach.
        layers:
          vqa:
            enable_vision: "false"
          perception:
            ambient_awareness: false
        """,
        ["TV111", "TV113"],
        "tavus-create",
    )
    assert _at(result) == [("TV111", 4, 3), ("TV113", 7, 5)]
    vqa, ambient = (f.message for f in result.findings)
    assert "perception_model 'off' where it had vision off" in vqa
    assert "a true or false here has no equivalent" in ambient
