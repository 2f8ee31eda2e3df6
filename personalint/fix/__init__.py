"""Fixes: `personalint check --fix` mends what the documents give one right answer for.

    intent.build     a rule's pack `fix:` (edit, applicability) + its check's operands -> Fix (text edits)
    edits.Editor     the text edits of one document, in its own syntax, from its node tree
    apply.fix_file   edits applied together, re-checked, repeated (at most 10 passes); written atomically
    disable          `--add-disable`: a suppression comment on each line with a finding

Nothing here is imported by a run that does not fix: the pipeline imports intent only for
findings whose rule has a fix.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from personalint.finding import Edit

__all__ = ["disable_edit", "fix_text"]


def fix_text(path: str, text: str, settings: Any, unsafe: bool = False) -> tuple[str, int]:
    """The text with every applicable fix applied and verified, and how many findings were fixed."""
    from personalint.fix.apply import fix_text as run

    outcome = run(path, text, settings, unsafe=unsafe)
    return outcome.text, outcome.count


def disable_edit(text: str, format: str, line: int, rule: str) -> Edit | None:
    """The edit that adds a `personalint: disable=RULE` comment for `line` (None where no comment can go)."""
    from personalint.fix.disable import disable_edit as make

    return make(text, format, line, [rule])
