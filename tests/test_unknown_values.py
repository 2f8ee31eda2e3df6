"""Values computed at run time (`source.code.Unknown`): present, never judged, no false positive.

A code reader turns `process.env.X`, `buildPrompt(x)`, a parameter or a template literal with
substitutions into an Unknown value, and an object with an unknown spread (`{...base, name}`)
into an *open* object. These tests build such documents directly, without any code reader:

- the engine's own decisions (engine/document.py, engine/conditions.py), rule by rule;
- the whole pipeline on an in-memory file (positions, redaction, suppression-free output);
- a sweep over every rule's bad example (the examples tests/test_rules.py runs), each value
  replaced by an Unknown in turn: no rule fails on it, no finding is at or below it, and no
  finding appears that the literal example did not have.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from personalint import pointer as jp
from personalint.config import Settings
from personalint.engine import document as engine
from personalint.engine.registry import Rule, registry
from personalint.finding import Problem
from personalint.kinds import detect
from personalint.source import load
from personalint.source.code import Found, Unknown, add_documents, unknown_pointers
from personalint.source.document import Document, SourceFile, Text
from personalint.source.json_nodes import compose

RULES = registry()
DEPTH = 64  # how deep the sweep replaces values: every value of the examples (about 8 levels)
ENV = Unknown("process.env.PERSONA_VALUE")


def problems(value: Any, kind: str, select: tuple[str, ...] = ("ALL",), open_: tuple[str, ...] = ()) -> list[Problem]:
    """The schema and rule problems of `value` as a code reader's document (its unknowns and open objects)."""
    document = Document(
        0, value, Text("", "typescript"), unknown=frozenset(unknown_pointers(value)), open=frozenset(open_)
    )
    errors: list[tuple[str, Exception]] = []
    found = engine.check(
        value,
        kind,
        RULES,
        RULES.select(select),
        source=document,
        on_error=lambda rule, exc: errors.append((rule.id, exc)),
    )
    assert errors == [], f"a rule failed on an unknown value: {errors}"
    return found


def fired(value: Any, kind: str, **options: Any) -> list[tuple[str, str]]:
    return [(p.rule, p.pointer) for p in problems(value, kind, **options)]


# -- the engine, rule by rule ---------------------------------------------------------------


def test_an_unknown_system_prompt_satisfies_tv001() -> None:
    assert ("TV001", "") in fired({"persona_name": "Coach"}, "tavus-create")  # the control
    assert fired({"persona_name": "Coach", "system_prompt": Unknown("buildPrompt(user)")}, "tavus-create") == []


def test_an_unknown_enum_field_is_never_ps001_or_ps002() -> None:
    base = {"persona_name": "Coach", "system_prompt": "You coach."}
    assert ("PS002", "/pipeline_mode") in fired({**base, "pipeline_mode": "half"}, "tavus-create")
    assert ("PS001", "/persona_name") in fired({**base, "persona_name": 5}, "tavus-create")
    assert fired({**base, "pipeline_mode": ENV, "persona_name": ENV}, "tavus-create") == []
    layers = {"tts": {"tts_engine": ENV, "voice_settings": ENV}, "llm": {"model": ENV}}
    assert fired({**base, "layers": layers}, "tavus-create") == []


def test_a_literal_fallback_is_not_judged_by_a_rule_that_does_not_opt_in() -> None:
    mode = Unknown("process.env.MODE ?? 'half'", fallback="half")
    assert fired({"persona_name": "Coach", "system_prompt": "You coach.", "pipeline_mode": mode}, "tavus-create") == []
    key = Unknown('os.getenv("LLM_KEY", "")', fallback="")  # TV017 (empty string) does not opt in
    llm = {"model": "my-llm", "base_url": "https://llm.example.com/v1", "api_key": key}
    assert fired({"persona_name": "Coach", "system_prompt": "You coach.", "layers": {"llm": llm}}, "tavus-create") == []


def test_rules_that_opt_in_judge_the_fallback_as_a_note() -> None:
    """engine/fallbacks.py: `fallbacks: true` rules judge the literal; the finding says what was assumed."""
    opted = sorted(rule.id for rule in RULES.rules if rule.check.get("fallbacks"))
    assert opted == ["AN004", "AN100", "AN101", "AN102", "AN104", "TV016", "TV236"]
    local = Unknown('os.getenv("NGROK_URL", "http://localhost:5000")', fallback="http://localhost:5000")
    llm = {"model": "my-llm", "base_url": local, "api_key": Unknown("os.getenv('KEY')")}
    body = {"persona_name": "Coach", "system_prompt": "You coach.", "layers": {"llm": llm}}
    (problem,) = problems(body, "tavus-create")
    assert (problem.rule, problem.pointer, problem.assumed) == ("TV236", "/layers/llm/base_url", True)
    assert problem.message.endswith("(when NGROK_URL is unset, the code falls back to 'http://localhost:5000')")
    # a fallback the rule has nothing against, and an unknown without one: nothing
    llm["base_url"] = Unknown(
        'os.getenv("LLM_URL", "https://llm.example.com/v1")', fallback="https://llm.example.com/v1"
    )
    assert problems(body, "tavus-create") == []
    # a rule that is not selected never runs, on the fallback either
    llm["base_url"] = local
    assert problems(body, "tavus-create", select=("TV0",)) == []
    # an error rule (AN100) on a fallback: said, as assumed, whatever its level
    avatar = Unknown("process.env.AVATAR_ID || 'anna-generic-1'", fallback="anna-generic-1")
    found = problems({"personaConfig": {"avatarId": avatar, "voiceId": ENV, "llmId": ENV}}, "anam-session")
    assert [(p.rule, p.pointer, p.assumed) for p in found] == [("AN100", "/personaConfig/avatarId", True)]
    assert "when AVATAR_ID is unset" in found[0].message


def test_a_fallback_finding_is_a_note_in_every_output(tmp_path) -> None:
    from helpers import lint

    text = """\
        const persona = {
          personaConfig: {
            avatarId: process.env.ANAM_AVATAR_ID || "anna-generic-1",
            voiceId: process.env.ANAM_VOICE_ID,
          },
        };
        await fetch("https://api.anam.ai/v1/auth/session-token", { method: "POST", body: JSON.stringify(persona) });
        """
    result = lint(text, name="route.ts")
    assert [(f.rule, str(f.level), f.span.line, f.span.column) for f in result.findings] == [("AN100", "note", 3, 15)]
    strict = lint(text, name="route.ts", severity={"AN100": __import__("personalint").Level.ERROR})
    assert [str(f.level) for f in strict.findings] == ["note"]  # a configured level never raises it


def test_an20_does_not_fire_when_llm_id_is_unknown() -> None:
    body = {"name": "Ava", "avatarId": "071b0286-4cce-4808-bee2-e642f1062de3", "systemPrompt": "You help."}
    assert ("AN020", "/systemPrompt") in fired({**body, "llmId": "CUSTOMER_CLIENT_V1"}, "anam-session")
    assert [r for r, _ in fired({**body, "llmId": Unknown("llm.id")}, "anam-session") if r == "AN020"] == []


def test_a_rule_whose_condition_reads_an_unknown_does_not_run() -> None:
    # TV001 runs unless pipeline_mode is echo: an unknown mode may be echo
    assert fired({"persona_name": "Coach", "pipeline_mode": ENV}, "tavus-create") == []
    # TV020 judges ElevenLabs voice_settings only when tts_engine is elevenlabs
    tts: dict[str, Any] = {"tts_engine": "elevenlabs", "voice_settings": {"speed": 1.5}}
    body = {"system_prompt": "You coach.", "layers": {"tts": tts}}
    assert ("TV020", "/layers/tts/voice_settings/speed") in fired(body, "tavus-create")
    tts["tts_engine"] = Unknown("voice.engine")
    assert fired(body, "tavus-create") == []
    # TV002: a system_prompt is unused in echo mode, known only when the mode is
    echo = {"persona_name": "Echo", "pipeline_mode": ENV, "system_prompt": "unused?"}
    assert fired(echo, "tavus-create") == []


def test_an_open_object_reports_no_missing_key_but_a_wrong_literal_beside_the_spread() -> None:
    body = {"persona_name": "Coach", "pipeline_mode": "half"}  # `{...defaults, persona_name, pipeline_mode}`
    assert sorted(fired(body, "tavus-create")) == [("PS002", "/pipeline_mode"), ("TV001", "")]
    assert fired(body, "tavus-create", open_=("",)) == [("PS002", "/pipeline_mode")]


def test_an_open_nested_object_keeps_the_findings_beside_it() -> None:
    session = {"personaConfig": {"avatarModel": "cara-5"}}  # `personaConfig: {...persona, avatarModel}`
    open_found = fired(session, "anam-session", open_=("/personaConfig",))
    assert ("AN001", "/personaConfig/avatarModel") in open_found
    missing = {p for p in problems(session, "anam-session") if p.at == "container" or p.keyword == "required"}
    assert missing, "the control: a closed personaConfig misses required keys"
    open_problems = problems(session, "anam-session", open_=("/personaConfig",))
    assert not [
        p for p in open_problems if p.pointer == "/personaConfig" and (p.at == "container" or p.keyword == "required")
    ]


def test_an_unknown_list_item_leaves_the_literal_items_judged() -> None:
    tools = [ENV, {"type": "function", "function": {"name": "bad name!", "parameters": {}}}]
    body = {"system_prompt": "You help.", "layers": {"llm": {"model": "tavus-gpt-oss", "tools": tools}}}
    literal = [(r, p) for r, p in fired(body, "tavus-create") if p.startswith("/layers/llm/tools/1")]
    assert literal, "the literal tool beside the unknown one is still judged"
    assert not [p for _, p in fired(body, "tavus-create") if p.startswith("/layers/llm/tools/0")]


def test_two_unknowns_are_never_duplicates() -> None:
    assert Unknown("a") != Unknown("a") and len({Unknown("a"), Unknown("a")}) == 2
    body = {"name": "Ava", "avatarId": "071b0286-4cce-4808-bee2-e642f1062de3", "toolIds": [ENV, ENV]}
    assert [r for r, _ in fired(body, "anam-create") if r == "AN220"] == []
    tavus = {"system_prompt": "You help.", "guardrail_ids": [Unknown("a"), Unknown("a")]}
    assert [r for r, _ in fired(tavus, "tavus-create") if r == "TV012"] == []


def test_an_unknown_patch_value_is_not_judged() -> None:
    patch = [{"op": "replace", "path": "/pipeline_mode", "value": ENV}, {"op": "update", "path": "/x", "value": 1}]
    found = fired(patch, "tavus-patch")
    assert ("PS002", "/1/op") in found and not [p for _, p in found if p.startswith("/0")]


# -- the whole pipeline, on an in-memory file --------------------------------------------------

PLACEHOLDER = "__unknown__"
FILE = """{
  "persona_name": "Coach gsk_FAKE0a1B2c3D4e5F6g7H8i9J0k",
  "pipeline_mode": "half",
  "system_prompt": "__unknown__",
  "layers": {"llm": {"model": "__unknown__", "api_key": "__unknown__"}, "tts": {"tts_engine": "playht"}}
}
"""


def _with_unknowns(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _with_unknowns(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_unknowns(v) for v in value]
    return Unknown("process.env.X") if value == PLACEHOLDER else value


def test_the_pipeline_positions_and_redaction_with_unknowns(monkeypatch: pytest.MonkeyPatch) -> None:
    import personalint.pipeline as pipeline

    def loaded(path: str, data: bytes, format: str | None = None, check_duplicates: bool = True) -> SourceFile:
        source = SourceFile(path, Text(data.decode(), "typescript"))
        node = compose(source.text, source.lines)
        assert node is not None
        add_documents(source, [Found(_with_unknowns(json.loads(FILE)), node, "tavus-create", "POST /v2/personas")])
        return source

    monkeypatch.setattr(pipeline, "load", loaded)
    result = pipeline.check_bytes("app.ts", FILE.encode(), Settings.default())
    assert [(f.rule, f.span.line, f.span.column) for f in result.findings] == [
        ("SE002", 2, 19),
        ("PS002", 3, 20),
        ("TV103", 5, 95),
    ]
    shown = " ".join(f.message for f in result.findings) + " ".join(result.lines.values())
    assert "gsk_" in FILE and "gsk_FAKE" not in shown  # the secret beside the unknowns is redacted
    assert result.documents[0].kind == "tavus-create"


# -- the sweep: every rule's bad example, each value replaced by an unknown ---------------------


def _examples() -> list[tuple[Rule, int, Any, str]]:
    cases = []
    for rule in RULES.rules:
        for number, example in enumerate(rule.examples):
            if "bad" not in example or "inventory" in example:
                continue
            text = example["bad"].replace("{long}", "x" * 2001)
            source = load("example." + example.get("format", "yaml"), text.encode())
            if source.problems or len(source.documents) != 1 or source.documents[0].problems:
                continue  # a file-level rule's example (PF001, PF002, ...): nothing of the engine's
            value = source.documents[0].value
            kind = example.get("kind") or detect.detect(value).kind
            if kind is not None:
                cases.append((rule, number, value, kind))
    return cases


def _targets(value: Any, kind: str) -> list[str]:
    """The pointers replaced one at a time: every value of the body down to three levels."""
    found: list[str] = []
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:
        here, node = stack.pop()
        depth = len(jp.split(here))
        if depth >= DEPTH:
            continue
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, child in items:
            pointer = jp.join(here, key)
            found.append(pointer)
            stack.append((pointer, child))
    return found


def _replaced(value: Any, pointer: str) -> Any:
    copy = json.loads(json.dumps(value))
    *parents, last = jp.split(pointer)
    holder = copy
    for part in parents:
        holder = holder[int(part)] if isinstance(holder, list) else holder[part]
    if isinstance(holder, list):
        holder[int(last)] = Unknown("computed()")
    else:
        holder[last] = Unknown("computed()")
    return copy


CASES = _examples()
# false positives from an unknown value the sweep found, to fix in the rule's check (then drop the entry)
KNOWN: dict[tuple[str, int], str] = {}  # (rule, example) -> why an unknown still gives a finding (none today)


def test_the_sweep_covers_most_rules() -> None:
    covered = {rule.id for rule, *_ in CASES}
    assert len(covered) >= 0.8 * len([r for r in RULES.rules if not r.builtin]), sorted(covered)
    assert {"TV001", "AN020", "TV020", "PS002", "PS001"} <= covered


@pytest.mark.parametrize(
    ("rule", "number", "value", "kind"),
    [
        pytest.param(*case, marks=pytest.mark.xfail(strict=True, reason=KNOWN[case[0].id, case[1]]))
        if (case[0].id, case[1]) in KNOWN
        else case
        for case in CASES
    ],
    ids=[f"{r.id}-{n}" for r, n, _v, _k in CASES],
)
def test_an_unknown_anywhere_in_a_bad_example_adds_nothing(rule: Rule, number: int, value: Any, kind: str) -> None:
    select = (rule.id,)
    literal = {(p.rule, p.pointer) for p in problems(value, kind, select)}
    if rule.id not in ("PF005", "PF090"):  # YAML's implicit typing and suppressions are the pipeline's
        assert rule.id in {r for r, _ in literal}, f"{rule.id}'s bad example gives no finding to start from"
    for pointer in _targets(value, kind):
        found = problems(_replaced(value, pointer), kind, select)
        # a finding about the key that holds the unknown value (a typo, a legacy or response-only
        # key) is about what the code says: it stays
        below = [p for p in found if (p.pointer == pointer and p.at != "key") or p.pointer.startswith(pointer + "/")]
        assert below == [], f"{rule.id} judged the unknown value at {pointer}: {below}"
        new = {(p.rule, p.pointer) for p in found} - literal
        assert not new, f"{rule.id}: an unknown value at {pointer} made new findings {new}"


# -- the example app: real code full of run-time values, only the mistakes put there on purpose --

APP = {
    "app/api/personas/route.ts": (("javascript",), [("TV250", 34, 21), ("TV103", 46, 21)]),
    "components/AnamSession.tsx": (("javascript",), [("AN003", 26, 22), ("AN211", 30, 23)]),
    "scripts/create_persona.py": (("python",), [("TV111", 27, 9), ("TV235", 32, 29)]),
    "README.md": (("markdown", "shell"), [("AN005", 29, 5)]),
}


@pytest.mark.parametrize("name", list(APP))
def test_the_example_app_gives_only_its_mistakes(name: str) -> None:
    from importlib.util import find_spec

    from helpers import REPO

    readers, expected = APP[name]
    for reader in readers:
        if find_spec(f"personalint.source.{reader}") is None:
            pytest.skip(f"the {reader} reader is not there yet")
    path = REPO / "examples" / "app" / name
    result = pipeline_check(str(path), path.read_bytes())
    assert [(f.rule, f.span.line, f.span.column) for f in result.findings] == expected


def pipeline_check(path: str, data: bytes) -> Any:
    from personalint.pipeline import check_bytes

    return check_bytes(path, data, Settings.default())
