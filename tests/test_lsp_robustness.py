"""The language server stays up and bounded whatever the client sends.

A thousand changes in a row, malformed JSON-RPC, unknown methods, binary and huge documents,
documents outside any workspace, a document closed while it is being checked: each time the
server answers the next request, says what went wrong through window/logMessage, and holds
nothing for documents that are closed.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
import pytest_lsp
from lsp.session import REPO, change_document, initialized, open_document, pulled, pushed, server_config, status
from lsprotocol import types
from pygls.exceptions import JsonRpcMethodNotFound
from pytest_lsp import LanguageClient

pytestmark = pytest.mark.asyncio(loop_scope="module")

PERSONA = "persona_name: Coach\nsystem_prompt: Help.\npipeline_mode: {mode}\n"


@pytest_lsp.fixture(config=server_config(), scope="module")
async def client(lsp_client: LanguageClient):
    await initialized(lsp_client, REPO)
    yield
    await lsp_client.shutdown_session()


async def _alive(client: LanguageClient) -> None:
    """The server still answers, and still checks."""
    uri = "untitled:alive.yaml"
    open_document(client, uri, PERSONA.format(mode="half"))
    assert [d.code for d in await pushed(client, uri)] == ["PS002"]
    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))


async def test_a_thousand_changes_in_a_row_end_with_the_last_texts_diagnostics(client: LanguageClient) -> None:
    uri = "untitled:typing.yaml"
    open_document(client, uri, PERSONA.format(mode="full"))
    assert await pushed(client, uri) == []
    for version in range(2, 1002):
        change_document(client, uri, version, PERSONA.format(mode="half" if version % 2 else f"full{version}"))
    change_document(client, uri, 1002, PERSONA.format(mode="half"))
    (last,) = await pulled(client, uri)
    assert last.code == "PS002" and "got 'half'" in last.message
    await asyncio.sleep(0.2)
    assert [d.message for d in client.diagnostics[uri]] == [last.message]  # nothing stale published after it
    held = await status(client)
    assert held["running"] == 0 and held["timers"] == 0 and held["waiters"] == 0


async def test_malformed_json_rpc_is_logged_and_the_server_goes_on(client: LanguageClient) -> None:
    before = len(client.log_messages)
    stdin = client._server.stdin  # the raw pipe: what no well-behaved client library would send
    for body in (b"{not json", b'{"jsonrpc": "2.0", "method": 42}', b"[]"):
        stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
    await stdin.drain()
    await _alive(client)
    assert len(client.log_messages) > before
    assert any("personalint" in m.message for m in client.log_messages[before:])


async def test_unknown_methods_get_an_error_or_are_ignored(client: LanguageClient) -> None:
    with pytest.raises(JsonRpcMethodNotFound):
        await client.protocol.send_request_async("personalint/noSuchMethod", {})
    client.protocol.notify("personalint/noSuchNotification", {"x": 1})
    client.protocol.notify("$/noSuchNotification", {})
    await _alive(client)


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("persona_name: \x00\x01\x02\ufffd coach\n", 14),  # binary: at the NUL byte
        ("persona_name: é\ud800 coach\n", 15),  # a lone surrogate (a JSON-RPC escape) is no UTF-8: at it
    ],
)
async def test_binary_and_undecodable_documents_get_a_parse_error(
    client: LanguageClient, text: str, column: int
) -> None:
    uri = "untitled:binary.yaml"
    open_document(client, uri, text)
    (found,) = await pushed(client, uri)
    assert found.code == "PF001" and found.range.start == types.Position(0, column)
    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))
    await _alive(client)


async def test_a_huge_document_is_refused_with_pf080_not_checked(client: LanguageClient) -> None:
    uri = "untitled:huge.json"
    text = json.dumps({"persona_name": "Coach", "system_prompt": "x" * (6 * 1024 * 1024)})
    open_document(client, uri, text, "json")
    (found,) = await pushed(client, uri)
    assert found.code == "PF080" and "over the size limit" in found.message
    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))
    await _alive(client)


async def test_documents_outside_any_workspace_are_checked(client: LanguageClient, tmp_path: Path) -> None:
    for uri in ("untitled:Untitled-1", "file:///nonexistent/folder/coach.yaml", (tmp_path / "a b.yaml").as_uri()):
        open_document(client, uri, PERSONA.format(mode="half"), "yaml")
        assert [d.code for d in await pushed(client, uri)] == ["PS002"], uri


async def test_a_document_closed_while_it_is_checked_is_forgotten(client: LanguageClient) -> None:
    big = "persona_name: Coach\nsystem_prompt: Help.\nlayers:\n  llm:\n    tools:\n" + "".join(
        f"      - type: function\n        function:\n          name: tool_{i}\n          description: d\n"
        for i in range(400)
    )
    uris = [f"untitled:closing-{i}.yaml" for i in range(20)]
    before = await status(client)
    for uri in uris:
        open_document(client, uri, big)
    for uri in uris:
        client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))
    await _alive(client)
    await asyncio.sleep(0.5)
    held = await status(client)
    assert (held["documents"], held["results"], held["running"]) == (before["documents"], before["results"], 0)
    assert all(not client.diagnostics.get(uri) for uri in uris)  # only the empty lists of the closes


async def test_changes_to_a_document_that_is_not_open_are_logged(client: LanguageClient) -> None:
    before = len(client.log_messages)
    change_document(client, "untitled:never-opened.yaml", 2, "x: 1\n")
    await _alive(client)
    assert any("never-opened.yaml" in m.message for m in client.log_messages[before:])
