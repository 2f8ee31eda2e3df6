"""The input limits: no input may break a run, hang it or exhaust its memory (rules/limits.yaml)."""

from __future__ import annotations

DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024  # bytes; `--max-file-size` (PF080)
MAX_DEPTH = 100  # nested lists and objects (PF081); persona configs use about ten
MAX_ALIAS_NODES = 100_000  # values YAML aliases may add to one document (PF082)
MAX_ALIAS_CHARACTERS = 1_000_000  # characters of scalars YAML aliases may add to one document (PF082)
MAX_BAD_DOCUMENTS = 100  # parse errors a YAML stream may recover from before the rest is skipped


def too_deep(limit: int = MAX_DEPTH) -> str:
    """The message of PF081, whichever format found the nesting."""
    return f"nested more than {limit} levels deep: the document is not checked"
