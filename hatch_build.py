"""Wheel build hook: ship the rule packs also pre-parsed as JSON, so runs need not parse YAML.

The YAML packs in rules/ stay the source (and ship too); engine/registry.py reads
`packs.json` when it is there, which saves importing PyYAML for JSON-only runs. What only the
docs, `explain` and SARIF read of a rule (its explanation, sources and examples) goes to
`docs.json`, read on first use: a run parses 100 KB of packs instead of 250.
"""

from __future__ import annotations

import glob
import importlib.util
import json
import os

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def _docs_fields(root: str) -> tuple[str, ...]:
    """What only the docs, `explain` and SARIF read of a rule: personalint.resources.DOCS_FIELDS, read
    from the source file (the package itself is not importable while it is being built)."""
    spec = importlib.util.spec_from_file_location(
        "_personalint_resources", os.path.join(root, "personalint", "resources.py")
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return tuple(module.DOCS_FIELDS)


class RulePacksHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        import yaml

        packs = []
        for path in sorted(glob.glob(os.path.join(self.root, "rules", "*.yaml"))):
            with open(path, encoding="utf-8") as handle:
                packs.append(yaml.safe_load(handle))
        fields = _docs_fields(self.root)
        docs = {
            rule["id"]: {field: rule.pop(field) for field in fields if field in rule}
            for pack in packs
            for rule in pack["rules"]
        }
        os.makedirs(self.directory, exist_ok=True)
        for name, value in (("packs.json", packs), ("docs.json", docs)):
            target = os.path.join(self.directory, name)
            with open(target, "w", encoding="utf-8") as handle:
                json.dump(value, handle)
            build_data["force_include"][target] = f"personalint/rules/{name}"
