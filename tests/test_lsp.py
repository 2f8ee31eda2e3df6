"""`personalint server` end to end: a real LSP client (pytest-lsp) over the server's stdio.

One server for the module (each test opens its own documents): initialize, diagnostics with
exact UTF-16 ranges, changes, code actions and their edits, hover, completion, pull
diagnostics, and shutdown/exit. The configuration change and the other position encodings
get servers of their own.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import pytest_lsp
from lsp.session import (
    REPO,
    apply_edits,
    change_document,
    initialized,
    lsp_position,
    open_document,
    pulled,
    pushed,
    server_config,
    status,
    summary,
    utf16,
)
from lsprotocol import types
from pytest_lsp import LanguageClient

from personalint.config import Settings
from personalint.docs import rule_markdown
from personalint.engine.registry import registry
from personalint.pipeline import check_bytes

ASYNC = pytest.mark.asyncio(loop_scope="module")

MISTAKES = REPO / "examples" / "tavus" / "mistakes.yaml"


@pytest_lsp.fixture(config=server_config(), scope="module")
async def client(lsp_client: LanguageClient):
    await initialized(lsp_client, REPO)
    yield
    await lsp_client.shutdown_session()


def _uri(name: str) -> str:
    return (REPO / "tests" / "lsp" / "virtual" / name).as_uri()  # never written: the client holds the text


@ASYNC
async def test_initialize_advertises_what_standard_clients_look_for(client: LanguageClient) -> None:
    result = await initialized_result(client)
    capabilities = result.capabilities
    assert capabilities.position_encoding == types.PositionEncodingKind.Utf16
    sync = capabilities.text_document_sync
    assert isinstance(sync, types.TextDocumentSyncOptions) and sync.change == types.TextDocumentSyncKind.Incremental
    assert capabilities.hover_provider and capabilities.completion_provider
    assert isinstance(capabilities.diagnostic_provider, types.DiagnosticOptions)
    actions = capabilities.code_action_provider
    assert isinstance(actions, types.CodeActionOptions)
    assert {"quickfix", "source.fixAll", "source.fixAll.personalint"} <= set(actions.code_action_kinds or ())


async def initialized_result(client: LanguageClient) -> types.InitializeResult:
    """The module's server is initialized already; a second server answers `initialize` for this test."""
    config = server_config()
    other = await config.start()
    try:
        return await initialized(other, REPO)
    finally:
        await other.shutdown_session()
        await other.stop()


@ASYNC
async def test_open_publishes_the_cli_findings_at_their_exact_ranges(client: LanguageClient) -> None:
    text = MISTAKES.read_text(encoding="utf-8")
    uri = MISTAKES.as_uri()
    open_document(client, uri, text)
    diagnostics = await pushed(client, uri)
    expected = check_bytes(str(MISTAKES), text.encode(), Settings.default()).findings
    assert summary(diagnostics) == sorted(
        (
            f.rule,
            *lsp_position(text, f.span.line, f.span.column),
            *lsp_position(text, f.span.end_line, f.span.end_column),
        )
        for f in expected
    )
    by_code = {d.code: d for d in diagnostics}
    assert by_code["PS002"].severity == types.DiagnosticSeverity.Error
    assert by_code["PS005"].severity == types.DiagnosticSeverity.Warning
    assert by_code["PS002"].source == "personalint"
    page = Path(by_code["PS002"].code_description.href.removeprefix("file://"))
    assert page.read_text(encoding="utf-8") == rule_markdown(registry().by_id["PS002"])


@ASYNC
async def test_columns_count_utf16_code_units_after_emoji_and_accents(client: LanguageClient) -> None:
    prefix = '{"persona_name": "Zoë 😀🎉", "system_prompt": "be kind", "pipeline_mode": '
    text = prefix + '"half"}\n'
    uri = _uri("emoji.json")
    open_document(client, uri, text, "json")
    (found,) = [d for d in await pushed(client, uri) if d.code == "PS002"]
    assert found.range.start == types.Position(0, utf16(prefix))
    assert found.range.end == types.Position(0, utf16(prefix) + len('"half"'))
    assert utf16(prefix) == len(prefix) + 2  # two astral characters: one more unit each

    # an incremental change whose range is in UTF-16 units: replace "half" by "echo"
    start = utf16(prefix) + 1
    client.diagnostics.pop(uri, None)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(2, uri),
            [
                types.TextDocumentContentChangePartial(
                    types.Range(types.Position(0, start), types.Position(0, start + 4)), "full"
                )
            ],
        )
    )
    assert [d.code for d in await pushed(client, uri) if d.code == "PS002"] == []


@ASYNC
async def test_a_change_is_checked_again(client: LanguageClient) -> None:
    uri = _uri("change.yaml")
    text = "persona_name: Coach\nsystem_prompt: Help.\npipeline_mode: half\n"
    open_document(client, uri, text)
    assert [d.code for d in await pushed(client, uri)] == ["PS002"]
    change_document(client, uri, 2, text.replace("half", "full"))
    assert await pushed(client, uri) == []
    assert await pulled(client, uri) == []


@ASYNC
async def test_pull_diagnostics_match_the_pushed_ones(client: LanguageClient) -> None:
    uri = _uri("pull.yaml")
    text = MISTAKES.read_text(encoding="utf-8")
    open_document(client, uri, text)
    assert summary(await pulled(client, uri)) == summary(await pushed(client, uri))


@ASYNC
async def test_a_quick_fix_applied_mends_the_finding(client: LanguageClient) -> None:
    uri = _uri("quickfix.yaml")
    text = MISTAKES.read_text(encoding="utf-8")
    open_document(client, uri, text)
    (quoting,) = [d for d in await pushed(client, uri) if d.code == "PF005"]
    actions = await _actions(client, uri, quoting.range, [quoting])
    titles = [a.title for a in actions]
    fix = next(a for a in actions if a.title.startswith("Quote"))
    assert fix.kind == types.CodeActionKind.QuickFix and fix.is_preferred and "(unsafe)" not in fix.title
    assert "Disable PF005 for this line" in titles
    fixed = apply_edits(text, list(fix.edit.changes[uri]))
    assert "idle_engagement: 'off'" in fixed
    change_document(client, uri, 2, fixed)
    assert "PF005" not in [d.code for d in await pushed(client, uri)]

    (typo,) = [d for d in await pushed(client, uri) if d.code == "PS005"]
    rename = next(
        a for a in await _actions(client, uri, typo.range, [typo]) if "PS005" in a.title and "Disable" not in a.title
    )
    assert rename.title.endswith("(unsafe)") and not rename.is_preferred
    assert "tts_model_name: eleven" in apply_edits(fixed, list(rename.edit.changes[uri]))


@ASYNC
async def test_disable_for_this_line_writes_the_formats_comment(client: LanguageClient) -> None:
    uri = _uri("disable.yaml")
    text = "persona_name: Coach\nsystem_prompt: Help.\npipeline_mode: half\n"
    open_document(client, uri, text)
    (finding,) = await pushed(client, uri)
    disable = next(a for a in await _actions(client, uri, finding.range, [finding]) if a.title.startswith("Disable"))
    changed = apply_edits(text, list(disable.edit.changes[uri]))
    assert "pipeline_mode: half  # personalint: disable=PS002" in changed
    change_document(client, uri, 2, changed)
    assert await pushed(client, uri) == []


@ASYNC
async def test_fix_all_applies_the_safe_fixes_only(client: LanguageClient) -> None:
    uri = _uri("fixall.yaml")
    text = MISTAKES.read_text(encoding="utf-8")
    open_document(client, uri, text)
    await pushed(client, uri)
    whole = types.Range(types.Position(0, 0), types.Position(0, 0))
    params = types.CodeActionParams(
        types.TextDocumentIdentifier(uri), whole, types.CodeActionContext([], only=["source.fixAll.personalint"])
    )
    (action,) = await client.text_document_code_action_async(params)
    assert action.kind == "source.fixAll.personalint"
    fixed = apply_edits(text, list(action.edit.changes[uri]))
    change_document(client, uri, 2, fixed)
    codes = [d.code for d in await pushed(client, uri)]
    assert "PF005" not in codes and "PS005" in codes  # the unsafe rename is left for the user


async def _actions(
    client: LanguageClient, uri: str, where: types.Range, diagnostics: list[types.Diagnostic]
) -> list[types.CodeAction]:
    params = types.CodeActionParams(types.TextDocumentIdentifier(uri), where, types.CodeActionContext(diagnostics))
    return list(await client.text_document_code_action_async(params) or [])


async def _hover(client: LanguageClient, uri: str, line: int, character: int) -> str:
    found = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(line, character))
    )
    return found.contents.value if found else ""


@ASYNC
async def test_hover_over_a_finding_shows_the_rules_documentation(client: LanguageClient) -> None:
    uri = _uri("hover-rule.yaml")
    open_document(client, uri, "persona_name: Coach\nsystem_prompt: Help.\npipeline_mode: half\n")
    await pushed(client, uri)
    shown = await _hover(client, uri, 2, 16)
    assert rule_markdown(registry().by_id["PS002"], heading="###") in shown


@ASYNC
async def test_hover_over_a_key_shows_the_fields_documentation_and_lifecycle(client: LanguageClient) -> None:
    uri = _uri("hover-key.yaml")
    text = "persona_name: Coach\nsystem_prompt: Help.\nguardrails_id: g1\nlayers:\n  stt:\n    stt_engine: tavus-advanced\n"
    open_document(client, uri, text)
    await pushed(client, uri)
    assert "A name for the persona." in await _hover(client, uri, 0, 3)
    legacy = await _hover(client, uri, 2, 3)
    assert "**Legacy**" in legacy and "guardrail_ids or guardrail_tags" in legacy
    value = await _hover(client, uri, 5, 20)
    assert "**Deprecated**" in value and "tavus-auto" in value


async def _complete(client: LanguageClient, uri: str, line: int, character: int) -> list[types.CompletionItem]:
    found = await client.text_document_completion_async(
        types.CompletionParams(types.TextDocumentIdentifier(uri), types.Position(line, character))
    )
    return list(found.items if isinstance(found, types.CompletionList) else found or [])


@ASYNC
async def test_completion_offers_the_keys_valid_at_the_pointer(client: LanguageClient) -> None:
    uri = _uri("complete-keys.yaml")
    text = "persona_name: Coach\nsystem_prompt: Help.\nlayers:\n  stt:\n    hotwords: x\n    \n"
    open_document(client, uri, text)
    labels = [i.label for i in await _complete(client, uri, 5, 4)]
    assert labels == ["stt_engine"]  # hotwords is there; the removed turn-taking fields are never offered

    items = await _complete(client, uri, 2, 0)  # a key at the top level, typed over "layers"
    by_label = {i.label: i for i in items}
    assert "persona_name" not in by_label and "system_prompt" not in by_label and "context" not in by_label
    assert types.CompletionItemTag.Deprecated in (by_label["guardrails_id"].tags or [])
    assert sorted(items, key=lambda i: i.sort_text or "")[-1].label == "guardrails_id"


@ASYNC
async def test_completion_quotes_yaml_values_and_tags_the_leaving_ones(client: LanguageClient) -> None:
    uri = _uri("complete-values.yaml")
    text = "persona_name: Coach\nsystem_prompt: Help.\nlayers:\n  perception:\n    perception_model: \n"
    open_document(client, uri, text)
    items = {i.label: i for i in await _complete(client, uri, 4, 22)}
    assert set(items) == {"raven-1", "raven-0", "off"}  # basic is removed: never offered
    assert items["off"].text_edit.new_text == "'off'"
    assert items["raven-1"].text_edit.new_text == "raven-1"
    assert types.CompletionItemTag.Deprecated in (items["raven-0"].tags or [])
    assert max(items.values(), key=lambda i: i.sort_text or "").label == "raven-0"


@ASYNC
async def test_completion_of_a_key_with_values_offers_them_as_a_snippet_choice(client: LanguageClient) -> None:
    uri = _uri("complete-snippet.yaml")
    text = "persona_name: Coach\nsystem_prompt: Help.\nlayers:\n  perception:\n    percep\n"
    open_document(client, uri, text)
    (item,) = [i for i in await _complete(client, uri, 4, 10) if i.label == "perception_model"]
    assert item.text_edit.new_text == "perception_model: ${1|raven-1,'off'|}"
    assert item.text_edit.range == types.Range(types.Position(4, 4), types.Position(4, 10))


@ASYNC
async def test_completion_in_json_while_the_text_does_not_parse(client: LanguageClient) -> None:
    uri = _uri("complete.json")
    text = '{"persona_name": "Coach", "layers": {"tts": {"tts_engine": "cartesia", "'
    open_document(client, uri, text, "json")
    items = {i.label: i for i in await _complete(client, uri, 0, len(text))}
    assert "tts_engine" not in items and "external_voice_id" in items
    assert "playht_user_id" not in items  # removed
    assert items["external_voice_id"].text_edit.new_text == '"external_voice_id": "$0"'


@ASYNC
async def test_closed_documents_are_forgotten(client: LanguageClient) -> None:
    uri = _uri("closed.yaml")
    open_document(client, uri, "persona_name: Coach\npipeline_mode: half\n")
    await pushed(client, uri)
    before = await status(client)
    client.diagnostics.pop(uri, None)
    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))
    assert await pushed(client, uri) == []  # the squiggles go with the document
    after = await status(client)
    assert after["documents"] == before["documents"] - 1 and after["results"] == before["results"] - 1


@ASYNC
async def test_configuration_changes_are_read_again(tmp_path: Path) -> None:
    persona = tmp_path / "coach.yaml"
    persona.write_text("persona_name: Coach\nsystem_prompt: Help.\npipeline_mode: half\n", encoding="utf-8")
    settings = tmp_path / ".personalint.toml"
    settings.write_text('ignore = ["PS002"]\n', encoding="utf-8")
    client = await server_config().start()
    try:
        await initialized(client, tmp_path)
        open_document(client, persona.as_uri(), persona.read_text(encoding="utf-8"))
        assert await pushed(client, persona.as_uri()) == []
        settings.write_text('severity = {PS002 = "warning"}\n', encoding="utf-8")
        client.diagnostics.pop(persona.as_uri(), None)
        client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams([types.FileEvent(settings.as_uri(), types.FileChangeType.Changed)])
        )
        (found,) = await pushed(client, persona.as_uri())
        assert found.code == "PS002" and found.severity == types.DiagnosticSeverity.Warning
    finally:
        await client.shutdown_session()
        await client.stop()


@pytest.mark.parametrize(("encoding", "width"), [("utf-32", len), ("utf-8", lambda text: len(text.encode("utf-8")))])
@ASYNC
async def test_a_client_that_counts_other_units_gets_them(tmp_path: Path, encoding: str, width) -> None:
    client = await server_config().start()
    try:
        result = await initialized(client, tmp_path, encodings=(encoding, "utf-16"))
        assert result.capabilities.position_encoding == encoding
        uri = (tmp_path / "wide.yaml").as_uri()
        open_document(client, uri, 'persona_name: Coach\nsystem_prompt: Help.\npipeline_mode: "é😀half"\n')
        (found,) = [d for d in await pushed(client, uri) if d.code == "PS002"]
        assert found.range.start == types.Position(2, width("pipeline_mode: "))
        assert found.range.end == types.Position(2, width('pipeline_mode: "é😀half"'))
    finally:
        await client.shutdown_session()
        await client.stop()


@ASYNC
async def test_shutdown_then_exit_ends_the_server_cleanly(tmp_path: Path) -> None:
    client = await server_config().start()
    await initialized(client, tmp_path)
    await client.shutdown_session()
    process = client._server
    assert process is not None and process.returncode == 0
    await client.stop()


def test_the_check_command_does_not_import_the_server() -> None:
    import subprocess
    import sys

    code = textwrap.dedent(
        """
        import sys
        from click.testing import CliRunner
        from personalint.cli import cli
        CliRunner().invoke(cli, ["check", "examples/tavus/echo.yaml"])
        print(sorted(m for m in sys.modules if m.startswith(("pygls", "lsprotocol", "personalint.lsp"))))
        """
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
