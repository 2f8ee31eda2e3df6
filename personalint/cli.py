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


FORMATS = ("text", "concise", "json", "sarif", "github")  # personalint.report.FORMATS (kept apart: fast start)
_STREAMING = ("text", "concise", "github")


class ConfigurationError(click.ClickException):
    """A configuration that cannot be used, or an output that cannot be written: exit 2."""

    exit_code = 2


def _pairs(values: tuple[str, ...], separator: str, what: str) -> list[tuple[str, str]]:
    pairs = []
    for value in values:
        left, found, right = value.rpartition(separator)
        if not found or not left.strip() or not right.strip():
            raise click.UsageError(f"expected {what}, got {value!r}")
        pairs.append((left.strip(), right.strip()))
    return pairs


def _destinations(formats: tuple[str, ...], outputs: tuple[str, ...]) -> list[tuple[str, str | None]]:
    """(format, file or None for standard output) for each requested format, in order."""
    chosen = list(dict.fromkeys(formats)) or ["text"]
    files: dict[str, str] = {}
    for output in outputs:
        name, found, target = output.partition("=")
        if found and name in FORMATS and target:
            files[name] = target
            if name not in chosen:
                chosen.append(name)
        elif len(chosen) == 1:
            files[chosen[0]] = output
        else:
            raise click.UsageError(
                f"--output {output}: with several formats, say which one: FORMAT=FILE (for example sarif={output})"
            )
    on_stdout = [f for f in chosen if f not in files]
    if len(on_stdout) > 1 and any(f not in _STREAMING for f in on_stdout):
        raise click.UsageError(
            f"only one of {', '.join(on_stdout)} can go to standard output: "
            "send the others to files with --output FORMAT=FILE"
        )
    return [(f, files.get(f)) for f in chosen]


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(FORMATS),
    help="Output format (default text; json is the machine interface; sarif for code scanning and "
    "editors; github for pull-request annotations). Repeatable, with --output.",
)
@click.option(
    "--output",
    "outputs",
    multiple=True,
    metavar="[FORMAT=]FILE",
    help="Write FORMAT to FILE instead of standard output (sarif=out.sarif); a bare FILE takes the "
    "only format. Repeatable.",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False),
    help="Use this configuration file (.personalint.toml, or a pyproject.toml with [tool.personalint]) "
    "instead of the nearest one.",
)
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@click.option("--kind", type=click.Choice(KINDS), help="Check every document as this kind instead of detecting it.")
@click.option(
    "--select",
    multiple=True,
    metavar="RULES",
    help="Rules to run: ids, id prefixes (AN, PS0), names, or ALL. Comma-separated; repeatable.",
)
@click.option("--extend-select", multiple=True, metavar="RULES", help="Rules to run besides those selected.")
@click.option("--ignore", multiple=True, metavar="RULES", help="Rules not to run (same forms as --select).")
@click.option(
    "--severity",
    multiple=True,
    metavar="RULES=LEVEL",
    help="Report rules at another level (error, warning, note): AN010=warning. Repeatable.",
)
@click.option(
    "--fail-on",
    type=click.Choice(_LEVELS),
    default=None,
    help="Exit 1 when a finding is at or above this level.  [default: error]",
)
@click.option(
    "--exclude", multiple=True, metavar="GLOBS", help="Files and folders not to check (replaces the configuration's)."
)
@click.option(
    "--extend-exclude", multiple=True, metavar="GLOBS", help="Files and folders not to check, besides --exclude."
)
@click.option(
    "--force-exclude/--no-force-exclude",
    default=None,
    help="Apply the excludes to files named on the command line too (as pre-commit passes them).",
)
@click.option(
    "--per-file-ignores",
    multiple=True,
    metavar="GLOB:RULES",
    help="Rules not to run for files matching GLOB. Repeatable.",
)
@click.option(
    "--kinds", "kind_globs", multiple=True, metavar="GLOB=KIND", help="Check files matching GLOB as KIND. Repeatable."
)
@click.option(
    "--inventory",
    type=click.Path(),
    metavar="PATH",
    help="Check references against your organisation's resources: a folder of the vendors' list replies "
    "or an index file naming them (see `personalint inventory`).",
)
@click.option(
    "--sarif-category", metavar="CATEGORY", help="SARIF runs[].automationDetails.id (GitHub's upload category)."
)
@click.option(
    "--stdin-filename",
    metavar="NAME",
    help="Name for `-` (standard input) in reports; its extension picks JSON or YAML.",
)
@click.option(
    "--max-file-size",
    type=click.IntRange(min=1),
    metavar="BYTES",
    help="Do not read files larger than this (PF080).  [default: 5242880, 5 MiB]",
)
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def check(
    paths: tuple[str, ...],
    formats: tuple[str, ...],
    outputs: tuple[str, ...],
    config_path: str | None,
    isolated: bool,
    kind: str | None,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    severity: tuple[str, ...],
    fail_on: str | None,
    exclude: tuple[str, ...],
    extend_exclude: tuple[str, ...],
    force_exclude: bool | None,
    per_file_ignores: tuple[str, ...],
    kind_globs: tuple[str, ...],
    inventory: str | None,
    sarif_category: str | None,
    stdin_filename: str | None,
    max_file_size: int | None,
    debug: bool,
) -> None:
    """Check persona configs: files, folders (walked for *.json, *.yaml, *.yml) or - for stdin.

    \b
    Settings come from the nearest .personalint.toml or pyproject.toml [tool.personalint]
    (see --config, --isolated); options given here win.
    \b
    Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it;
    2 usage or configuration error, or a file that could not be read at all.
    """
    from personalint import config
    from personalint.engine.registry import registry
    from personalint.pipeline import check_paths
    from personalint.report import render

    if config_path and isolated:
        raise click.UsageError("--config and --isolated exclude each other")
    destinations = _destinations(formats, outputs)
    rules = registry()
    levels = _pairs(tuple(_split(severity)), "=", "RULES=LEVEL")
    for selector, level in levels:
        if level not in _LEVELS:
            raise click.UsageError(f"--severity {selector}={level}: the level is one of {', '.join(_LEVELS)}")
    kind_pairs = _pairs(kind_globs, "=", "GLOB=KIND")
    for glob, named in kind_pairs:
        if named not in KINDS:
            raise click.UsageError(f"--kinds {glob}={named}: the kind is one of {', '.join(KINDS)}")
    cli_layer = config.Options(
        select=tuple(_split(select)) or None,
        extend_select=tuple(_split(extend_select)),
        ignore=tuple(_split(ignore)),
        severity=dict(levels),
        fail_on=fail_on,
        exclude=tuple(_split(exclude)) or None,
        extend_exclude=tuple(_split(extend_exclude)),
        force_exclude=force_exclude,
        per_file_ignores={glob: tuple(_split((names,))) for glob, names in _pairs(per_file_ignores, ":", "GLOB:RULES")},
        kinds=dict(kind_pairs),
        inventory=inventory,
        base=os.getcwd(),
    )
    unknown = rules.unknown_selectors(
        [
            *(cli_layer.select or ()),
            *cli_layer.extend_select,
            *cli_layer.ignore,
            *cli_layer.severity,
            *(s for v in cli_layer.per_file_ignores.values() for s in v),
        ]
    )
    if unknown:
        raise click.UsageError(f"unknown rule selector(s): {', '.join(unknown)} (see `personalint rules`)")
    try:
        found = None if isolated else (config_path or config.find())
        layers = ([config.load(found)] if found else []) + [cli_layer]
        settings = config.resolve(
            layers,
            rules,
            kind=kind,
            stdin_filename=stdin_filename,
            debug=debug,
            **({"max_file_size": max_file_size} if max_file_size else {}),
        )
    except config.ConfigError as exc:
        raise ConfigurationError(str(exc)) from None
    if settings.project is not None and settings.project.inventory:
        settings = _with_inventory(settings, settings.project.inventory)
    report = check_paths(paths or ["."], settings)
    for output_format, target in destinations:
        if target is None:
            continue
        text = render(output_format, report, root=None, category=sarif_category)
        try:
            folder = os.path.dirname(target)
            if folder:
                os.makedirs(folder, exist_ok=True)
            with open(target, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except OSError as exc:
            raise ConfigurationError(f"cannot write {target}: {exc.strerror or exc}") from None
    color = _use_color(sys.stdout)
    for output_format, target in destinations:
        if target is None:
            sys.stdout.write(render(output_format, report, color=color, category=sarif_category))
    sys.stdout.flush()
    sys.exit(report.exit_code())


def _with_inventory(settings: "object", path: str) -> "object":
    """Settings holding the loaded inventory; a malformed one is a configuration error (exit 2)."""
    from dataclasses import replace

    from personalint import inventory

    try:
        return replace(settings, inventory=inventory.load(path))
    except inventory.InventoryError as exc:
        raise ConfigurationError(f"inventory: {exc}") from None


@cli.group("inventory")
def inventory_group() -> None:
    """The inventory of your organisation's resources, for reference checks (`check --inventory`).

    \b
    An inventory is a folder of the vendors' list replies, saved as they come:
      Anam:  GET /v1/avatars, /v1/voices, /v1/llms, /v1/tools
      Tavus: GET /v2/replicas, /v2/guardrails, /v2/documents, /v2/objectives,
             /v2/pronunciation-dictionaries
    or one YAML/JSON file naming them ({anam: {voices: [file, ...]}, tavus: {...}}).
    """


@inventory_group.command("pull")
@click.option("--vendor", type=click.Choice(["anam", "tavus"]), required=True, help="Whose lists to fetch.")
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False),
    required=True,
    help="The inventory folder; the lists go into OUT/anam or OUT/tavus, replaced as a whole.",
)
@click.option(
    "--base-url",
    metavar="URL",
    help="The API's base URL (default https://api.anam.ai or https://tavusapi.com; "
    "env PERSONALINT_ANAM_BASE_URL / PERSONALINT_TAVUS_BASE_URL).",
)
def inventory_pull(vendor: str, out: str, base_url: str | None) -> None:
    """Fetch every list of VENDOR with your API key (ANAM_API_KEY or TAVUS_API_KEY), all pages.

    Nothing is written unless every page of every list arrived and validated.
    """
    from personalint import inventory

    try:
        written = inventory.pull(vendor, out, base_url=base_url, echo=lambda line: click.echo(line, err=True))
    except inventory.InventoryError as exc:
        raise ConfigurationError(f"inventory pull: {exc}") from None
    click.echo(f"wrote {len(written)} file{'' if len(written) == 1 else 's'} to {os.path.join(out, vendor)}")


@inventory_group.command("show")
@click.argument("path", required=False, type=click.Path())
@click.option("--all", "show_all", is_flag=True, help="List every item (default: the first 20 of each list).")
def inventory_show(path: str | None, show_all: bool) -> None:
    """Summarise what an inventory holds (PATH, or the configuration's `inventory`)."""
    from personalint import config, inventory

    if path is None:
        try:
            found = config.find()
            layers = [config.load(found)] if found else []
            from personalint.engine.registry import registry

            settings = config.resolve(layers, registry())
        except config.ConfigError as exc:
            raise ConfigurationError(str(exc)) from None
        path = settings.project.inventory if settings.project is not None else None
        if not path:
            raise click.UsageError('name the inventory PATH, or set `inventory = "path"` in the configuration')
    try:
        loaded = inventory.load(path)
    except inventory.InventoryError as exc:
        raise ConfigurationError(f"inventory: {exc}") from None
    click.echo(inventory.show(loaded, limit=None if show_all else 20), nl=False)


@cli.command("rules")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_rules(output_format: str) -> None:
    """List every rule: id, name, level, kinds, summary."""
    import json

    from personalint.engine.registry import registry

    rules = registry().rules
    if output_format == "json":
        click.echo(
            json.dumps(
                [
                    {"id": r.id, "name": r.name, "level": str(r.level), "kinds": list(r.kinds), "summary": r.summary}
                    for r in rules
                ],
                indent=2,
            )
        )
        return
    for r in rules:
        click.echo(f"{r.id}  {r.name:<40} {str(r.level):<8} {_kinds_label(r.kinds):<14} {r.summary}")


def _kinds_label(kinds: tuple[str, ...]) -> str:
    """`all`, `anam`, `tavus-create`, ...: the kinds a rule checks, said briefly."""
    from personalint.kinds import KINDS

    if set(kinds) == set(KINDS):
        return "all"
    for vendor in ("anam", "tavus"):
        if set(kinds) == {k for k in KINDS if k.startswith(vendor)}:
            return vendor
    return ",".join(kinds)


@cli.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Print a rule's documentation (RULE is an id or a name)."""
    from personalint.docs import rule_markdown
    from personalint.engine.registry import registry

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
            (target / f"{name}.schema.json").write_text(
                json.dumps(load_schema(name), indent=2) + "\n", encoding="utf-8"
            )
            click.echo(str(target / f"{name}.schema.json"))
        return
    if kind is None:
        raise click.UsageError("name a KIND, or pass --write DIR")
    click.echo(json.dumps(load_schema(kind), indent=2))


def main() -> None:
    """Entry point: click's own handling, except that Ctrl-C exits 130 without a traceback."""
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show a character gets an escape
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
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
    except BrokenPipeError:  # the reader went away (`| head`): no traceback, no flush error at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = 1
    except Exception as exc:  # a bug outside any one file's check: one line, the traceback with --debug
        if "--debug" in sys.argv[1:]:
            import traceback

            traceback.print_exc()
        sys.stderr.write(
            f"personalint: internal error: {type(exc).__name__}: {exc} "
            "(please report it; --debug shows the traceback)\n"
        )
        code = 2
    sys.exit(code or 0)
