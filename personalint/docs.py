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
    lines += [f"{heading}# Source", *(_source_line(s) for s in rule.sources), ""]
    return "\n".join(lines)


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
