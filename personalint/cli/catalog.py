"""What personalint knows: `personalint rules`, `explain RULE`, `schema KIND`."""

from __future__ import annotations

import click

from personalint.kinds import KINDS, VENDORS, of_vendor


@click.command("rules")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_rules(output_format: str) -> None:
    """List every rule: id, name, level, fix (safe, unsafe or -), kinds, summary."""
    import json

    from personalint.engine.registry import registry

    rules = registry().rules
    if output_format == "json":
        click.echo(
            json.dumps(
                [
                    {
                        "id": r.id,
                        "name": r.name,
                        "level": str(r.level),
                        "kinds": list(r.kinds),
                        "fix": r.fix["applicability"] if r.fix else None,
                        "summary": r.summary,
                    }
                    for r in rules
                ],
                indent=2,
            )
        )
        return
    for r in rules:
        fix = r.fix["applicability"] if r.fix else "-"
        click.echo(f"{r.id}  {r.name:<40} {str(r.level):<8} {fix:<6} {_kinds_label(r.kinds):<14} {r.summary}")


def _kinds_label(kinds: tuple[str, ...]) -> str:
    """`all`, `anam`, `tavus-create`, ...: the kinds a rule checks, said briefly."""
    if set(kinds) == set(KINDS):
        return "all"
    for vendor in VENDORS:
        if set(kinds) == set(of_vendor(vendor)):
            return vendor
    return ",".join(kinds)


@click.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Print a rule's documentation (RULE is an id or a name)."""
    from personalint.docs import rule_markdown
    from personalint.engine.registry import registry

    found = registry().get(rule)
    if found is None:
        raise click.UsageError(f"no rule {rule!r} (see `personalint rules`)")
    click.echo(rule_markdown(found))


@click.command()
@click.argument("kind", type=click.Choice(KINDS), required=False)
@click.option("--write", "folder", type=click.Path(file_okay=False), help="Write every kind's schema into this folder.")
def schema(kind: str | None, folder: str | None) -> None:
    """Print the JSON Schema of KIND, or write all of them with --write DIR (for editors)."""
    import json
    from pathlib import Path

    from personalint.schema import load_schema

    if folder:
        target = Path(folder)
        target.mkdir(parents=True, exist_ok=True)
        for name in KINDS:
            (target / f"{name}.schema.json").write_text(
                json.dumps(load_schema(name), indent=2) + "\n", encoding="utf-8"
            )
            click.echo(str(target / f"{name}.schema.json"))
        return
    if kind is None:
        raise click.UsageError("name a KIND, or pass --write DIR")
    click.echo(json.dumps(load_schema(kind), indent=2))
