"""The ids of the builtin rules: the findings the pipeline itself makes, not the rule engine.

Each is documented as a rule of rules/*.yaml (`check: {function: builtin}`); a test holds
this list and the packs' builtin rules equal. The schema rules (PS001-PS011) are not here:
rules/schema.yaml maps each JSON Schema keyword to its rule (`keywords:`).
"""

from __future__ import annotations

PARSE_ERROR = "PF001"  # rules/file.yaml
DUPLICATE_KEY = "PF002"
EMPTY_DOCUMENT = "PF003"
UNKNOWN_KIND = "PF004"
FILE_TOO_LARGE = "PF080"  # rules/limits.yaml
NESTED_TOO_DEEPLY = "PF081"
ALIAS_LIMIT = "PF082"
UNUSED_SUPPRESSION = "PF090"  # rules/suppress.yaml
UNKNOWN_PATCH_PATH = "PT001"  # rules/patch.yaml
INTERNAL_ERROR = "PI001"  # rules/file.yaml

BUILTIN = frozenset(
    {
        PARSE_ERROR,
        DUPLICATE_KEY,
        EMPTY_DOCUMENT,
        UNKNOWN_KIND,
        FILE_TOO_LARGE,
        NESTED_TOO_DEEPLY,
        ALIAS_LIMIT,
        UNUSED_SUPPRESSION,
        UNKNOWN_PATCH_PATH,
        INTERNAL_ERROR,
    }
)
