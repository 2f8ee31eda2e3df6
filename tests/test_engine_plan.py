"""The rule engine's plan: rules compiled once per run, and a JSON Patch value judged only by the
rules that look where it is written (a check function's `reads`)."""

from __future__ import annotations

import pytest

from personalint import kinds
from personalint.engine import run as engine
from personalint.engine.conditions import compile_applies, compile_condition
from personalint.engine.context import MISSING, Context
from personalint.engine.packs import load_all
from personalint.engine.patch import judges_a_single_value, meets
from personalint.engine.registry import registry
from personalint.source import load
from personalint.source.code import Unknown

FUNCTIONS = load_all()


def _reading_rules() -> list:
    return [
        rule
        for rule in registry().rules
        if not rule.builtin and FUNCTIONS[rule.check["function"]].reads is not None and rule.examples
    ]


@pytest.mark.parametrize("rule", _reading_rules(), ids=lambda rule: rule.id)
def test_a_check_that_says_where_it_looks_reports_nothing_elsewhere(rule) -> None:
    """Every hit of a rule whose function declares `reads` lies on one of the paths it reads, on the
    rule's own failing examples: what lets a JSON Patch value skip the rules that look elsewhere."""
    reg = registry()
    reads = FUNCTIONS[rule.check["function"]].reads(rule.check, reg.tables)
    hits = 0
    for example in rule.examples:
        kind = example.get("kind", rule.kinds[0])
        if kinds.KIND[kind].edits:
            continue  # a JSON Patch: its values are judged as the body they edit, below
        name = "example.json" if example.get("format") == "json" else "example.yaml"
        for document in load(name, example["bad"].encode()).documents:
            root = kinds.KIND[kind].persona_root(document.value)
            if root is None:
                continue
            problems, _ = engine.run([rule], reg, document.value, kind, root, source=document)
            hits += _on_reads(problems, root, reads, rule.id)
    if rule.id in ("TV220", "TV012", "AN010", "TV111"):
        assert hits, f"{rule.id}'s example no longer fails: the test would prove nothing"


def _on_reads(problems: list, root: str, reads: list[str], rule_id: str) -> int:
    for problem in problems:
        relative = problem.pointer[len(root) :]
        assert any(meets(path, relative) for path in reads), (rule_id, problem.pointer, reads)
    return len(problems)


def test_meets_follows_a_path_to_and_through_a_pointer() -> None:
    assert meets("/layers/llm/model", "/layers/llm/model")
    assert meets("/layers/llm/model", "/layers/llm")  # the value written holds the field
    assert meets("/layers/llm", "/layers/llm/model")  # the field is inside what the check reads
    assert meets("/layers/*/*/*/function/name", "/layers/llm/tools/0/function/name")
    assert meets("/guardrail_ids/3", "/guardrail_ids/0")  # a written list item is placed at index 0
    assert not meets("/layers/llm/model", "/layers/tts/tts_engine")
    assert not meets("/system_prompt", "/layers/llm")


def test_a_patch_value_is_judged_by_the_rules_that_look_where_it_is_written() -> None:
    reg = registry()
    rules = {rule.id: rule for rule in reg.rules_for(reg.select(), "tavus-create")}
    wake_phrase = "/layers/conversational_flow/wake_phrase"
    assert judges_a_single_value(rules["TV220"], wake_phrase, reg.tables)  # a pattern of wake_phrase
    assert not judges_a_single_value(rules["TV220"], "/layers/llm/model", reg.tables)
    assert judges_a_single_value(rules["TV220"], "/layers/conversational_flow", reg.tables)  # the layer holds it
    assert judges_a_single_value(rules["SE001"], "/layers/llm/model", reg.tables)  # reads anywhere
    assert judges_a_single_value(rules["TV111"], "/layers/stt", reg.tables)  # holds legacy keys of its table
    assert not judges_a_single_value(rules["TV111"], "/layers/llm/model", reg.tables)
    # without the tables (an older caller), only `patch:` and the conditions decide
    assert judges_a_single_value(rules["TV220"], "/layers/llm/model")


def test_the_plan_is_compiled_once_per_registry() -> None:
    reg = registry()
    rules = reg.rules_for(reg.select(), "tavus-create")
    first, again = engine.plan(reg, rules), engine.plan(reg, rules)
    assert [step.rule.id for step in first] == [rule.id for rule in rules]
    assert all(a is b for a, b in zip(first, again, strict=True))
    assert first is again  # a kind's list (Registry.rules_for hands out one) is planned once


def test_one_off_rule_lists_are_planned_as_they_are_and_do_not_grow_the_memo() -> None:
    reg = registry()
    every = reg.rules_for(reg.select(), "anam-create")
    for size in range(1, 3 * engine._PLANS):
        rules = every[: size % len(every) + 1]  # a new list each time, as fallbacks.assumed makes
        assert [step.rule.id for step in engine.plan(reg, rules)] == [rule.id for rule in rules]
    assert len(reg.memo["plans"]) <= engine._PLANS


CONDITIONS = [
    ({"path": "/a", "equals": 1}, {"a": 1}, True),
    ({"path": "/a", "equals": 1}, {"a": 2}, False),
    ({"path": "/a", "not_equals": 1}, {}, True),
    ({"path": "/a", "in": ["x", "y"]}, {"a": "y"}, True),
    ({"path": "/a", "not_in": ["x"]}, {"a": "x"}, False),
    ({"path": "/a", "present": True}, {"a": None}, True),
    ({"path": "/a", "present": False}, {"a": None}, False),
    ({"path": "/a", "has_any": ["k"]}, {"a": {"k": 1}}, True),
    ({"path": "/a", "has_none": ["k"]}, {"a": {"k": 1}}, False),
    ({"path": "/a", "matches": "(?s).*\\S.*"}, {"a": " x "}, True),
    ({"path": "/a", "matches": "(?s).*\\S.*"}, {"a": "  "}, False),
    ({"path": "/a", "type": "string"}, {"a": "x"}, True),
    ({"path": "/a", "present": True, "not_equals": ""}, {"a": ""}, False),  # every test must hold
    ({"inventory": True}, {}, False),
]


@pytest.mark.parametrize(("condition", "document", "expected"), CONDITIONS)
def test_a_compiled_condition_holds_as_the_pack_says(condition: dict, document: dict, expected: bool) -> None:
    ctx = Context(document, "anam-create", "", {})
    assert compile_condition(condition)(ctx) is expected


def test_a_rule_whose_condition_reads_a_computed_value_does_not_run() -> None:
    params = {"function": "present", "path": "/b", "when": {"path": "/a", "equals": 1}}
    test = compile_applies(params)
    assert test is not None
    assert test(Context({"a": 1}, "anam-create", "", {}))
    assert not test(Context({"a": Unknown("x")}, "anam-create", "", {}))
    assert not test(Context({"a": 2}, "anam-create", "", {}))
    unless = compile_applies({"function": "present", "path": "/b", "unless": [{"path": "/a", "present": True}]})
    assert unless is not None and not unless(Context({"a": 1}, "anam-create", "", {}))
    assert unless(Context({}, "anam-create", "", {}))
    assert compile_applies({"function": "present", "path": "/b"}) is None


_A, _B = {"path": "/a", "equals": 1}, {"path": "/b", "present": True}


@pytest.mark.parametrize("when", [[], [_A], [_A, _B]])
@pytest.mark.parametrize("unless", [[], [_A], [_B], [_A, _B]])
@pytest.mark.parametrize("document", [{}, {"a": 1}, {"b": 0}, {"a": 1, "b": 0}, {"a": 2, "b": 0}])
def test_applies_is_all_when_and_not_all_unless(when: list, unless: list, document: dict) -> None:
    """The compiled test (loops, for speed) is the packs' rule as written: every `when` condition
    holds and not every `unless` condition does (no `unless`: nothing stops it)."""
    params = {"function": "present", "path": "/c", "when": when, "unless": unless}
    test = compile_applies(params)
    ctx = Context(document, "anam-create", "", {})
    holds = [compile_condition(c)(ctx) for c in when], [compile_condition(c)(ctx) for c in unless]
    expected = all(holds[0]) and not (unless and all(holds[1]))
    assert test is not None and test(ctx) is expected
    assert MISSING is not None


def _step(rule_id: str, kind: str = "tavus-create") -> engine.Step:
    reg = registry()
    (step,) = [s for s in engine.plan(reg, reg.rules_for(reg.select(), kind)) if s.rule.id == rule_id]
    return step


def test_a_step_knows_the_places_without_which_it_has_nothing_to_judge() -> None:
    tools = _step("TV252")  # tavus_tool_required: looks at the four tool lists
    assert tools.heads == {"layers"}
    assert tools.needs is not None and "/layers/llm/tools" in tools.needs and len(tools.needs) == 4
    assert _step("TV113").needs is None  # its table lists more places than are worth a lookup each
    assert _step("TV113").heads is not None and "layers" in _step("TV113").heads
    assert _step("SE001").heads is None and _step("SE001").needs is None  # reads anywhere
    assert _step("AN006", "anam-create").needs is None  # one-token places: the heads say it all


def test_a_step_runs_where_its_places_hold_something_and_nowhere_else() -> None:
    reg, rule = registry(), _step("TV252").rule
    bad_tool = {"function": {"name": "f", "parameters": {"type": "object", "required": ["x"], "properties": {}}}}
    body = {"layers": {"llm": {"tools": [bad_tool]}}}
    assert [p.rule for p in engine.run([rule], reg, body, "tavus-create", "")[0]] == ["TV252"]
    for elsewhere in ({"layers": {"tts": {"tts_engine": "cartesia"}}}, {"name": "x"}, {}):
        assert engine.run([rule], reg, elsewhere, "tavus-create", "")[0] == []


@pytest.mark.parametrize("rule", _reading_rules(), ids=lambda rule: rule.id)
def test_skipping_the_steps_with_nothing_to_judge_changes_no_finding(rule, monkeypatch) -> None:
    """Each rule's own examples, bad and good, give the same problems with the skip and without it."""
    reg = registry()
    compile_ = engine._compile

    def unskipped(rule, tables):
        return compile_(rule, tables)._replace(heads=None, needs=None)

    for example in rule.examples:
        kind = example.get("kind", rule.kinds[0])
        if kinds.KIND[kind].edits:
            continue
        name = "example.json" if example.get("format") == "json" else "example.yaml"
        for text in (example["bad"], example.get("good")):
            for document in load(name, (text or "").encode()).documents if text else []:
                root = kinds.KIND[kind].persona_root(document.value)
                if root is None:
                    continue
                skipped = engine.run([rule], reg, document.value, kind, root, source=document)
                with monkeypatch.context() as patched:
                    patched.setattr(engine, "_compile", unskipped)
                    patched.setitem(reg.memo, "steps", {})
                    patched.setitem(reg.memo, "plans", {})
                    full = engine.run([rule], reg, document.value, kind, root, source=document)
                assert skipped == full, rule.id


# A patch that writes the same scalars again at the same places, among others: each value as it
# is, with its type (true, 1, 1.0 and "1"; 0.0 and -0.0, which are equal), at list items by index and
# by `-`, and objects (judged each time).
_WRITES = [
    ("/layers/llm/model", "tavus-llama"),
    ("/layers/tts/tts_engine", "elevenlab"),
    ("/pipeline_mode", "ful"),
    ("/layers/llm/speculative_inference", "true"),
    ("/layers/llm/speculative_inference", True),
    ("/layers/llm/speculative_inference", 1),
    ("/layers/conversational_flow/turn_taking_patience", 1.0),
    ("/layers/conversational_flow/turn_taking_patience", "1"),
    ("/persona_name", 0.0),
    ("/persona_name", -0.0),
    ("/document_tags/-", ""),
    ("/document_tags/3", ""),
    ("/persona_name", None),
    ("/layers/llm/extra_body", {"temperature": "hot"}),
]


def test_a_scalar_written_again_in_a_patch_gets_the_findings_a_first_write_gets(monkeypatch) -> None:
    from personalint.engine import document

    reg = registry()
    operations = [{"op": "replace", "path": path, "value": value} for _ in range(3) for path, value in _WRITES]
    kept = document.check(operations, "tavus-patch", reg, reg.select())
    monkeypatch.setattr(document, "_SEEN_MAX", 0)  # every value judged afresh
    fresh = document.check(operations, "tavus-patch", reg, reg.select())
    assert kept == fresh
    assert len(kept) >= 3 * 8, kept  # the test judges values that have findings
    count = len(_WRITES)
    for index, (path, value) in enumerate(_WRITES):  # each repeat's findings are its own operation's
        first = [(p.rule, p.message, p.pointer.split("/", 2)[2]) for p in kept if p.pointer.startswith(f"/{index}/")]
        for again in (index + count, index + 2 * count):
            assert first == [
                (p.rule, p.message, p.pointer.split("/", 2)[2]) for p in kept if p.pointer.startswith(f"/{again}/")
            ], (path, value)
