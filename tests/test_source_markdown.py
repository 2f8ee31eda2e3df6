"""Persona configs in Markdown/MDX code blocks and HTML <pre>/<code> blocks, at the file's own lines and columns."""

from __future__ import annotations

import time

from helpers import lint, rules_of, where

README = """\
# Setup

```json
{"name": "my-app", "version": "1.0.0", "scripts": {"dev": "next dev"}}
```

1. Create the persona:

   ```yaml
   persona_name: Coach
   pipeline_mode: half
   system_prompt: hi
   ```

> ```json
> {"persona_name": "Quoted", "system_prompt": "x", "pipeline_mode": "halfway"}
> ```

```ts
await fetch("https://tavusapi.com/v2/personas", {
  method: "POST",
  body: JSON.stringify({ persona_name: "x", system_prompt: "y", layers: { tts: { tts_engine: "playht" } } }),
});
```
"""


def at(text: str, needle: str, occurrence: int = 0) -> tuple[int, int]:
    """(line, column), 1-based, of a needle in the text: where a finding must point."""
    offset = -1
    for _ in range(occurrence + 1):
        offset = text.index(needle, offset + 1)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def found(text: str, name: str) -> list[tuple[str, int, int]]:
    return [(f.rule, f.span.line, f.span.column) for f in lint(text, name=name).findings]


def test_blocks_of_each_language_are_checked_where_they_stand() -> None:
    result = lint(README, name="README.md")
    assert [(f.rule, f.span.line, f.span.column) for f in result.findings] == [
        ("PS002", 11, 19),  # inside an indented block of a list item
        ("PS002", 16, 69),  # inside a blockquote
        ("TV103", 22, 94),  # a TypeScript block, through the TypeScript reader
    ]
    assert [f.document for f in result.findings] == [0, 1, 2]
    assert where(result, "PS002")[0] == (11, 19, 11, 23)  # the value's whole span


def test_a_yaml_block_keeps_every_finding_the_yaml_reader_gives() -> None:
    text = "Intro.\n\n```yml\n# the coach\npersona_name: Coach\nsystem_prompt: hi\npipeline_mode: halfx\nlayers:\n  llm:\n    model: tavus-llama\n    speculative_inference: true\npersona_name: yes\n```\n"
    result = found(text, "README.md")
    assert ("PS002", *at(text, "halfx")) in result
    assert ("PF005", *at(text, "yes")) in result  # YAML's implicit typing: the YAML checks run on the block


def test_a_block_in_a_nested_list_keeps_its_columns() -> None:
    text = '- one\n  - two\n\n    ```json\n    {\n      "persona_name": "x",\n      "system_prompt": "y",\n      "pipeline_mode": "halfx"\n    }\n    ```\n'
    assert found(text, "docs/guide.md") == [("PS002", *at(text, '"halfx"'))]


def test_a_json_block_in_mdx_and_a_fence_indented_inside_a_component() -> None:
    text = (
        "---\ntitle: Recipe\n---\nimport { Tabs } from 'x'\n\n<Tabs>\n  <Tab title=\"cURL\">\n\n"
        "    ```bash\n    curl -X POST https://api.anam.ai/v1/personas \\\n"
        '      -d \'{"name": "x", "avatarId": "a", "voiceId": 7}\'\n    ```\n  </Tab>\n</Tabs>\n\n'
        '```json title="persona.json"\n{"persona_name": "x", "system_prompt": "y", "pipeline_mode": "halfx"}\n```\n'
    )
    result = found(text, "recipe.mdx")
    assert ("PS001", *at(text, "7}")) in result  # voiceId: a number, in a curl inside an indented fence
    assert ("PS002", *at(text, '"halfx"')) in result
    # in plain Markdown an indented fence is an indented code block: shown, not a fence
    assert ("PS001", *at(text, "7}")) not in found(text, "recipe.md")


def test_a_python_block_inside_a_list_is_read_unindented() -> None:
    text = (
        "1. Run:\n\n   ```python\n   import requests\n\n   requests.post(\n"
        "       'https://tavusapi.com/v2/personas',\n"
        "       json={'persona_name': 'x', 'system_prompt': 'y', 'pipeline_mode': 'halfx'},\n   )\n   ```\n"
    )
    assert found(text, "README.md") == [("PS002", *at(text, "'halfx'"))]


def test_jsonc_blocks_may_have_comments_and_trailing_commas() -> None:
    text = '```jsonc\n{\n  // the coach\n  "persona_name": "x", /* x */ "system_prompt": "y // z",\n  "pipeline_mode": "halfx",\n}\n```\n'
    assert found(text, "a.md") == [("PS002", *at(text, '"halfx"'))]
    strict = text.replace("jsonc", "json")
    assert rules_of(lint(strict, name="a.md")) == ["PF001"]  # a json block is read as JSON


def test_json_and_yaml_that_are_no_persona_config_say_nothing() -> None:
    text = '```json\n{"compilerOptions": {"strict": true}}\n```\n\n```yaml\non: [push]\njobs: {}\n```\n'
    assert lint(text, name="docs.md").findings == []
    assert lint('```json\n{"compilerOptions": \n```\n', name="docs.md").findings == []  # broken, not a persona
    package = '```json\n{"name": "app", "dependencies": {"@anam-ai/js-sdk": "^3"}, "context": 1}\n```\n'
    assert lint(package, name="docs.md").findings == []
    compose = "```yaml\nservices:\n  web:\n    image: x\n    environment: [TAVUS_API_KEY]\n```\n"
    assert lint(compose, name="docs.md").findings == []


def test_a_reply_shown_in_the_docs_is_no_request_body() -> None:
    reply = '```json\n{"persona_id": "p1", "persona_name": "x", "created_at": "2024-01-01"}\n```\n'
    assert lint(reply, name="api.md").findings == []
    anam = '```json\n{"id": "a1", "name": "x", "avatarId": "b", "voiceId": "c"}\n```\n'
    assert lint(anam, name="api.md").findings == []


def test_a_broken_persona_block_is_reported() -> None:
    result = lint('Intro\n\n```json\n{"persona_name": "x",\n```\n', name="docs.mdx")
    assert rules_of(result) == ["PF001"] and where(result, "PF001")[0][0] == 5
    dots = '# x\n\n```json\n{"persona_name": "x", "system_prompt": "y", ...}\n```\n'
    assert found(dots, "a.md") == [("PF001", *at(dots, "..."))]


def test_an_unclosed_fence_and_an_unknown_language_never_break() -> None:
    unclosed = lint("```yaml\npersona_name: x\npipeline_mode: half\n", name="a.md")
    assert [(f.rule, f.span.line) for f in unclosed.findings] == [("TV001", 2), ("PS002", 3)]
    assert lint("```brainfuck\n+++ persona_name\n```\n", name="a.md").findings == []
    assert lint("```\npersona_name: x\npipeline_mode: halfx\n```\n", name="a.md").findings == []  # no language
    assert lint('````\n```json\n{"persona_name": 1}\n```\n````\n', name="a.md").findings == []  # shown, not a block


def test_several_blocks_and_windows_line_breaks() -> None:
    one = '```json\n{"persona_name": "x", "system_prompt": "y", "pipeline_mode": "halfx"}\n```\n'
    text = (one + "\ntext\n\n" + one).replace("\n", "\r\n")
    result = lint(text, name="a.md")
    assert [(f.rule, f.span.line, f.span.column, f.document) for f in result.findings] == [
        ("PS002", 2, 62, 0),
        ("PS002", 8, 62, 1),
    ]


def test_a_large_file_of_many_blocks_is_read_in_linear_time() -> None:
    block = '```json\n{"persona_name": "x", "system_prompt": "y"}\n```\n\n' + "Some prose about persona_name.\n" * 20
    text = block * 2000  # about 1.3 MB, 2,000 blocks
    start = time.perf_counter()
    lint(text, name="big.md")
    assert time.perf_counter() - start < 10
    assert lint("x" * 3_000_000, name="one-line.md").findings == []
    assert lint("```json\n" + "[" * 100_000 + "\n```\n", name="deep.md").findings == []  # no persona key
    deep = "```json\n" + '{"persona_name": ' * 200 + "1" + "}" * 200 + "\n```\n"
    assert rules_of(lint(deep, name="deep.md")) == ["PF081"]


def test_html_pre_blocks() -> None:
    html = '<html><body>\n<pre>{"persona_name": "x", "system_prompt": "y",\n "pipeline_mode": "half"}</pre>\n'
    assert where(lint(html, name="p.html"), "PS002") == [(3, 19, 3, 25)]


def test_html_character_references_are_decoded_and_positions_kept() -> None:
    html = (
        '<div>\n  <pre id="personaJson">\n{\n  &quot;persona_name&quot;: &quot;D&amp;D &#x1F3B2; master&quot;,\n'
        '  "system_prompt": "x &lt; y",\n  &#34;pipeline_mode&#34;: &quot;halfx&quot;\n}\n  </pre>\n</div>\n'
    )
    result = lint(html, name="index.html")
    assert [(f.rule, f.span.line, f.span.column, f.span.end_column) for f in result.findings] == [
        ("PS002", *at(html, "&quot;halfx"), at(html, "&quot;halfx")[1] + len("&quot;halfx&quot;"))
    ]


def test_html_code_blocks_with_highlighting_markup() -> None:
    html = (
        '<pre><code class="language-json"><span class="p">{</span><span class="s">"persona_name"</span>: "x", '
        '"system_prompt": "y", "pipeline_mode": <span class="s">"halfx"</span>}</code></pre>'
    )
    assert found(html, "docs.html") == [("PS002", *at(html, '"halfx"'))]
    assert lint('<p>Set <code>persona_name</code> and <code>{"a": 1}</code></p><pre>', name="a.html").findings == []
    lint("<pre>{&quot;persona_name&quot;: ", name="a.html")  # unclosed: never raises


def test_the_wild_html_page_is_found_in_place_as_its_json_copy() -> None:
    """tavus-005 as its author wrote it: the JSON in `<pre id="personaJson">` of an HTML page, here with
    its quotes written as `&quot;`: every finding of the JSON copy, at the same text in the page."""
    import html

    import pytest
    from helpers import SHARED

    copy = SHARED / "corpus" / "wild" / "tavus-005-dnd-game-master.json"
    if not copy.exists():
        pytest.skip("the wild corpus is not there")
    body = copy.read_text()
    head = '<!doctype html>\n<html>\n<body>\n  <pre id="personaJson" hidden>'
    page = head + html.escape(body) + "</pre>\n  <script src='app.js'></script>\n</body>\n</html>\n"
    expected = lint(body, name="persona.json").findings
    assert expected
    lines = body.split("\n")
    base = head.count("\n")

    def in_page(line: int, column: int) -> tuple[int, int]:
        escaped = len(html.escape(lines[line - 1][: column - 1])) + 1
        return line + base, escaped + (len(head) - head.rfind("\n") - 1 if line == 1 else 0)

    assert [(f.rule, f.span.line, f.span.column) for f in lint(page, name="index.html").findings] == [
        (f.rule, *in_page(f.span.line, f.span.column)) for f in expected
    ]
