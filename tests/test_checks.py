"""The check vocabulary rule packs are written in."""

from __future__ import annotations

from personalint.engine.context import Context
from personalint.engine.packs import load_all

FUNCTIONS = load_all()


def ctx(document, root: str = "", tables: dict | None = None) -> Context:
    return Context(document, "tavus-create", root, tables or {})


def hits(function: str, document, params: dict, root: str = "", tables: dict | None = None) -> list[tuple[str, str]]:
    return [(h.pointer, h.at) for h in FUNCTIONS[function].run(ctx(document, root, tables), params)]


DOC = {
    "layers": {
        "llm": {
            "tools": [
                {"type": "function", "function": {"name": "a"}},
                {"type": "function", "function": {"name": "a", "description": ""}},
                {"type": "function"},
            ]
        }
    }
}


def test_find_expands_wildcards_over_lists_and_objects() -> None:
    found = ctx(DOC).find("/layers/llm/tools/*/function/name")
    assert found == [("/layers/llm/tools/0/function/name", "a"), ("/layers/llm/tools/1/function/name", "a")]
    assert ctx(DOC).find("/layers/*") == [("/layers/llm", DOC["layers"]["llm"])]
    assert ctx(DOC).find("/missing/*") == []
    assert ctx({"personaConfig": {"a": 1}}, "/personaConfig").find("/a") == [("/a", 1)]


def test_required_reports_each_container_missing_the_key() -> None:
    assert hits("required", DOC, {"path": "/layers/llm/tools/*/function"}) == [("/layers/llm/tools/2", "container")]
    assert hits("required", DOC, {"path": "/layers/llm/tools/*/function/description"}) == [
        ("/layers/llm/tools/0/function", "container"),
        ("/layers/llm/tools/1/function/description", "value"),
    ]


def test_requires_and_exclusive() -> None:
    llm = {"layers": {"llm": {"base_url": "https://x", "model": "m"}}}
    assert hits("requires", llm, {"path": "/layers/llm", "if_present": "base_url", "fields": ["model", "api_key"]}) == [
        ("/layers/llm/base_url", "key")
    ]
    notes = {"directorNotes": {"presetStyle": "warm", "customStylePrompt": "x"}}
    assert hits("exclusive", notes, {"path": "/directorNotes", "fields": ["presetStyle", "customStylePrompt"]}) == [
        ("/directorNotes/customStylePrompt", "key")
    ]


def test_pattern_and_unique() -> None:
    params = {"path": "/ids/*", "regex": "[0-9a-f]{4}", "allow": ["SENTINEL"]}
    assert hits("pattern", {"ids": ["abcd", "SENTINEL", "nope", 3]}, params) == [("/ids/2", "value")]
    assert hits("unique", DOC, {"path": "/layers/llm/tools", "key": "/function/name"}) == [
        ("/layers/llm/tools/1/function/name", "value")
    ]
    assert hits("unique", {"t": ["x", "y", "x"]}, {"path": "/t"}) == [("/t/2", "value")]


def test_key_lifecycle_reports_listed_keys() -> None:
    tables = {"legacy": {"/layers/vqa": {"status": "removed"}, "/layers/*/old": {"status": "legacy"}}}
    document = {"layers": {"vqa": {}, "stt": {"old": 1}}}
    assert hits("key_lifecycle", document, {"table": "legacy", "report": ["removed"]}, tables=tables) == [
        ("/layers/vqa", "key")
    ]
    assert hits("key_lifecycle", document, {"table": "legacy", "report": ["legacy"]}, tables=tables) == [
        ("/layers/stt/old", "key")
    ]


def test_secret_scan_is_linear_on_long_uniform_text() -> None:
    # a URL pattern once took quadratic time on long runs of letters (a 128,000-character prompt: 89 s)
    from personalint.secrets import in_text

    assert in_text("x" * 300_000) == []
    assert in_text("ab1-" * 50_000) == []


def test_raw_text_secret_scan_is_linear_on_repeated_credential_names() -> None:
    """Every line a snippet shows is scanned for key-named assignments: a 160,000-character line of
    `tokentoken=:` once took minutes (each name matched a value to the end of the line)."""
    import time

    from personalint.secrets.redaction import in_raw_text

    def worst(n: int) -> float:
        texts = ("tokentoken=:" * (n // 12), "token=:" * (n // 7), "api_key: " * (n // 9), "api_key=" + "x" * n)
        times = []
        for text in texts:
            start = time.perf_counter()
            in_raw_text(text)
            times.append(time.perf_counter() - start)
        return max(times)

    small, large = worst(20_000), worst(160_000)
    assert large < 8 * 4 * max(small, 1e-3)  # 8x the input: linear, with a generous margin (quadratic: 64x)
    assert in_raw_text('TAVUS_API_KEY = "0123456789abcdef0fedcba987654321"') == {"0123456789abcdef0fedcba987654321"}
    assert in_raw_text('"x-api-key": process.env.TAVUS_API_KEY, token: os.getenv("T")') == set()


def test_mojibake_scan_is_linear_on_long_latin1_runs() -> None:
    from personalint.engine.packs.tavus import mojibake

    assert mojibake("é" * 200_000) is None
    assert mojibake("caf" + "Ã©" * 100_000) == ("Ã©" * 6, "é" * 6)
