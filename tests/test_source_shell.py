"""Persona bodies of `curl -d '...'` commands, in shell scripts and in Markdown shell blocks."""

from __future__ import annotations

import time

from helpers import lint, rules_of

from personalint.source import SourceFile, Text
from personalint.source.shell import load_shell

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
BODY = '{"persona_name": "x", "system_prompt": "y", "pipeline_mode": "halfx"}'


def found(text: str, name: str = "a.sh") -> list[tuple[str, int, int]]:
    return [(f.rule, f.span.line, f.span.column) for f in lint(text, name=name).findings]


def column(line: str, needle: str) -> int:
    return line.index(needle) + 1


def kinds(text: str) -> list[tuple[str | None, str]]:
    source = SourceFile("a.sh", Text(text, "shell"))
    load_shell(source, True)
    return [(d.kind, d.kind_reason) for d in source.documents]


def test_a_curl_body_is_checked_at_its_place_with_the_kind_of_its_request() -> None:
    assert found(SCRIPT, "create.sh") == [("PS002", 8, 22)]
    # the conversation body is another endpoint's: never a persona, whatever its keys
    assert kinds(SCRIPT) == [("tavus-create", "POST https://tavusapi.com/v2/personas")]


def test_the_method_and_url_give_the_kind() -> None:
    assert kinds('curl -X PATCH https://tavusapi.com/v2/personas/p1 -d \'[{"op": "add"}]\'\n') == [
        ("tavus-patch", "PATCH https://tavusapi.com/v2/personas/p1")
    ]
    assert kinds('curl --request=PUT "https://api.anam.ai/v1/personas/$ID" --data \'{"name": "x"}\'\n') == [
        ("anam-update", "PUT https://api.anam.ai/v1/personas/$ID")
    ]
    assert kinds('curl -sSXPOST ${ANAM}/v1/auth/session-token --json \'{"personaConfig": {"name": "x"}}\'\n') == [
        ("anam-session", "POST ${ANAM}/v1/auth/session-token")
    ]
    assert kinds("curl -G https://tavusapi.com/v2/personas -d 'limit=10'\n") == []  # a GET: no body


def test_a_curl_in_a_markdown_shell_block() -> None:
    text = (
        '# Anam\n\n```sh\ncurl -X PUT "https://api.anam.ai/v1/personas/$ID" \\\n'
        '  -H "Authorization: Bearer $ANAM_API_KEY" \\\n  -d \'{"brainType": "ANAM_GPT_4O_MINI_V1"}\'\n```\n'
    )
    assert found(text, "README.md") == [("AN005", 6, 8)]


def test_a_console_block_with_prompts_and_output() -> None:
    line = f"$ curl -s -X POST https://tavusapi.com/v2/personas -d '{BODY}' | jq ."
    text = f'Run:\n\n```console\n{line}\n{{"persona_id": "p1", "persona_name": "x"}}\n```\n'
    assert found(text, "README.md") == [("PS002", 4, column(line, '"halfx"'))]


def test_options_with_values_redirections_and_command_substitution() -> None:
    line = (
        f"resp=$(curl -s -o out.json -H 'Referer: https://example.com/v1/x' -A agent "
        f"https://tavusapi.com/v2/personas --data-raw '{BODY}' 2>&1)"
    )
    assert found(line + "\n") == [("PS002", 1, column(line, '"halfx"'))]
    attached = f"sudo TOKEN=x curl -d'{BODY}' https://tavusapi.com/v2/personas > /dev/null"
    assert found(attached + "\n") == [("PS002", 1, column(attached, '"halfx"'))]


def test_a_double_quoted_body_without_expansions_is_read_with_its_escapes() -> None:
    line = 'curl https://tavusapi.com/v2/personas -d "{\\"persona_name\\": \\"x\\", \\"pipeline_mode\\": \\"halfx\\"}"'
    result = [(f.rule, f.span.line, f.span.column) for f in lint(line + "\n", name="a.sh").findings]
    assert ("PS002", 1, column(line, '"halfx')) in result  # the quote after its backslash


def test_a_quote_escaped_inside_a_single_quoted_body() -> None:
    line = 'curl https://tavusapi.com/v2/personas -d \'{"persona_name": "it\'\\\'\'s", "pipeline_mode": "halfx"}\''
    assert ("PS002", 1, column(line, '"halfx"')) in found(line + "\n")


def test_double_quoted_bodies_and_other_commands_are_left_alone() -> None:
    text = 'curl -X POST https://tavusapi.com/v2/personas -d "{\\"pipeline_mode\\": \\"$MODE\\"}"\necho \'{"a": 1}\'\n'
    assert lint(text, name="a.sh").findings == []
    assert rules_of(lint('curl -d \'{"persona_name": "x",\' https://tavusapi.com/v2/personas\n', name="b.sh")) == [
        "PF001"
    ]
    assert lint("curl -d @persona.json https://tavusapi.com/v2/personas\n", name="c.sh").findings == []
    assert lint('curl -d "$BODY" https://tavusapi.com/v2/personas\n', name="c.sh").findings == []
    # no endpoint in sight: only a body whose keys clearly make it a persona
    assert lint('curl http://localhost:3000/api -d \'{"name": "x"}\'\n', name="d.sh").findings == []
    assert rules_of(lint(f"curl http://localhost:3000/api -d '{BODY}'\n", name="d.sh")) == ["PS002"]
    assert lint("echo curl; # curl -d '{}' https://tavusapi.com/v2/personas\n", name="e.sh").findings == []


def test_bad_input_never_breaks_and_stays_linear() -> None:
    for text in ("curl", "curl '", 'curl "', "curl \\", "curl -d", "curl -X", "curl --data=", "curl -d '{' \\\n"):
        lint(text, name="a.sh")
    start = time.perf_counter()
    lint("curl " + "'a' " * 200_000 + "\n" + "curl x\n" * 50_000, name="big.sh")
    lint("curl -d '" + "x" * 3_000_000, name="big.sh")
    assert time.perf_counter() - start < 10


def test_the_wild_curl_guide_is_found_in_place_as_its_json_copy() -> None:
    """tavus-010 as its author wrote it: a curl block in QUICK_TEST_GUIDE.md (SOURCES.md); every finding the
    JSON copy gives, at the same place inside the body."""
    import pytest
    from helpers import SHARED

    copy = SHARED / "corpus" / "wild" / "tavus-010-livekit-echo-appointment.json"
    if not copy.exists():
        pytest.skip("the wild corpus is not there")
    body = copy.read_text().rstrip("\n")
    head = "# Quick test\n\n```bash\ncurl --request POST \\\n  --url https://tavusapi.com/v2/personas \\\n"
    head += "  -H 'x-api-key: <your-key>' \\\n  -H 'Content-Type: application/json' \\\n  -d '"
    text = head + body + "'\n```\n"
    expected_in_json = lint(copy.read_text(), name="persona.json", kind="tavus-create").findings
    assert expected_in_json
    base_line, base_column = head.count("\n"), len(head) - head.rfind("\n") - 1
    assert [(f.rule, f.span.line, f.span.column) for f in lint(text, name="QUICK_TEST_GUIDE.md").findings] == [
        (f.rule, f.span.line + base_line, f.span.column + (base_column if f.span.line == 1 else 0))
        for f in expected_in_json
    ]
