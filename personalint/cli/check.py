"""`personalint check`: flags -> one configuration layer -> pipeline.check_paths -> the reporters.

The settings' flags come from the table of settings (config/options.py); the flags that
say how to run (formats, outputs, which configuration) are declared here. The pipeline,
the rule registry and the reporters are imported when the command runs, not at start-up.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from personalint import config
from personalint.cli.errors import ConfigurationError
from personalint.config import options
from personalint.report import FORMATS, STREAMING

if TYPE_CHECKING:
    from personalint.engine.registry import Registry
    from personalint.result import Report

_Command = TypeVar("_Command", bound=Callable[..., Any])

_RUN_OPTIONS = (
    click.option(
        "--format",
        "formats",
        multiple=True,
        type=click.Choice(tuple(FORMATS)),
        help="Output format (default text; json is the machine interface; sarif for code scanning and "
        "editors; github for pull-request annotations). Repeatable, with --output.",
    ),
    click.option(
        "--output",
        "outputs",
        multiple=True,
        metavar="[FORMAT=]FILE",
        help="Write FORMAT to FILE instead of standard output (sarif=out.sarif); a bare FILE takes the "
        "only format. Repeatable.",
    ),
    click.option(
        "--config",
        "config_path",
        type=click.Path(exists=True, dir_okay=False),
        help="Use this configuration file (.personalint.toml, or a pyproject.toml with [tool.personalint]) "
        "instead of the nearest one.",
    ),
    click.option("--isolated", is_flag=True, help="Ignore every configuration file."),
    click.option("--verbose", "-v", is_flag=True, help="Say more: list the skipped files (as --show-skipped)."),
)


def _flag(setting: options.Setting) -> Callable[[_Command], _Command]:
    """The click option of a setting of the table."""
    declaration = f"--{setting.name}/--no-{setting.name}" if setting.negatable else f"--{setting.name}"
    keywords: dict[str, Any] = {"help": setting.help, "metavar": setting.metavar, "multiple": setting.repeated}
    if setting.negatable:
        keywords["default"] = None
    elif setting.flag:
        keywords["is_flag"] = True
    if setting.choices:
        keywords["type"] = click.Choice(setting.choices)
    elif setting.minimum is not None:
        keywords["type"] = click.IntRange(min=setting.minimum)
    elif setting.path:
        keywords["type"] = click.Path()
    return click.option(declaration, setting.attribute, **keywords)


def _options(command: _Command) -> _Command:
    """`command` with the run's flags, then one flag per setting the command line may set."""
    for option in reversed((*_RUN_OPTIONS, *(_flag(s) for s in options.ON_COMMAND_LINE))):
        command = option(command)
    return command


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@_options
def check(paths: tuple[str, ...], formats: tuple[str, ...], outputs: tuple[str, ...], **flags: Any) -> None:
    """Check persona configs: files, folders or - for stdin.

    \b
    A folder is walked for JSON and YAML files and for code (TypeScript, JavaScript, Python,
    Markdown, HTML, shell) that mentions a vendor; files that hold no persona config are
    skipped (counted in the summary; --show-skipped lists them).

    \b
    Settings come from the nearest .personalint.toml or pyproject.toml [tool.personalint]
    (see --config, --isolated); options given here win.
    \b
    Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it;
    2 usage or configuration error, or a file that could not be read at all.
    """
    from personalint.engine.registry import registry
    from personalint.pipeline import check_paths

    config_path, isolated = flags.pop("config_path"), flags.pop("isolated")
    if flags.pop("verbose"):
        flags["show_skipped"] = True
    if config_path and isolated:
        raise click.UsageError("--config and --isolated exclude each other")
    destinations = _destinations(formats, outputs)
    rules = registry()
    layer = _command_line(flags, rules)
    found = None if isolated else (config_path or config.find())
    settings = settings_for(layer, rules, found)
    fixing = settings.fix or settings.diff or settings.fix_only or settings.add_disable
    if not fixing:
        cache = _cache(settings, found)
        report = check_paths(paths or ["."], settings, cache=cache)
        if cache is not None:
            cache.save()
        _write(report, rules, destinations, layer.sarif_category)
        sys.exit(report.exit_code())
    sys.exit(_fix(paths or ["."], settings, rules, destinations, layer.sarif_category))


def _cache(settings: config.Settings, found: str | None) -> Any:
    """The result cache of this run (personalint/cache.py), or None with --no-cache or $PERSONALINT_NO_CACHE."""
    if settings.no_cache or os.environ.get("PERSONALINT_NO_CACHE", "") not in ("", "0"):
        return None
    from personalint.cache import Cache, folder_for

    return Cache(folder_for(found, settings.cache_dir), settings)


def _fix(
    paths: tuple[str, ...] | list[str],
    settings: config.Settings,
    rules: Registry,
    destinations: list[tuple[str, str | None]],
    category: str | None,
) -> int:
    """--fix, --diff, --fix-only, --add-disable: change the files (or show how), then report what is left."""
    from personalint.fix.run import Fixer
    from personalint.pipeline import check_paths

    fixer = Fixer(settings)
    report = check_paths(paths, settings, after=fixer)
    report.fixed, report.fix_failed, report.fix_declined = fixer.count, fixer.failed, fixer.declined
    for line in fixer.refused:
        sys.stderr.write(f"personalint: {line}\n")
    refused = 2 if fixer.refused else 0  # a file that could not be fixed as asked: as one that cannot be read
    files = f"{len(fixer.changed)} file{'' if len(fixer.changed) == 1 else 's'}"
    if settings.add_disable:
        if fixer.stdout is not None:
            sys.stdout.write(fixer.stdout)
        sys.stderr.write(
            f"Added {fixer.disabled} suppression comment{'' if fixer.disabled == 1 else 's'} to {files}.\n"
        )
        return 2 if report.errors else 0
    if settings.diff:
        sys.stdout.write("".join(fixer.diffs))
        sys.stderr.write(f"Would fix {fixer.count} problem{'' if fixer.count == 1 else 's'} in {files}.\n")
        return 2 if report.errors else (1 if fixer.changed else 0)
    if fixer.stdout is not None:  # standard input: the fixed text on stdout, the report on stderr
        sys.stdout.write(fixer.stdout)
        if not settings.fix_only:
            from personalint.report import render

            sys.stderr.write(render("text", report, rules, category=category))
        return 2 if report.errors else refused or (0 if settings.fix_only else report.exit_code())
    if settings.fix_only:
        sys.stderr.write(f"Fixed {fixer.count} problem{'' if fixer.count == 1 else 's'} in {files}.\n")
        return 2 if report.errors else refused
    _write(report, rules, destinations, category)
    return refused or report.exit_code()


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
    if len(on_stdout) > 1 and any(f not in STREAMING for f in on_stdout):
        raise click.UsageError(
            f"only one of {', '.join(on_stdout)} can go to standard output: "
            "send the others to files with --output FORMAT=FILE"
        )
    return [(f, files.get(f)) for f in chosen]


def _command_line(flags: dict[str, Any], rules: Registry) -> options.Options:
    """The command line's layer; a malformed value or an unknown rule selector is a usage error."""
    try:
        layer = options.from_command_line(flags, base=os.getcwd())
    except options.UsageProblem as exc:
        raise click.UsageError(str(exc)) from None
    unknown = rules.unknown_selectors(layer.selectors())
    if unknown:
        raise click.UsageError(f"unknown rule selector(s): {', '.join(unknown)} (see `personalint rules`)")
    return layer


def settings_for(layer: options.Options, rules: Registry, found: str | None) -> config.Settings:
    """The configuration file `found` (if any) under the command line's layer, with its inventory loaded."""
    try:
        settings = config.resolve([*([config.load(found)] if found else []), layer], rules)
    except config.ConfigError as exc:
        raise ConfigurationError(str(exc)) from None
    try:
        return config.with_inventory(settings)
    except config.ConfigError as exc:
        raise ConfigurationError(str(exc)) from None


def _write(report: Report, rules: Registry, destinations: list[tuple[str, str | None]], category: str | None) -> None:
    """Every format to its file, then those for standard output (in colour on a terminal)."""
    from personalint.report import render

    for output_format, target in destinations:
        if target is None:
            continue
        text = render(output_format, report, rules, root=None, category=category)
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
            sys.stdout.write(render(output_format, report, rules, color=color, category=category))
    sys.stdout.flush()


def _use_color(stream: object) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return bool(getattr(stream, "isatty", lambda: False)())
