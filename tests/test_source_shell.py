"""Persona bodies of `curl -d '...'` commands, in shell scripts and in Markdown shell blocks."""

from __future__ import annotations

from helpers import lint, rules_of

SCRIPT = """\
#!/bin/sh
# create the persona
curl -X POST https://tavusapi.com/v2/personas \\
  -H "x-api-key: $TAVUS_API_KEY" \\
  -H 'Content-Type: application/json' \\
  -d '{
    "persona_name": "Coach",
    "pipeline_mode": "half",
    "system_prompt": "You coach."
  }'
curl https://tavusapi.com/v2/conversations -d '{"replica_id": "r1", "persona_name": "x", "system_prompt": "y"}'
"""


def test_a_curl_body_is_checked_at_its_place_with_the_kind_of_its_request() -> None:
    result = lint(SCRIPT, name="create.sh")
    assert [(f.rule, f.span.line, f.span.column) for f in result.findings] == [("PS002", 8, 22)]
    # the conversation body is another endpoint's: never a persona, whatever its keys


def test_a_curl_in_a_markdown_shell_block() -> None:
    text = (
        '# Anam\n\n```sh\ncurl -X PUT "https://api.anam.ai/v1/personas/$ID" \\\n'
        '  -H "Authorization: Bearer $ANAM_API_KEY" \\\n  -d \'{"brainType": "ANAM_GPT_4O_MINI_V1"}\'\n```\n'
    )
    result = lint(text, name="README.md")
    assert [(f.rule, f.span.line, f.span.column) for f in result.findings] == [("AN005", 6, 8)]


def test_double_quoted_bodies_and_other_commands_are_left_alone() -> None:
    text = 'curl -X POST https://tavusapi.com/v2/personas -d "{\\"pipeline_mode\\": \\"$MODE\\"}"\necho \'{"a": 1}\'\n'
    assert lint(text, name="a.sh").findings == []
    assert rules_of(lint('curl -d \'{"persona_name": "x",\' https://tavusapi.com/v2/personas\n', name="b.sh")) == [
        "PF001"
    ]
