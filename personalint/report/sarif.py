"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning and editors.

One run; the driver lists every rule that can report in this run (the enabled ones, and
PI001), with its documentation as help. Each result has one location: a path relative to
the top of the git checkout (`%SRCROOT%`) and a full region in Unicode code points
(1-based, `endColumn` one past the end, as everywhere in personalint), the JSON Pointer as
its logical location, and a `primaryLocationLineHash` that does not move when unrelated
lines do. A grouped finding (personalint/group.py) lists its other locations as
`relatedLocations` (ids from 1, the same physical and logical shape, each its own message). Files that could not be read or parsed are also tool execution notifications.
"""

from __future__ import annotations

import hashlib
import json
import os
from urllib.parse import quote

from personalint import pointer as jp
from personalint.engine.registry import Registry, Rule
from personalint.finding import Finding, Fix, Level, Related
from personalint.ids import INTERNAL_ERROR, PARSE_ERROR
from personalint.report.paths import relative_to_root, source_root
from personalint.result import FileResult, Report
from personalint.version import __version__

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
LEVELS = {Level.ERROR: "error", Level.WARNING: "warning", Level.NOTE: "note"}
PROBLEM_SEVERITY = {Level.ERROR: "error", Level.WARNING: "warning", Level.NOTE: "recommendation"}
SECURITY_SEVERITY = {Level.ERROR: "9.0", Level.WARNING: "7.5", Level.NOTE: "4.0"}  # a committed key is high


def information_uri() -> str:
    """The project's home page from the installed metadata, else its PyPI page."""
    try:
        from importlib.metadata import metadata

        meta = metadata("personalint")
        for entry in meta.get_all("Project-URL") or []:
            label, _, url = entry.partition(",")
            if label.strip().lower() in ("homepage", "home", "documentation", "source", "repository"):
                return url.strip()
        home = meta.get_all("Home-page")
        if home and home[0]:
            return str(home[0])
    except Exception:  # pragma: no cover - metadata is optional
        pass
    return "https://pypi.org/project/personalint/"


def is_secret_rule(rule: Rule) -> bool:
    """The rules about secrets: those their pack tags `security` (the SE rules of rules/secrets.yaml)."""
    return "security" in rule.tags


def _plain(markdown: str) -> str:
    """Rule docs as plain text: headings without their marks, code fences dropped."""
    lines = []
    for line in markdown.splitlines():
        if line.startswith("```"):
            continue
        lines.append(line.lstrip("#").strip() if line.startswith("#") else line)
    return "\n".join(lines).strip()


def rule_descriptor(rule: Rule, level: Level) -> dict:
    from personalint.docs import rule_markdown

    markdown = rule_markdown(rule)
    tags = [rule.pack, *(t for t in rule.tags if t != rule.pack)]
    properties: dict = {
        "tags": tags,
        "precision": "very-high" if rule.id.startswith(("PF", "PS")) else "high",
        "problem.severity": PROBLEM_SEVERITY[level],
    }
    if is_secret_rule(rule):
        properties["security-severity"] = SECURITY_SEVERITY[level]
        if "security" not in tags:
            tags.append("security")
    descriptor = {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": _plain(rule.explanation), "markdown": rule.explanation},
        "help": {"text": _plain(markdown), "markdown": markdown},
        "defaultConfiguration": {"level": LEVELS[level]},
        "properties": properties,
    }
    return descriptor  # no helpUri: rules have no per-rule page (`personalint explain` prints the docs)


def _message(text: str) -> dict:
    return {"text": text if text.endswith((".", "!", "?")) else text + "."}


def _artifact(path: str, root: str) -> dict:
    relative = relative_to_root(path, root)
    if relative is not None:
        return {"uri": quote(relative, safe="/"), "uriBaseId": SRCROOT}
    from pathlib import Path

    return {"uri": Path(os.path.abspath(path)).as_uri()}


def _region(finding: Finding | Related) -> dict:
    span = finding.span
    return {"startLine": span.line, "startColumn": span.column, "endLine": span.end_line, "endColumn": span.end_column}


def _logical_location(pointer: str, document: int | None) -> dict:
    """A JSON Pointer ("" for the whole document), and its document in a YAML stream."""
    location: dict = {"fullyQualifiedName": pointer, "kind": "value" if pointer else "object"}
    if pointer:
        location["name"] = jp.split(pointer)[-1]
    if document is not None:
        location["properties"] = {"document": document}
    return location


def _related_locations(finding: Finding, artifact: dict) -> dict:
    """A grouped finding's other locations (group.py), ids from 1, each with its own message."""
    return {
        "relatedLocations": [
            {
                "id": number,
                "physicalLocation": {"artifactLocation": dict(artifact), "region": _region(related)},
                "logicalLocations": [_logical_location(related.pointer, finding.document)],
                "message": _message(related.message),
            }
            for number, related in enumerate(finding.related, start=1)
        ]
    }


def _fix(fix: Fix, artifact: dict) -> dict:
    """A finding's fix as SARIF writes one (3.55): its replacements in the one file it changes."""
    return {
        "description": _message(f"{fix.message} ({fix.applicability} fix)"),
        "artifactChanges": [
            {
                "artifactLocation": dict(artifact),
                "replacements": [
                    {
                        "deletedRegion": {
                            "startLine": edit.span.line,
                            "startColumn": edit.span.column,
                            "endLine": edit.span.end_line,
                            "endColumn": edit.span.end_column,
                        },
                        **({"insertedContent": {"text": edit.content}} if edit.content else {}),
                    }
                    for edit in fix.edits
                ],
            }
        ],
    }


def _line_hash(uri: str, finding: Finding, line_text: str) -> str:
    """What identifies a finding without its line number: the file, the rule, the pointer, the line's text."""
    digest = hashlib.sha256("\0".join((uri, finding.rule, finding.pointer, line_text.strip())).encode("utf-8"))
    return digest.hexdigest()[:16]


def _results(result: FileResult, root: str, index: dict[str, int]) -> list[dict]:
    artifact = _artifact(result.path, root)
    seen: dict[str, int] = {}
    results = []
    documents = {d.index: d for d in result.documents}
    for finding in result.findings:
        document = documents.get(finding.document) if finding.document is not None else None
        told = {"personaKind": document.kind, "kindSource": document.kind_source} if document and document.kind else {}
        base = _line_hash(artifact["uri"], finding, result.lines.get(finding.span.line, ""))
        seen[base] = seen.get(base, 0) + 1
        results.append(
            {
                "ruleId": finding.rule,
                "ruleIndex": index[finding.rule],
                "level": LEVELS[finding.level],
                "message": _message(finding.message),
                "locations": [
                    {
                        "physicalLocation": {"artifactLocation": dict(artifact), "region": _region(finding)},
                        "logicalLocations": [_logical_location(finding.pointer, finding.document)],
                    }
                ],
                **(_related_locations(finding, artifact) if finding.related else {}),
                **({"fixes": [_fix(finding.fix, artifact)]} if finding.fix else {}),
                "partialFingerprints": {"primaryLocationLineHash": f"{base}:{seen[base]}"},
                **({"properties": told} if told else {}),
            }
        )
    return results


def _notifications(report: Report, root: str, index: dict[str, int]) -> list[dict]:
    notifications = []
    for result in report.files:
        location = {"physicalLocation": {"artifactLocation": _artifact(result.path, root)}}
        if result.error:
            notifications.append(
                {
                    "level": "error",
                    "message": _message(f"{result.path}: cannot check the file: {result.error}"),
                    "locations": [location],
                    "descriptor": {"id": "unreadable-file"},
                }
            )
        for finding in result.findings:
            if finding.rule == PARSE_ERROR:
                notifications.append(
                    {
                        "level": "error",
                        "message": _message(f"{result.path}: cannot parse the file: {finding.message}"),
                        "locations": [
                            {"physicalLocation": {**location["physicalLocation"], "region": _region(finding)}}
                        ],
                        "descriptor": {"id": "unparsable-file"},
                        "associatedRule": {"id": PARSE_ERROR, "index": index[PARSE_ERROR]},
                    }
                )
    return notifications


def as_dict(report: Report, registry: Registry, root: str | None = None, category: str | None = None) -> dict:
    root = os.path.abspath(root or source_root())
    severity = report.settings.severity
    reporting = [r for r in registry.rules if r.id in report.settings.enabled or r.id == INTERNAL_ERROR]
    listed = {r.id for r in reporting}
    reporting += [registry.by_id[rule_id] for rule_id in sorted({f.rule for f in report.findings} - listed)]
    index = {rule.id: i for i, rule in enumerate(reporting)}
    from pathlib import Path

    run: dict = {
        "tool": {
            "driver": {
                "name": "personalint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": information_uri(),
                "rules": [rule_descriptor(rule, severity.get(rule.id) or rule.level) for rule in reporting],
            }
        },
        "invocations": [
            {
                "executionSuccessful": not report.errors,
                "exitCode": report.exit_code(),
                "workingDirectory": {"uri": Path(os.getcwd()).as_uri().rstrip("/") + "/"},
                "toolExecutionNotifications": _notifications(report, root, index),
                "properties": {"suppressedFindings": report.suppressed},
            }
        ],
        "originalUriBaseIds": {SRCROOT: {"uri": Path(root).as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": [item for result in report.files for item in _results(result, root, index)],
    }
    if category:
        run["automationDetails"] = {"id": category if category.endswith("/") else category + "/"}
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def render(
    report: Report, registry: Registry, *, root: str | None = None, category: str | None = None, **_: object
) -> str:
    return json.dumps(as_dict(report, registry, root=root, category=category), indent=2, ensure_ascii=False) + "\n"
