"""`personalint server`: a language server, so every LSP editor gets personalint while you type.

    server.py        pygls wiring: documents, capabilities, the handlers
    checker.py       when documents are checked: debounced, in threads, stale runs dropped
    diagnostics.py   a document's findings (pipeline.check_bytes, grouped) as LSP diagnostics
    settings.py      each file's settings, discovered as `check` discovers them
    text.py          open documents, LSP positions (UTF-16 by default) <-> personalint's columns
    cursor.py        where the cursor is in a JSON or YAML document: its pointer, key or value
    fields.py        what a kind's schema and the packs' lifecycle tables say about a pointer
    hover.py         rule docs over a finding, field docs over a key, status over an enum value
    completion.py    the keys and enum values valid at the cursor
    actions.py       quick fixes, "Disable RULE for this line", source.fixAll.personalint

Imported only by the `server` command (pygls and lsprotocol are not loaded by `check`).
"""

from __future__ import annotations


def serve(
    inventory: str | None = None, config_path: str | None = None, isolated: bool = False, debounce: float = 0.01
) -> None:
    """Serve LSP over standard input and output until the client says exit.

    The rule packs, schemas and readers are loaded before the first message (a first check
    pays no import), then frozen out of the garbage collector's view with a higher threshold
    for new objects: a check's node trees are short-lived, and a collection pass over the
    long-lived packs in the middle of one would cost tens of milliseconds.
    """
    import gc

    from personalint.lsp.server import build
    from personalint.lsp.settings import SettingsCache

    server = build(SettingsCache(inventory, config_path, isolated), debounce)
    server.warm_up()
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)
    server.start_io()
