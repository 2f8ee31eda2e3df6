"""Wheel build hook: ship the rule packs also pre-parsed as JSON, so runs need not parse YAML.

The YAML packs in rules/ stay the source (and ship too); `personalint.rules` reads
`packs.json` when it is there, which saves importing PyYAML for JSON-only runs.
"""

from __future__ import annotations

import glob
import json
import os

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class RulePacksHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        import yaml

        packs = []
        for path in sorted(glob.glob(os.path.join(self.root, "rules", "*.yaml"))):
            with open(path, encoding="utf-8") as handle:
                packs.append(yaml.safe_load(handle))
        target = os.path.join(self.directory, "packs.json")
        os.makedirs(self.directory, exist_ok=True)
        with open(target, "w", encoding="utf-8") as handle:
            json.dump(packs, handle)
        build_data["force_include"][target] = "personalint/rules/packs.json"
