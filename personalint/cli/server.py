"""`personalint server`: the language server (LSP over standard input and output) for editors.

pygls and lsprotocol are imported only here, when the command runs: `personalint check`
never pays for them.
"""

from __future__ import annotations

import click


@click.command("server")
@click.option(
    "--inventory",
    type=click.Path(),
    metavar="PATH",
    help="Check references against your organisation's resources (as `check --inventory`).",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False),
    help="Use this configuration file for every document instead of each one's nearest.",
)
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@click.option(
    "--debounce",
    type=click.FloatRange(min=0),
    default=10.0,
    show_default=True,
    metavar="MS",
    help="Wait this long after a change before checking (changes within it make one check).",
)
def server(inventory: str | None, config_path: str | None, isolated: bool, debounce: float) -> None:
    """Run the language server over stdio: diagnostics, quick fixes, hover and completion.

    \b
    Point your editor's LSP client at `personalint server` for JSON, YAML and the other files
    `personalint check` reads (docs/editors.md has the setup for Neovim, Helix, Zed, Emacs, VS Code).
    Settings are found per file as `check` finds them, and re-read when they change.
    """
    if config_path and isolated:
        raise click.UsageError("--config and --isolated exclude each other")
    try:
        from personalint.lsp import serve
    except ModuleNotFoundError as exc:  # pragma: no cover - pygls is a dependency
        raise click.ClickException(f"the language server needs {exc.name}: pip install pygls lsprotocol") from None
    serve(inventory=inventory, config_path=config_path, isolated=isolated, debounce=debounce / 1000)
