"""The command line: `personalint check`, `rules`, `explain`, `schema`."""

from __future__ import annotations

import os
import sys

import click

from personalint import __version__
from personalint.kinds import KINDS

_LEVELS = ("error", "warning", "note")


def _split(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _use_color(stream: object) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return bool(getattr(stream, "isatty", lambda: False)())


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="personalint")
def cli() -> None:
    """Lint Anam and Tavus persona configs (JSON or YAML) at the exact line and column."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "output_format", type=click.Choice(["text", "concise", "json"]), default="text",
              show_default=True, help="Output format; json is the machine interface.")
@click.option("--kind", type=click.Choice(KINDS), help="Check every document as this kind instead of detecting it.")
@click.option("--select", multiple=True, metavar="RULES",
              help="Rules to run: ids, id prefixes (AN, PS0), names, or ALL. Comma-separated; repeatable.")
@click.option("--ignore", multiple=True, metavar="RULES", help="Rules not to run (same forms as --select).")
@click.option("--fail-on", type=click.Choice(_LEVELS), default="error", show_default=True,
              help="Exit 1 when a finding is at or above this level.")
@click.option("--stdin-filename", metavar="NAME", help="Name for `-` (standard input) in reports; its extension picks JSON or YAML.")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def check(paths: tuple[str, ...], output_format: str, kind: str | None, select: tuple[str, ...],
          ignore: tuple[str, ...], fail_on: str, stdin_filename: str | None, debug: bool) -> None:
    """Check persona configs: files, folders (walked for *.json, *.yaml, *.yml) or - for stdin.

    \b
    Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it;
    2 usage error, or a file that could not be read at all.
    """
    from personalint.checker import Settings, check_paths
    from personalint.finding import Level
    from personalint.report import render
    from personalint.rules import registry

    rules = registry()
    selectors, ignored = _split(select) or ["ALL"], _split(ignore)
    unknown = rules.unknown_selectors(selectors + ignored)
    if unknown:
        raise click.UsageError(f"unknown rule selector(s): {', '.join(unknown)} (see `personalint rules`)")
    settings = Settings(
        enabled=rules.select(selectors, ignored),
        fail_on=Level.parse(fail_on),
        kind=kind,
        stdin_filename=stdin_filename,
        debug=debug,
    )
    report = check_paths(paths or ["."], settings)
    sys.stdout.write(render(output_format, report, color=_use_color(sys.stdout)))
    sys.stdout.flush()
    sys.exit(report.exit_code())


@cli.command("rules")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_rules(output_format: str) -> None:
    """List every rule: id, name, level, kinds, summary."""
    import json

    from personalint.rules import registry

    rules = registry().rules
    if output_format == "json":
        click.echo(json.dumps([
            {"id": r.id, "name": r.name, "level": str(r.level), "kinds": list(r.kinds), "summary": r.summary}
            for r in rules
        ], indent=2))
        return
    for r in rules:
        click.echo(f"{r.id}  {r.name:<36} {str(r.level):<8} {r.summary}")


@cli.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Print a rule's documentation (RULE is an id or a name)."""
    from personalint.docs import rule_markdown
    from personalint.rules import registry

    found = registry().get(rule)
    if found is None:
        raise click.UsageError(f"no rule {rule!r} (see `personalint rules`)")
    click.echo(rule_markdown(found))


@cli.command()
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
            (target / f"{name}.schema.json").write_text(json.dumps(load_schema(name), indent=2) + "\n", encoding="utf-8")
            click.echo(str(target / f"{name}.schema.json"))
        return
    if kind is None:
        raise click.UsageError("name a KIND, or pass --write DIR")
    click.echo(json.dumps(load_schema(kind), indent=2))


def main() -> None:
    """Entry point: click's own handling, except that Ctrl-C exits 130 without a traceback."""
    try:
        code = cli.main(prog_name="personalint", standalone_mode=False)
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except click.ClickException as exc:
        exc.show()
        code = exc.exit_code
    except (KeyboardInterrupt, click.Abort):
        sys.stderr.write("personalint: interrupted\n")
        code = 130
    except BrokenPipeError:
        code = 1
    sys.exit(code or 0)
