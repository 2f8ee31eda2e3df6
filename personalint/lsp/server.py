"""The language server: pygls wiring of documents, diagnostics, hover, completion and code actions.

The handlers run on pygls' event loop and stay short: they keep the open documents' text
(incremental changes applied here, lines counted as the pipeline counts them), ask the
Checker (checker.py) for runs, and answer hover, completion and code actions from the last
result of the document's current text. Checks run in the Checker's threads.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from lsprotocol import types
from pygls.capabilities import ServerCapabilitiesBuilder
from pygls.lsp.server import LanguageServer

from personalint.lsp import actions, completion, hover
from personalint.lsp.checker import Checker
from personalint.lsp.diagnostics import diagnostic, findings_of, internal_error
from personalint.lsp.settings import SettingsCache
from personalint.lsp.text import UTF16, OpenDocument
from personalint.version import __version__

STATUS_COMMAND = "personalint.status"  # what the server holds: open documents, results, runs (for tests)
CONFIG_GLOBS = ("**/.personalint.toml", "**/pyproject.toml")
FIX_ALL = "source.fixAll.personalint"


class PersonalintServer(LanguageServer):
    def __init__(self, settings: SettingsCache, debounce: float = 0.01) -> None:
        super().__init__("personalint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.settings = settings
        settings.log = self.log
        self.checker = Checker(self._run, self._publish, debounce=debounce)
        self.loop: asyncio.AbstractEventLoop | None = None
        self.encoding = UTF16  # the position encoding agreed at `initialize` (the client's first we know)

    def log(self, message: str, level: types.MessageType = types.MessageType.Warning) -> None:
        """A message in the client's log (window/logMessage), from any thread."""
        params = types.LogMessageParams(type=level, message=f"personalint: {message}")
        loop = self.loop
        if loop is None or not loop.is_running():
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self.window_log_message(params)
        else:
            loop.call_soon_threadsafe(self.window_log_message, params)

    def warm_up(self) -> None:
        """Load what every check needs (rule packs, schemas, validators, the readers) by checking samples."""
        from personalint.config import Settings

        settings = Settings.default()
        for name, text in (("warm-up.yaml", "persona_name: x\npipeline_mode: half\n"), ("warm-up.json", '{"name": 1}')):
            try:
                findings_of(name, text, settings)
            except Exception as exc:  # pragma: no cover - the first real check will say it
                self.log(f"warming up failed: {type(exc).__name__}: {exc}")

    def report_server_error(self, error: Exception, source: Any) -> None:
        self.log(f"{getattr(source, '__name__', source)}: {type(error).__name__}: {error}", types.MessageType.Error)

    def _run(self, uri: str, path: str, text: str) -> list:
        """One check, in a worker thread; it never raises (an error is logged and shown as PI001)."""
        try:
            return findings_of(path, text, self.settings.for_path(path))
        except Exception as exc:  # a bug must not stop the server: say it, keep serving
            self.log(f"checking {uri} failed: {type(exc).__name__}: {exc}", types.MessageType.Error)
            return [internal_error(path, exc)]

    def _publish(self, document: OpenDocument, findings: list) -> None:
        diagnostics = [diagnostic(f, document, self.encoding) for f in findings]
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(document.uri, diagnostics, version=document.version)
        )


class _LogHandler(logging.Handler):
    """pygls' own warnings (a message it could not read, an unknown method) in the client's log too."""

    def __init__(self, server: PersonalintServer) -> None:
        super().__init__(logging.WARNING)
        self.server = server

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.server.log(f"pygls: {record.getMessage()}")
        except Exception:  # pragma: no cover - logging must never fail
            pass


def build(settings: SettingsCache, debounce: float = 0.01) -> PersonalintServer:
    server = PersonalintServer(settings, debounce)
    logging.getLogger("pygls").addHandler(_LogHandler(server))
    _lifecycle(server)
    _documents(server)
    _features(server)
    return server


def _documents(server: PersonalintServer) -> None:
    checker = server.checker

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: PersonalintServer, params: types.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        checker.open(OpenDocument(item.uri, item.text, item.version, item.language_id))

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: PersonalintServer, params: types.DidChangeTextDocumentParams) -> None:
        document = checker.documents.get(params.text_document.uri)
        if document is None:
            ls.log(f"a change to {params.text_document.uri}, which is not open: ignored")
            return
        for change in params.content_changes:
            if isinstance(change, types.TextDocumentContentChangePartial):
                start = document.offset(change.range.start.line, change.range.start.character, ls.encoding)
                end = document.offset(change.range.end.line, change.range.end.character, ls.encoding)
                document.change(start, max(start, end), change.text)
            else:
                document.change(0, len(document.text), change.text)
        document.version = params.text_document.version
        checker.schedule(document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=True))
    def did_save(ls: PersonalintServer, params: types.DidSaveTextDocumentParams) -> None:
        document = checker.documents.get(params.text_document.uri)
        if document is None:
            return
        if params.text is not None and params.text != document.text:
            document.change(0, len(document.text), params.text)
        checker.schedule(document.uri, now=True)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: PersonalintServer, params: types.DidCloseTextDocumentParams) -> None:
        checker.close(params.text_document.uri)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(params.text_document.uri, []))


def _lifecycle(server: PersonalintServer) -> None:
    """initialize (the loop, the position encoding), initialized (watch the configuration files), the
    configuration's changes, shutdown."""
    checker = server.checker

    @server.feature(types.INITIALIZE)
    def initialize(ls: PersonalintServer, params: types.InitializeParams) -> None:
        ls.loop = asyncio.get_running_loop()
        ls.encoding = str(ServerCapabilitiesBuilder.choose_position_encoding(params.capabilities))

    @server.feature(types.INITIALIZED)
    def initialized(ls: PersonalintServer, params: types.InitializedParams) -> None:
        ls.loop = asyncio.get_running_loop()
        watched = ls.client_capabilities.workspace and ls.client_capabilities.workspace.did_change_watched_files
        if watched and watched.dynamic_registration:
            options = types.DidChangeWatchedFilesRegistrationOptions(
                watchers=[types.FileSystemWatcher(glob_pattern=g) for g in CONFIG_GLOBS]
            )
            registration = types.Registration("personalint-config", types.WORKSPACE_DID_CHANGE_WATCHED_FILES, options)
            ls.client_register_capability(types.RegistrationParams([registration]))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: PersonalintServer, params: types.DidChangeWatchedFilesParams) -> None:
        ls.settings.clear()
        checker.recheck_all()

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: PersonalintServer, params: None) -> None:
        checker.shutdown()


def _features(server: PersonalintServer) -> None:
    checker = server.checker

    @server.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(identifier="personalint", inter_file_dependencies=False, workspace_diagnostics=False),
    )
    async def pull(ls: PersonalintServer, params: types.DocumentDiagnosticParams) -> types.DocumentDiagnosticReport:
        checked = await checker.current(params.text_document.uri)
        document = checker.documents.get(params.text_document.uri)
        if checked is None or document is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        return types.RelatedFullDocumentDiagnosticReport(
            items=[diagnostic(f, document, ls.encoding) for f in checked.findings]
        )

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def on_hover(ls: PersonalintServer, params: types.HoverParams) -> types.Hover | None:
        document = checker.documents.get(params.text_document.uri)
        checked = await checker.current(params.text_document.uri)
        if document is None or checked is None or checked.text is not document.text:
            return None
        settings = ls.settings.for_path(document.path)
        return hover.hover(document, checked.findings, params.position, ls.encoding, settings)

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=['"', ":", " "], resolve_provider=False),
    )
    def on_completion(ls: PersonalintServer, params: types.CompletionParams) -> types.CompletionList | None:
        document = checker.documents.get(params.text_document.uri)
        if document is None:
            return None
        return completion.complete(document, params.position, ls.encoding, ls.settings.for_path(document.path))

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll, FIX_ALL],
            resolve_provider=False,
        ),
    )
    async def on_code_action(ls: PersonalintServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        document = checker.documents.get(params.text_document.uri)
        checked = await checker.current(params.text_document.uri)
        if document is None or checked is None or checked.text is not document.text:
            return None
        settings = ls.settings.for_path(document.path)
        return actions.code_actions(document, checked.findings, params, ls.encoding, settings) or None

    @server.command(STATUS_COMMAND)
    def status(ls: PersonalintServer, *args: Any) -> dict[str, int]:
        return checker.status()
