"""Rule documentation in the ruff style, from the rule packs: `explain` and docs/rules.md."""

from __future__ import annotations

from personalint.engine.registry import Rule, registry


def _source_line(source: dict) -> str:
    if "url" in source:
        return f"- <{source['url']}>"
    return f"- `{source['file']}`, {source['section']}"


def rule_markdown(rule: Rule, heading: str = "#") -> str:
    lines = [
        f"{heading} {rule.id} {rule.name}",
        "",
        f"Level: **{rule.level}** · Kinds: {', '.join(rule.kinds)} · Pack: {rule.pack}",
        "",
        f"{heading}# What it does",
        rule.summary,
        "",
        f"{heading}# Why it matters",
        rule.explanation,
        "",
    ]
    for example in rule.examples:
        language = example.get("format", "yaml")
        if "bad" in example:
            kind = f" ({example['kind']})" if "kind" in example else ""
            lines += [f"{heading}# Example{kind}", f"```{language}", example["bad"].rstrip(), "```", ""]
        if "good" in example:
            lines += [f"{heading}# Use instead", f"```{language}", example["good"].rstrip(), "```", ""]
    if rule.check.get("fallbacks"):
        lines += [
            f"{heading}# In code",
            'Also judges the literal an environment lookup falls back to (`os.getenv("X", "literal")`,',
            '`process.env.X ?? "literal"`): what is sent wherever the variable is unset. Reported as a note.',
            "",
        ]
    lines += _fix_safety(rule, heading)
    lines += [f"{heading}# Source", *(_source_line(s) for s in rule.sources), ""]
    return "\n".join(lines)


def _fix_safety(rule: Rule, heading: str) -> list[str]:
    """ruff's "Fix safety" section: whether the rule fixes, how safe that is and why, and its example fixed."""
    if rule.fix is None:
        return [f"{heading}# Fix safety", "No fix: what to write instead is a choice the documents leave to you.", ""]
    safe = rule.fix["applicability"] == "safe"
    flags = "`personalint check --fix`" if safe else "`personalint check --fix --unsafe-fixes`"
    lines = [
        f"{heading}# Fix safety",
        f"This rule's fix is **{rule.fix['applicability']}**: {rule.fix['why']}. {flags} applies it "
        "(`--diff` shows it first).",
        "",
    ]
    fixed = _fixed_example(rule)
    if fixed is not None:
        language, text = fixed
        lines += [f"{heading}# After `--fix --unsafe-fixes`", f"```{language}", text.rstrip(), "```", ""]
    return lines


def _fixed_example(rule: Rule) -> tuple[str, str] | None:
    """The first bad example as the fix leaves it (worked out now, so the docs follow the code)."""
    from personalint.config import Settings
    from personalint.fix.apply import fix_text

    for index, example in enumerate(rule.examples):
        if "bad" not in example or "inventory" in example:
            continue
        language = example.get("format", "yaml")
        settings = Settings.default(kind=example.get("kind"))
        outcome = fix_text(f"example-{index}.{language}", example["bad"], settings, unsafe=True)
        if outcome.fixed.get(rule.id):
            return language, outcome.text
    return None


def rules_markdown() -> str:
    """docs/rules.md: every rule, generated; a test fails when the file drifts from rules/."""
    rules = registry().rules
    lines = [
        "# personalint rules",
        "",
        "Generated from `rules/*.yaml` by `python -m personalint.docs > docs/rules.md`; do not edit by hand.",
        "",
        "| id | name | level | summary |",
        "| --- | --- | --- | --- |",
    ]
    lines += [f"| {r.id} | [{r.name}](#{r.id.lower()}-{r.name}) | {r.level} | {r.summary} |" for r in rules]
    lines.append("")
    for rule in rules:
        lines.append(rule_markdown(rule, heading="##"))
    return "\n".join(lines)


if __name__ == "__main__":
    print(rules_markdown(), end="")
