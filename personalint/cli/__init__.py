"""The command line: `personalint check`, `rules`, `explain`, `schema`, `inventory`.

`main()` runs it: exit 0 (nothing at or above --fail-on), 1 (findings), 2 (usage or
configuration error, unreadable file, internal error), 130 (Ctrl-C). The `personalint` script
and `python -m personalint` are `script()`: main(), then out without the interpreter's
teardown. Each command lives in its own module and imports what it needs when it runs, so that
starting is fast.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import NoReturn

# A run makes its long-lived objects first (modules, click's commands, the rule packs, the
# schemas) and almost no cyclic garbage after them (under 500 objects over 500 documents), so
# a collection every 700 allocations mostly walks what lives anyway: 2 % of one file's
# instructions, 1 % of 500 files' (bench/README.md, "Figures the code cites"). As mypy does, collect
# rarely; set before click's import, start-up's largest part. The language server sets its own.
gc.set_threshold(100_000, 50, 100)

import click

from personalint.cli.catalog import explain, list_rules, schema
from personalint.cli.check import check
from personalint.cli.clean import clean
from personalint.cli.inventory import inventory_group
from personalint.cli.server import server
from personalint.version import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="personalint")
def cli() -> None:
    """Lint Anam and Tavus persona configs (JSON or YAML) at the exact line and column."""


for _command in (check, inventory_group, list_rules, explain, schema, server, clean):
    cli.add_command(_command)


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


def script() -> NoReturn:
    """The `personalint` command: main(), then out without tearing the interpreter down.

    Freeing every object at exit was a tenth of one file's instructions (35 of 350 M) and 70 ms
    of a 10,000-file repository's run (bench/README.md, "Figures the code cites"), and the process is
    gone a moment later anyway. As mypy does (`mypy.util.hard_exit`): the output streams are
    flushed, then `os._exit`. Every file personalint writes (fixes, the cache) is closed before
    main() returns; main() itself exits by SystemExit, for callers in the same process.
    """
    try:
        main()
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # the reader went away (`| head`), or the stream is closed
            pass
    os._exit(code if isinstance(code, int) else (0 if code is None else 1))
