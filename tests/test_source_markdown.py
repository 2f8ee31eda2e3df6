"""Persona configs in Markdown code blocks and HTML <pre> blocks, at the file's own lines and columns."""

from __future__ import annotations

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


def test_blocks_of_each_language_are_checked_where_they_stand() -> None:
    result = lint(README, name="README.md")
    assert [(f.rule, f.span.line, f.span.column) for f in result.findings] == [
        ("PS002", 11, 19),  # inside an indented block of a list item
        ("PS002", 16, 69),  # inside a blockquote
        ("TV103", 22, 94),  # a TypeScript block, through the TypeScript reader
    ]
    assert [f.document for f in result.findings] == [0, 1, 2]


def test_json_and_yaml_that_are_no_persona_config_say_nothing() -> None:
    text = '```json\n{"compilerOptions": {"strict": true}}\n```\n\n```yaml\non: [push]\njobs: {}\n```\n'
    assert lint(text, name="docs.md").findings == []
    assert lint('```json\n{"compilerOptions": \n```\n', name="docs.md").findings == []  # broken, not a persona


def test_a_broken_persona_block_is_reported() -> None:
    result = lint('Intro\n\n```json\n{"persona_name": "x",\n```\n', name="docs.mdx")
    assert rules_of(result) == ["PF001"] and where(result, "PF001")[0][0] == 5


def test_an_unclosed_fence_and_an_unknown_language_never_break() -> None:
    unclosed = lint("```yaml\npersona_name: x\npipeline_mode: half\n", name="a.md")
    assert [(f.rule, f.span.line) for f in unclosed.findings] == [("TV001", 2), ("PS002", 3)]
    assert lint("```brainfuck\n+++\n```\n", name="a.md").findings == []


def test_html_pre_blocks_without_character_references() -> None:
    html = '<html><body>\n<pre>{"persona_name": "x", "system_prompt": "y",\n "pipeline_mode": "half"}</pre>\n'
    assert where(lint(html, name="p.html"), "PS002") == [(3, 19, 3, 25)]
    escaped = "<pre>{&quot;persona_name&quot;: &quot;x&quot;}</pre>"
    assert lint(escaped, name="p.html").findings == []  # not read yet (the docstring says so)
