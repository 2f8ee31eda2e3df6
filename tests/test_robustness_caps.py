"""A generated file with a huge number of findings does not flood the output."""

from __future__ import annotations

import json

from helpers import lint

from personalint.pipeline import MAX_FINDINGS_PER_RULE


def test_findings_of_one_rule_are_capped_per_file_and_the_rest_counted() -> None:
    result = lint(json.dumps({"system_prompt": "x", "document_ids": ["d1"] * 5000}), name="p.json")
    repeated = [f for f in result.findings if f.rule == "TV012"]
    assert len(repeated) == MAX_FINDINGS_PER_RULE + 1
    assert repeated[-1].message == (
        f"4,899 more TV012 findings in this file are not shown (at most {MAX_FINDINGS_PER_RULE} of one rule per file)"
    )
