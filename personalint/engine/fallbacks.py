"""Rules that judge the literal an env lookup falls back to (`fallbacks: true` in their check).

A value the code computes is never judged (engine/document.py), but one computed as
`process.env.X ?? "literal"`, `process.env.X || "literal"`, `os.getenv("X", "literal")` or
`os.environ.get("X", "literal")` is sent as that literal wherever the variable is unset: a
forgotten `.env` in a deployment. A rule that opts in runs once more on the object with each such
value replaced by its literal, and what it finds there is reported as a note (never an error,
whatever the rule's level) that names the lookup:

    base_url: os.getenv("NGROK_URL", "http://localhost:5000")
    note TV236 base_url ... is localhost ... (when NGROK_URL is unset, the code falls back to 'http://localhost:5000')

Rules opt in where the fallback itself is the mistake a reader would want to hear of: a localhost
URL, a placeholder, an id that is no id.
"""

from __future__ import annotations

from typing import Any

from personalint import pointer as jp
from personalint.engine.registry import Registry, Rule
from personalint.engine.run import OnError, run
from personalint.finding import Problem
from personalint.patterns import lazy
from personalint.source.code import Unknown

_ENV_NAME = lazy(r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|\b[A-Z]{3,}\b")  # NGROK_URL, TAVUS_REPLICA_ID


def assumed(
    value: Any,
    kind: str,
    root: str,
    rules: list[Rule],
    registry: Registry,
    inventory: Any,
    source: Any,
    on_error: OnError | None,
) -> list[Problem]:
    """The problems the opted-in `rules` find at the fallbacks of `value`'s unknown values, as notes."""
    chosen = [rule for rule in rules if rule.check.get("fallbacks")]
    literals = dict(_fallbacks(value, "")) if chosen else {}
    if not literals:
        return []
    found, _ = run(chosen, registry, _assume(value), kind, root, inventory=inventory, source=source, on_error=on_error)
    problems = []
    for problem in found:
        at = next((p for p in literals if problem.pointer == p or problem.pointer.startswith(p + "/")), None)
        if at is None or (problem.pointer == at and problem.at == "key"):
            continue  # about what the code says (judged already), not about the fallback
        unknown = literals[at]
        message = f"{problem.message} ({_assumption(unknown)})"
        problems.append(problem._replace(message=message, assumed=True))
    return problems


def _fallbacks(value: Any, at: str) -> list[tuple[str, Unknown]]:
    """(pointer, unknown) of each unknown value with a literal fallback."""
    if isinstance(value, Unknown):
        return [(at, value)] if value.fallback is not None else []
    if isinstance(value, dict):
        return [pair for k, v in value.items() for pair in _fallbacks(v, f"{at}/{jp.escape(str(k))}")]
    if isinstance(value, list):
        return [pair for i, v in enumerate(value) for pair in _fallbacks(v, f"{at}/{i}")]
    return []


def _assume(value: Any) -> Any:
    """`value` with each unknown value that has a literal fallback replaced by that literal."""
    if isinstance(value, Unknown):
        return value.fallback if value.fallback is not None else value
    if isinstance(value, dict):
        return {k: _assume(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_assume(v) for v in value]
    return value


def _assumption(unknown: Unknown) -> str:
    """What was assumed, naming the environment variable when the lookup shows one."""
    name = _ENV_NAME.search(unknown.text)
    where = f"when {name.group(0)} is unset" if name else "when the value it is computed from is missing"
    return f"{where}, the code falls back to {unknown.fallback!r}"
