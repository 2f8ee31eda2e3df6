"""The server reports what `personalint check` reports: the same findings, at the same places.

Every file a walk of examples/ and of ../shared/corpus/wild finds is opened in the server; its
diagnostics must be the file's `check_bytes` findings, grouped as every report groups them
(nothing for a file a walk skips), with each range converted to LSP's UTF-16 positions here,
independently of the server's own conversion.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import pytest_lsp
from lsp.session import REPO, initialized, lsp_position, open_document, pulled, server_config
from lsprotocol import types
from pytest_lsp import LanguageClient

from personalint import config, files
from personalint.cli.check import settings_for
from personalint.config import options
from personalint.engine.registry import registry
from personalint.group import related
from personalint.pipeline import check_bytes

pytestmark = pytest.mark.asyncio(loop_scope="module")

SHARED = Path(__file__).parents[2] / "shared"
WILD = SHARED / "corpus" / "wild"
SEVERITY = {"error": 1, "warning": 2, "note": 3}


@pytest_lsp.fixture(config=server_config(), scope="module")
async def client(lsp_client: LanguageClient):
    await initialized(lsp_client, REPO)
    yield
    await lsp_client.shutdown_session()


def _walked(folder: Path) -> list[Path]:
    return [Path(p) for p in files.expand([str(folder)], None)]


def _expected(path: Path, text: str) -> list[tuple]:
    # the configuration `personalint check` run in the file's folder finds, its inventory loaded (cli/check.py)
    settings = settings_for(options.from_command_line({}, base=str(REPO)), registry(), config.find(str(path.parent)))
    result = check_bytes(str(path), text.encode("utf-8"), settings)
    if result.skipped:
        return []
    return sorted(
        (
            f.rule,
            SEVERITY[str(f.level)],
            f.message,
            lsp_position(text, f.span.line, f.span.column),
            lsp_position(text, f.span.end_line, f.span.end_column),
            tuple(
                (lsp_position(text, r.span.line, r.span.column), lsp_position(text, r.span.end_line, r.span.end_column))
                for r in f.related
            ),
        )
        for f in related(result.findings, registry())
    )


def _got(diagnostics: list[types.Diagnostic]) -> list[tuple]:
    def position(p: types.Position) -> tuple[int, int]:
        return (p.line, p.character)

    return sorted(
        (
            d.code,
            int(d.severity or 0),
            d.message,
            position(d.range.start),
            position(d.range.end),
            tuple(
                (position(r.location.range.start), position(r.location.range.end)) for r in d.related_information or ()
            ),
        )
        for d in diagnostics
    )


async def _same_as_check(client: LanguageClient, folder: Path) -> int:
    paths = _walked(folder)
    assert paths, f"nothing to check in {folder}"
    differences = []
    for path in paths:
        text = path.read_bytes().decode("utf-8", "replace")
        uri = path.as_uri()
        open_document(client, uri, text, path.suffix.lstrip("."))
        got = _got(await pulled(client, uri))
        expected = _expected(path, text)
        if got != expected:
            differences.append((str(path.relative_to(folder)), got, expected))
        client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))
    assert differences == []
    return len(paths)


async def test_examples_get_the_findings_of_check(client: LanguageClient) -> None:
    assert await _same_as_check(client, REPO / "examples") >= 10


async def test_the_wild_corpus_gets_the_findings_of_check(client: LanguageClient) -> None:
    if not WILD.is_dir():
        pytest.skip(f"{WILD} is not there (../shared is beside the repository only in the project's own checkouts)")
    assert await _same_as_check(client, WILD) >= 10
