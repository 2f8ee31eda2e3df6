"""docs/rules.md is generated from rules/: it must not drift."""

from __future__ import annotations

from helpers import REPO

from personalint.docs import rule_markdown, rules_markdown
from personalint.engine.registry import registry


def test_docs_rules_md_is_current() -> None:
    current = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == rules_markdown(), "docs/rules.md drifted: run `python -m personalint.docs > docs/rules.md`"


def test_every_rule_doc_has_the_ruff_sections() -> None:
    for rule in registry().rules:
        text = rule_markdown(rule)
        for section in ("## What it does", "## Why it matters", "## Source"):
            assert section in text, (rule.id, section)
