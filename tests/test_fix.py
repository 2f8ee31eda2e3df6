"""Fixes (issue 12): every fix keeps its promises on every input we have (tests/fixprops.py).

Inputs: every rule's bad example, the shipped examples, the wild corpus as its authors wrote
it (tests/fixtures/wild) and its JSON copies (../shared, when present), and generated configs
(tests/test_fix_generated.py). Each rule that declares a fix in its pack has a bad example the
fix mends, at the line and column its example pins.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fixprops import check_properties
from helpers import REPO

from personalint import files
from personalint.config import Settings
from personalint.engine.registry import registry
from personalint.pipeline import check_bytes

SHARED = REPO.parent / "shared" / "corpus" / "wild"
FIXABLE = [rule for rule in registry().rules if rule.fix]


def _example_path(rule_id: str, index: int, example: dict) -> str:
    return f"{rule_id.lower()}-{index}.{example.get('format', 'json')}"


def _settings(example: dict) -> Settings:
    return Settings.default(kind=example.get("kind"))


@pytest.mark.parametrize("rule", FIXABLE, ids=lambda r: r.id)
def test_each_fixable_rule_mends_one_of_its_bad_examples(rule) -> None:
    """A rule that says it fixes has a bad example whose finding carries the fix, and the fix mends it."""
    mended = []
    for index, example in enumerate(rule.examples):
        if "bad" not in example or "inventory" in example:
            continue
        path, settings = _example_path(rule.id, index, example), _settings(example)
        result = check_bytes(path, example["bad"].encode(), settings)
        ours = [f for f in result.findings if f.rule == rule.id and f.fix]
        if not ours:
            continue
        assert ours[0].fix.applicability == rule.fix["applicability"]
        outcome = check_properties(path, example["bad"], settings)
        assert outcome.fixed[rule.id] >= 1, (rule.id, outcome.text)
        if "fixed" in example:
            assert outcome.text == example["fixed"], (rule.id, outcome.text)
        mended.append(index)
    assert mended, f"{rule.id} declares a fix, but none of its bad examples gets one"


def test_the_fixable_rules_are_the_documented_list() -> None:
    """The list the README and the note give; a rule gaining or losing a fix changes it on purpose."""
    safe = sorted(r.id for r in FIXABLE if r.fix["applicability"] == "safe")
    unsafe = sorted(r.id for r in FIXABLE if r.fix["applicability"] == "unsafe")
    assert safe == sorted("PF002 PF005 PF090 PS001 AN005 AN103 AN211 AN220 AN301 TV012 TV111 TV113 TV235 TV239".split())
    assert unsafe == sorted("PS005 TV101 TV102 TV103".split())


@pytest.mark.parametrize("rule", registry().rules, ids=lambda r: r.id)
def test_every_bad_example_keeps_the_properties(rule) -> None:
    for index, example in enumerate(rule.examples):
        if "bad" in example and "inventory" not in example:
            check_properties(_example_path(rule.id, index, example), example["bad"], _settings(example))


def _examples() -> list[Path]:
    return sorted(Path(p) for p in files.walk(str(REPO / "examples")))


@pytest.mark.parametrize("path", _examples(), ids=lambda p: str(p.relative_to(REPO)))
def test_the_shipped_examples_keep_the_properties(path: Path) -> None:
    check_properties(str(path.relative_to(REPO)), path.read_text(encoding="utf-8"))


WILD = sorted(p for p in (REPO / "tests" / "fixtures" / "wild").glob("*") if p.is_file() and p.suffix != ".yaml")


@pytest.mark.parametrize("path", WILD, ids=lambda p: p.name)
def test_the_wild_corpus_in_place_keeps_the_properties(path: Path) -> None:
    check_properties(str(path.relative_to(REPO)), path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", [f"{i}" for i in range(52)])
def test_the_wild_corpus_json_copies_keep_the_properties(name: str) -> None:
    if not SHARED.is_dir():
        pytest.skip("../shared/corpus/wild is not beside the repository")
    paths = sorted(SHARED.glob("*.json"))
    if int(name) >= len(paths):
        pytest.skip("fewer files")
    path = paths[int(name)]
    check_properties(f"wild/{path.name}", path.read_text(encoding="utf-8"))


def test_the_wild_corpus_has_fixes_of_both_kinds() -> None:
    """Not a vacuous pass: the corpus in place has safe and unsafe fixes that apply."""
    safe = unsafe = 0
    for path in WILD:
        text = path.read_text(encoding="utf-8")
        outcome = check_properties(str(path.relative_to(REPO)), text, unsafe=True)
        for finding in outcome.applied:
            assert finding.fix is not None
            safe += finding.fix.safe
            unsafe += not finding.fix.safe
    assert safe >= 10 and unsafe >= 10, (safe, unsafe)


def test_a_yaml_stream_is_fixed_document_by_document() -> None:
    """Each document of a multi-document stream has its own fixes, at its own place in the file."""
    text = (
        "# personas\n"
        "persona_name: A\nsystem_prompt: x\nlayers:\n  perception:\n    perception_model: off\n"
        "---\n"
        "persona_name: B\nsystem_prompt: y\nlayers:\n  llm:\n    model: m\n"
        "    base_url: https://llm.example.com/v1/chat/completions\n"
        "guardrail_ids: [g1, g2, g1]\n"
    )
    outcome = check_properties("stream.yaml", text, Settings.default(kind="tavus-create"))
    assert outcome.text == text.replace("perception_model: off", "perception_model: 'off'").replace(
        "v1/chat/completions", "v1"
    ).replace("[g1, g2, g1]", "[g1, g2]")
    assert {(f.rule, f.document) for f in outcome.applied} == {("PF005", 0), ("TV235", 1), ("TV012", 1)}
