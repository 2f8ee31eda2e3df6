"""rules/pack.schema.json, generated: the rule pack format, with each check function's own parameters.

Every function a pack can name declares its parameters where it is registered (`@check`
in engine/vocabulary.py and engine/packs/<pack>.py); this module turns those declarations,
and the kinds of personalint.kinds, into the JSON Schema that the test suite validates
every pack against and that editors use. A test fails when the file drifts from the code:

    python -m personalint.engine.packschema > rules/pack.schema.json
"""

from __future__ import annotations

import json
from typing import Any

from personalint.engine.context import Function
from personalint.engine.packs import load_all
from personalint.fix.intent import APPLICABILITY, EDITS
from personalint.kinds import KINDS

STATUSES = ["current", "legacy", "deprecated", "removed", "invite-only", "guide-only", "misplaced"]
POINTER = {"type": "string", "pattern": "^(/([^~/]|~[01])*)*$"}
# what every check takes besides its function's own parameters
COMMON: dict[str, Any] = {
    "function": {"description": "The check function: one of the data vocabulary or the Python behind the pack."},
    "when": {"$ref": "#/$defs/conditions", "description": "Conditions that must all hold for the rule to run."},
    "unless": {"$ref": "#/$defs/conditions", "description": "Conditions that, all holding, stop the rule."},
    "patch": {
        "type": "boolean",
        "description": "Whether the rule judges a JSON Patch value on its own (default: "
        "decided from the check function and its conditions; see personalint/engine/patch.py).",
    },
    "supersedes": {
        "type": "array",
        "items": {"type": "string"},
        "description": "JSON Schema keywords this rule's findings replace at their pointer "
        "(default: the check function's).",
    },
    "replaces": {
        "type": "array",
        "items": {"type": "string", "pattern": "^[A-Z]{2}[0-9]{3}$"},
        "description": "Rules whose findings this rule's findings replace at the same pointer.",
    },
    "fallbacks": {
        "type": "boolean",
        "description": "Whether the rule also judges the literal an env lookup in code falls back to "
        '(`os.getenv("X", "literal")`), reported as a note (personalint/engine/fallbacks.py).',
    },
    "uses": {
        "type": "array",
        "items": POINTER,
        "description": "The fields a rule that needs an inventory looks at (to say when it was skipped).",
    },
}
BUILTIN = {
    "keywords": {
        "type": "array",
        "items": {"type": "string"},
        "description": "The JSON Schema keywords a schema rule reports (rules/schema.yaml).",
    }
}


def _function_schema(function: Function) -> dict:
    return {
        "if": {"properties": {"function": {"const": function.name}}, "required": ["function"]},
        "then": {
            "description": function.doc.split("\n\n")[0],
            "properties": {**COMMON, **function.params},
            "required": ["function", *function.required],
            "additionalProperties": False,
        },
    }


KINDS_ENUM = {"enum": list(KINDS)}
TABLES = {
    "type": "object",
    "description": "Lifecycle tables: value -> {status, since, replacement, note}.",
    "additionalProperties": {
        "type": "object",
        "additionalProperties": {
            "type": "object",
            "required": ["status"],
            "additionalProperties": False,
            "properties": {
                "status": {"enum": STATUSES},
                "since": {"type": "string"},
                "replacement": {"type": "string"},
                "note": {"type": "string"},
                "source": {"type": "string"},
                "successor": {"type": "string", "description": "The current value the fix writes (documented)."},
                "to": {"type": "string", "pattern": "^(/.*)?$", "description": "The pointer the fix moves the key to."},
            },
        },
    },
}
RULE = {
    "type": "object",
    "required": ["id", "name", "level", "summary", "explanation", "sources", "check"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": "^[A-Z]{2}[0-9]{3}$"},
        "name": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
        "level": {"enum": ["error", "warning", "note"]},
        "kinds": {"type": "array", "minItems": 1, "uniqueItems": True, "items": KINDS_ENUM},
        "tags": {"type": "array", "items": {"type": "string"}},
        "summary": {"type": "string", "minLength": 10, "description": "What it does, in one sentence."},
        "explanation": {"type": "string", "minLength": 20, "description": "Why it matters (Markdown)."},
        "sources": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "file": {"type": "string"},
                    "section": {"type": "string"},
                    "url": {"type": "string"},
                },
                "anyOf": [{"required": ["file", "section"]}, {"required": ["url"]}],
            },
        },
        "message": {"type": "string"},
        "examples": {"type": "array", "items": {"$ref": "#/$defs/example"}},
        "check": {"$ref": "#/$defs/check"},
        "fix": {"$ref": "#/$defs/fix"},
    },
}
FIX = {
    "type": "object",
    "required": ["edit", "applicability", "message", "why"],
    "additionalProperties": False,
    "description": "How the rule's findings are mended (personalint/fix/intent.py); the check names the operands.",
    "properties": {
        "edit": {"enum": list(EDITS)},
        "applicability": {
            "enum": list(APPLICABILITY),
            "description": "safe: the meaning is kept (--fix); unsafe: it may change (--unsafe-fixes).",
        },
        "message": {"type": "string", "minLength": 5},
        "why": {"type": "string", "minLength": 10, "description": "Why the fix is as safe as it says (explain)."},
    },
}
EXAMPLE = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "kind": {**KINDS_ENUM, "description": "The kind the example is checked as; omitted, it is detected."},
        "format": {"enum": ["json", "yaml"]},
        "bad": {"type": "string"},
        "at": {
            "type": "array",
            "items": {"type": "string", "pattern": "^[0-9]+:[0-9]+$"},
            "description": "line:column of each finding of this rule in `bad`, in order.",
        },
        "good": {"type": "string"},
        "fixed": {"type": "string", "description": "`bad` once its fixes are applied (--fix --unsafe-fixes)."},
        "inventory": {
            "type": "string",
            "description": "An inventory (folder or index file, relative to the repository) the example is checked with.",
        },
    },
}
CONDITIONS = {"oneOf": [{"$ref": "#/$defs/condition"}, {"type": "array", "items": {"$ref": "#/$defs/condition"}}]}
CONDITION = {
    "type": "object",
    "additionalProperties": False,
    "oneOf": [{"required": ["path"]}, {"required": ["inventory"], "not": {"required": ["path"]}}],
    "properties": {
        "inventory": {
            "type": "boolean",
            "description": "Whether an inventory of the organisation's resources was given.",
        },
        "path": POINTER,
        "equals": {},
        "not_equals": {},
        "in": {"type": "array"},
        "not_in": {"type": "array"},
        "present": {"type": "boolean"},
        "has_any": {"type": "array", "items": {"type": "string"}},
        "has_none": {"type": "array", "items": {"type": "string"}},
        "matches": {"type": "string", "format": "regex"},
        "type": {"enum": ["string", "number", "boolean", "null", "object", "array"]},
    },
}


def _check_schema() -> dict:
    """A rule's `check`: `builtin`, or one of the registered functions with its own parameters."""
    functions = load_all()
    names = sorted(functions)
    return {
        "type": "object",
        "required": ["function"],
        "properties": {"function": {"enum": ["builtin", *names]}},
        "allOf": [
            {
                "if": {"properties": {"function": {"const": "builtin"}}, "required": ["function"]},
                "then": {"properties": {"function": {}, **BUILTIN}, "additionalProperties": False},
            },
            *(_function_schema(functions[name]) for name in names),
        ],
    }


def pack_schema() -> dict:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:personalint:rule-pack",
        "title": "personalint rule pack",
        "description": "A file of rules/: rules as data, each with its documentation and its check. "
        "Generated by personalint/engine/packschema.py; do not edit by hand.",
        "type": "object",
        "required": ["pack", "rules"],
        "additionalProperties": False,
        "properties": {
            "pack": {"type": "string", "description": "The pack's name (the file's name without .yaml)."},
            "description": {"type": "string"},
            "tables": TABLES,
            "rules": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/rule"}},
        },
        "$defs": {
            "rule": RULE,
            "example": EXAMPLE,
            "fix": FIX,
            "check": _check_schema(),
            "conditions": CONDITIONS,
            "condition": CONDITION,
        },
    }


def pack_errors(pack: dict, schema: dict | None = None) -> list[str]:
    """Each way `pack` breaks the pack schema (default: the generated one), naming the pack's file,
    the rule's id and the key: `rules/tavus.yaml: TV002: check: ... ('pth' was unexpected)`."""
    import jsonschema  # only the test suite and tools validate packs, not a run

    validator = jsonschema.Draft202012Validator(pack_schema() if schema is None else schema)
    found = []
    for error in validator.iter_errors(pack):
        path = list(error.absolute_path)
        where = f"rules/{pack.get('pack', '?')}.yaml"
        if len(path) >= 2 and path[0] == "rules" and isinstance(path[1], int):
            where += f": {pack['rules'][path[1]].get('id', f'rule {path[1] + 1}')}"
            path = path[2:]
        if path:
            where += ": " + ".".join(map(str, path))
        found.append(f"{where}: {error.message}")
    return found


def text() -> str:
    return json.dumps(pack_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(text(), end="")
