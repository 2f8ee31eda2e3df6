"""A real LSP client (pytest-lsp) talking to `python -m personalint server` over stdio, and helpers.

Positions here are computed independently of personalint/lsp: UTF-16 code units from Python's
own codec, so a wrong conversion in the server cannot hide behind the same code in the test.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path
from typing import Any

from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 20.0


def server_config(*args: str, cwd_env: dict[str, str] | None = None) -> ClientServerConfig:
    """The server started as users start it, with a private cache folder for the rule pages."""
    env = {**os.environ, "XDG_CACHE_HOME": str(Path(os.environ.get("TMPDIR", "/tmp")) / "personalint-lsp-tests")}
    env.update(cwd_env or {})
    return ClientServerConfig(server_command=[sys.executable, "-m", "personalint", "server", *args], server_env=env)


async def initialized(
    client: LanguageClient, root: Path | None = None, encodings: tuple[str, ...] = ("utf-16",)
) -> Any:
    """Neovim's capabilities, offering only UTF-16 positions unless `encodings` says otherwise
    (Neovim itself offers UTF-8 first: see the test of the other encodings)."""
    capabilities = client_capabilities("neovim")
    capabilities.general = types.GeneralClientCapabilities(position_encodings=list(encodings))
    params = types.InitializeParams(
        capabilities=capabilities,
        root_uri=root.as_uri() if root else None,
        workspace_folders=[types.WorkspaceFolder(root.as_uri(), root.name)] if root else None,
    )
    return await client.initialize_session(params)


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def lsp_position(text: str, line: int, column: int) -> tuple[int, int]:
    """personalint's 1-based (line, code-point column) as LSP's 0-based line and UTF-16 character."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    here = lines[line - 1] if line - 1 < len(lines) else ""
    return line - 1, utf16(here[: column - 1]) + max(0, column - 1 - len(here))


def offset_of(text: str, line: int, character: int) -> int:
    """The str offset of an LSP position (UTF-16 character) in `text` (\\n line breaks)."""
    starts = [0]
    for index, char in enumerate(text):
        if char == "\n":
            starts.append(index + 1)
    start = starts[line]
    seen, offset = 0, start
    while seen < character and offset < len(text) and text[offset] != "\n":
        seen += utf16(text[offset])
        offset += 1
    return offset


def apply_edits(text: str, edits: list[types.TextEdit]) -> str:
    """The text with LSP text edits applied (from the last to the first, as clients do)."""
    ordered = sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True)
    for edit in ordered:
        start = offset_of(text, edit.range.start.line, edit.range.start.character)
        end = offset_of(text, edit.range.end.line, edit.range.end.character)
        text = text[:start] + edit.new_text + text[end:]
    return text


def open_document(client: LanguageClient, uri: str, text: str, language: str = "yaml", version: int = 1) -> None:
    client.diagnostics.pop(uri, None)
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, language, version, text)))


def change_document(client: LanguageClient, uri: str, version: int, text: str) -> None:
    """A full-text change (the server takes incremental ones too: see the tests that send ranges)."""
    client.diagnostics.pop(uri, None)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version, uri), [types.TextDocumentContentChangeWholeDocument(text)]
        )
    )


async def pushed(client: LanguageClient, uri: str, timeout: float = TIMEOUT) -> list[types.Diagnostic]:
    """The diagnostics the server publishes next for `uri` (the entry is cleared when a change is sent)."""
    deadline = time.monotonic() + timeout
    while uri not in client.diagnostics:
        if time.monotonic() > deadline:
            raise AssertionError(f"no diagnostics published for {uri} within {timeout} s")
        await asyncio.sleep(0.005)
    return list(client.diagnostics[uri])


async def pulled(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    report = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(types.TextDocumentIdentifier(uri))
    )
    return list(report.items)


async def status(client: LanguageClient) -> dict[str, int]:
    result = await client.workspace_execute_command_async(types.ExecuteCommandParams("personalint.status"))
    return dict(result)


def summary(diagnostics: list[types.Diagnostic]) -> list[tuple]:
    """Each diagnostic as (code, start line, start character, end line, end character), sorted."""
    return sorted(
        (d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character)
        for d in diagnostics
    )
