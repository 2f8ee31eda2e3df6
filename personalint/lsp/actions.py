"""Code actions: each finding's fix as a quick fix, "Disable RULE for this line", and fix-all.

They are computed from the findings of the document's current text (never from `data` the
client hands back), so every standard client gets them from a plain `textDocument/codeAction`:

- a finding with a fix (personalint/fix/): a `quickfix` of its edits, "(unsafe)" in the title
  when its rule declares the fix unsafe; the safe one of the findings under the cursor is
  preferred;
- every finding: "Disable RULE for this line", a `personalint: disable=RULE` comment in the
  format's comment syntax (none in JSON, which has no comments);
- `source.fixAll.personalint` (also offered for `source.fixAll`): every safe fix of the document
  applied together and verified, as `personalint check --fix` would write the file.
"""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types

from personalint.config import Settings
from personalint.finding import Edit, Finding, Span
from personalint.lsp.diagnostics import diagnostic, to_range
from personalint.lsp.text import OpenDocument
from personalint.source import detect_format

FIX_ALL = "source.fixAll.personalint"


def code_actions(
    document: OpenDocument, findings: list[Finding], params: types.CodeActionParams, encoding: str, settings: Settings
) -> list[types.CodeAction]:
    wanted = params.context.only
    actions: list[types.CodeAction] = []
    if _wants(wanted, types.CodeActionKind.QuickFix):
        for finding in _under(document, findings, params.range, encoding):
            actions.extend(_quick_fixes(document, finding, encoding))
    if _wants(wanted, FIX_ALL) and any(f.fix is not None and f.fix.safe for f in findings):
        action = fix_all(document, settings, encoding)
        if action is not None:
            actions.append(action)
    return actions


def _wants(only: Sequence[str] | None, kind: str) -> bool:
    """Whether the client asked for this kind of action (`only` lists kinds and their parents)."""
    return not only or any(kind == k or kind.startswith(k + ".") for k in only)


def _under(document: OpenDocument, findings: list[Finding], where: types.Range, encoding: str) -> list[Finding]:
    """The findings whose range meets the requested one."""
    start = (where.start.line, where.start.character)
    end = (where.end.line, where.end.character)
    chosen = []
    for finding in findings:
        found = to_range(document, finding.span, encoding)
        if (found.start.line, found.start.character) <= end and start <= (found.end.line, found.end.character):
            chosen.append(finding)
    return chosen


def _quick_fixes(document: OpenDocument, finding: Finding, encoding: str) -> list[types.CodeAction]:
    made = diagnostic(finding, document, encoding)
    actions = []
    if finding.fix is not None and finding.fix.edits:
        label = finding.fix.message or f"Fix {finding.rule}"
        actions.append(
            types.CodeAction(
                title=f"{label} ({finding.rule})" + ("" if finding.fix.safe else " (unsafe)"),
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[made],
                is_preferred=finding.fix.safe,
                edit=_workspace_edit(document, finding.fix.edits, encoding),
            )
        )
    disable = _disable(document, finding)
    if disable is not None:
        actions.append(
            types.CodeAction(
                title=f"Disable {finding.rule} for this line",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[made],
                edit=_workspace_edit(document, (disable,), encoding),
            )
        )
    return actions


def _disable(document: OpenDocument, finding: Finding) -> Edit | None:
    from personalint.fix import disable_edit

    format = detect_format(document.path, document.text)
    try:
        return disable_edit(document.text, format, finding.span.line, finding.rule)
    except Exception:  # a comment that cannot be placed must not cost the other actions
        return None


def fix_all(document: OpenDocument, settings: Settings, encoding: str) -> types.CodeAction | None:
    """Every safe fix applied and verified (fix.fix_text), as one edit of the whole text."""
    from personalint.fix import fix_text

    text, fixed = fix_text(document.path, document.text, settings)
    if not fixed or text == document.text:
        return None
    return types.CodeAction(
        title=f"Fix all safe personalint findings ({fixed})",
        kind=FIX_ALL,
        edit=_workspace_edit(document, (_difference(document.text, text),), encoding),
    )


def _difference(old: str, new: str) -> Edit:
    """One edit that turns `old` into `new`: the part between their common start and common end."""
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    end = 0
    while end < limit - start and old[len(old) - 1 - end] == new[len(new) - 1 - end]:
        end += 1
    return Edit(start, len(old) - end, new[start : len(new) - end], Span(1, 1, 1, 1))


def _workspace_edit(document: OpenDocument, edits: tuple[Edit, ...], encoding: str) -> types.WorkspaceEdit:
    """Edits of the document's current text (str offsets into it) in the client's units (`changes`, which
    every client takes; the actions are made for the text the client has now)."""
    changes = [
        types.TextEdit(
            types.Range(
                types.Position(*document.position(edit.start, encoding)),
                types.Position(*document.position(edit.end, encoding)),
            ),
            edit.content,
        )
        for edit in sorted(edits, key=lambda e: (e.start, e.end))
    ]
    return types.WorkspaceEdit(changes={document.uri: changes})
