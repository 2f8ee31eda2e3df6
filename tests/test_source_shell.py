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


# --- bodies the shell expands (source/shell_body.py) ---

ANAM = "curl -X POST https://api.anam.ai/v1/personas"
TAVUS = "curl -X POST https://tavusapi.com/v2/personas"


def documents(text: str) -> list:
    source = SourceFile("a.sh", Text(text, "shell"))
    load_shell(source, True)
    return source.documents


def test_a_double_quoted_body_with_expansions_is_read_around_them() -> None:
    line = (
        f'{TAVUS} -d "{{\\"persona_name\\": \\"$name\\", \\"system_prompt\\": \\"Hi ${{USER}}, $(date +%F)\\", '
        f'\\"default_replica_id\\": \\"`whoami`\\", \\"pipeline_mode\\": \\"halfx\\"}}"'
    )
    # the finding after the expansions on the same line points at its own place
    assert found(line + "\n") == [("PS002", 1, column(line, '"halfx'))]
    (document,) = documents(line + "\n")
    assert document.kind == "tavus-create"
    value = document.value
    assert [repr(value[key]) for key in ("persona_name", "system_prompt", "default_replica_id")] == [
        "Unknown('$name')",
        "Unknown('Hi ${USER}, $(date +%F)')",  # a string only partly an expansion is unknown too
        "Unknown('`whoami`')",
    ]
    assert value["pipeline_mode"] == "halfx"
    assert document.unknown == {"/persona_name", "/system_prompt", "/default_replica_id"}
    assert document.open == frozenset()


def test_the_wild_loop_building_a_body_with_expansions() -> None:
    """anam-007 as its author wrote it: `-d "{\\"name\\": \\"$name\\", ... \\"fillerPhrases\\": $fillerPhrases}"`."""
    from helpers import REPO

    text = (REPO / "tests" / "fixtures" / "wild" / "anam-007-teaching-leo-create.sh").read_text()
    assert found(text) == [("AN110", 27, 9), ("AN006", 30, 8), ("AN006", 31, 8)]
    (document,) = documents(text)
    assert (document.kind, document.kind_reason) == ("anam-create", "POST https://api.anam.ai/v1/personas")
    assert repr(document.value["brain"]["fillerPhrases"]) == "Unknown('$fillerPhrases')"
    assert "/brain/fillerPhrases" in document.unknown
    assert document.open == {"/brain"}  # a value spliced in raw may expand to more keys


def test_an_expansion_is_never_judged() -> None:
    body = (
        '{\\"name\\": \\"$NAME\\", \\"avatarId\\": \\"$AVATAR_ID\\", \\"voiceId\\": \\"$VOICE\\", '
        '\\"llmId\\": \\"$(llm-id)\\", \\"systemPrompt\\": \\"${PROMPT}\\"}'
    )
    assert found(f'{ANAM} -d "{body}"\n') == []  # not "not a UUID"; the voiceId is there
    spliced = f'{ANAM} -d \'{{"name": "\'"$NAME"\'", "avatarId": "\'$AVATAR_ID\'", "voiceId": "v-\'$V\'", '
    spliced += '"llmId": "`cat llm`", "systemPrompt": "s"}\''
    # quotes closed around an expansion, an unquoted one; a backquote inside single quotes is sent as it is
    assert found(spliced + "\n") == [("AN102", 1, column(spliced, '"`cat'))]
    assert found(f'{ANAM} -d "$BODY"\n') == [] and documents(f'{ANAM} -d "$BODY"\n') == []


def test_a_value_spliced_in_raw_is_unknown() -> None:
    line = f'{TAVUS} -d "{{\\"persona_name\\": \\"x\\", \\"layers\\": $L, \\"pipeline_mode\\": \\"halfx\\"}}"'
    assert found(line + "\n") == [("PS002", 1, column(line, '"halfx'))]  # after a shorter expansion: still there
    (document,) = documents(line + "\n")
    assert repr(document.value["layers"]) == "Unknown('$L')"
    assert document.open == {""}
    listed = f'{TAVUS} -d "{{\\"persona_name\\": \\"x\\", \\"tags\\": [1, $MORE], \\"pipeline_mode\\": 3}}"'
    (document,) = documents(listed + "\n")
    assert repr(document.value["tags"]) == "Unknown('$MORE')"  # how many items: the shell says
    # no endpoint in sight: the shape still counts
    shaped = (
        'curl http://localhost -d "{\\"persona_name\\": \\"$N\\", \\"system_prompt\\": $P, \\"pipeline_mode\\": 3}"'
    )
    assert found(shaped + "\n") == [("PS002", 1, column(shaped, "3}"))]


def test_a_key_that_is_an_expansion_is_dropped_and_its_object_open() -> None:
    line = f'{TAVUS} -d "{{\\"persona_name\\": \\"x\\", \\"$KEY\\": 1, \\"pipeline_mode\\": \\"halfx\\"}}"'
    assert found(line + "\n") == [("PS002", 1, column(line, '"halfx'))]  # no "unknown key '$KEY'"
    (document,) = documents(line + "\n")
    assert sorted(document.value) == ["persona_name", "pipeline_mode"] and document.open == {""}
    escaped = f'{ANAM} -d "{{\\"\\$schema\\": 1, \\"name\\": \\"n\\"}}"'  # `\\$` is a dollar the shell keeps
    assert ("PS005", 1, column(escaped, '"\\$schema')) in found(escaped + "\n")


def test_an_expansion_where_json_syntax_goes_leaves_the_body_unread() -> None:
    message = "the body holds shell expansions where JSON syntax goes: not checked"
    for body in ('{\\"name\\": \\"x\\", $MORE}', "{$KEY: 1}", '{\\"name\\": \\"x\\" $REST}', '{\\"a\\": $A$B}'):
        line = f'{ANAM} -d "{body}"'
        result = lint(line + "\n", name="a.sh")
        expected = column(line, "$B" if "$B" in body else "$")
        assert [(f.rule, f.span.line, f.span.column, f.message) for f in result.findings] == [
            ("PF001", 1, expected, message)
        ]
    # to no persona endpoint: nothing to say; broken JSON before any expansion is what it is
    assert found('curl http://localhost -d "{\\"persona_name\\": \\"x\\", \\"pipeline_mode\\": 1, $MORE}"\n') == []
    broken = f'{ANAM} -d "{{\\"name\\" \\"x\\", \\"a\\": $A}}"'
    assert [f.message for f in lint(broken + "\n", name="a.sh").findings] == ["invalid JSON: Expecting ':' delimiter"]


def test_a_default_of_the_shell_is_judged_as_a_fallback() -> None:
    line = f'{ANAM} -d "{{\\"name\\": \\"n\\", \\"avatarId\\": \\"$A\\", \\"voiceId\\": \\"${{VOICE:-Emma}}\\"}}"'
    result = lint(line + "\n", name="a.sh")
    assert [(f.rule, f.span.line, f.span.column, f.level.name) for f in result.findings] == [
        ("AN101", 1, column(line, '"${VOICE'), "NOTE")
    ]
    assert "when VOICE is unset, the code falls back to 'Emma'" in result.findings[0].message


# --- heredocs ---


def test_a_heredoc_under_a_quoted_delimiter_is_read_as_written() -> None:
    text = (
        f"{ANAM} \\\n  -H 'Content-Type: application/json' \\\n  --data-binary @- <<'EOF'\n"
        '{\n  "name": "Leo",\n  "avatarId": "$AVATAR_ID",\n  "voiceId": "v", "brainType": "ANAM_GPT_4O_MINI_V1"\n}\nEOF\n'
        "echo done\n"
    )
    # quoted: the shell sends `$AVATAR_ID` itself, which is no UUID
    assert found(text) == [("AN100", 6, 15), ("AN101", 7, 14), ("AN005", 7, 19)]
    assert kinds(text) == [("anam-create", "POST https://api.anam.ai/v1/personas")]


def test_a_heredoc_under_a_bare_delimiter_is_expanded() -> None:
    body_line = (
        '  "name": "$NAME", "avatarId": "${AVATAR_ID}", "voiceId": "$(voice)", "brainType": "ANAM_GPT_4O_MINI_V1"'
    )
    text = f"{ANAM} -d @- <<EOF\n{{\n{body_line}\n}}\nEOF\n"
    assert found(text) == [("AN005", 3, column(body_line, '"brainType'))]  # after three expansions on its line
    (document,) = documents(text)
    assert document.unknown == {"/name", "/avatarId", "/voiceId"}
    # a backslash keeps a dollar; a double quote is only a character in a heredoc
    escaped = f'{ANAM} -d @- <<EOF\n{{"name": "\\$NAME", "avatarId": "a\\"b"}}\nEOF\n'
    assert documents(escaped)[0].value == {"name": "$NAME", "avatarId": 'a"b'}


def test_a_tab_stripped_heredoc_and_a_quoted_delimiter_after_a_space() -> None:
    text = (
        "if true; then\n"
        f"\t{TAVUS} --data @- <<-EOF\n"
        '\t\t{"persona_name": "$N", "system_prompt": "y",\n'
        '\t\t "pipeline_mode": "halfx"}\n'
        "\tEOF\n"
        "fi\n"
    )
    assert found(text) == [("PS002", 4, 21)]  # columns count the tabs the shell drops
    spaced = (
        f'{TAVUS} --data @- << "JSON"\n{{"persona_name": "$N", "system_prompt": "y", "pipeline_mode": "halfx"}}\nJSON\n'
    )
    assert found(spaced) == [
        ("PS002", 2, column(spaced.split("\n")[1], '"halfx'))
    ]  # quoted: `$N` is a name like any other
    assert documents(spaced)[0].unknown == frozenset()


def test_a_heredoc_through_cat_a_pipe_or_a_command_substitution() -> None:
    body, at = BODY, column(BODY, '"halfx')
    cat = f"cat <<'EOF' | {TAVUS} -d @-\n{body}\nEOF\n"
    assert found(cat) == [("PS002", 2, at)]
    assert kinds(cat) == [("tavus-create", "POST https://tavusapi.com/v2/personas")]
    piped = f"{TAVUS} -d @- <<EOF | jq -r .persona_id\n{body}\nEOF\n"
    assert found(piped) == [("PS002", 2, at)]
    substituted = f"id=$({TAVUS} -d @- <<EOF\n{body}\nEOF\n)\necho $id\n"
    assert found(substituted) == [("PS002", 2, at)]
    herestring = f"{TAVUS} --json @- <<< '{body}'\n"
    assert found(herestring) == [("PS002", 1, column(herestring, '"halfx"'))]


def test_a_heredoc_body_is_not_read_as_commands() -> None:
    first = '{"persona_name": "It\'s me", "system_prompt": "y", "pipeline_mode": "halfx"}'
    text = f"{TAVUS} -d @- <<EOF\n{first}\nEOF\n{TAVUS} -d '{BODY}'\n"
    assert found(text) == [
        ("PS002", 2, column(first, '"halfx')),
        ("PS002", 4, column(f"{TAVUS} -d '{BODY}'", '"halfx')),
    ]
    # a heredoc of another command, with a curl and a quote in it, is not a command either
    other = f"cat > notes.txt <<EOF\nrun curl -d '{{ later\nEOF\n{TAVUS} -d '{BODY}'\n"
    assert found(other) == [("PS002", 4, column(f"{TAVUS} -d '{BODY}'", '"halfx'))]


def test_bodies_from_files_and_other_commands_stay_unread() -> None:
    assert found(f"{TAVUS} -d @persona.json\n") == []
    assert found(f"{TAVUS} --data-binary @persona.json <<EOF\n{BODY}\nEOF\n") == []  # the file, not stdin
    assert found(f"echo '{BODY}' | {TAVUS} -d @-\n") == []
    assert found(f"cat body.json <<EOF | {TAVUS} -d @-\n{BODY}\nEOF\n") == []
    assert found(f"{TAVUS} -d '{{}}' <<EOF\n{BODY}\nEOF\n") == [("TV001", 1, 51)]  # `{}` is the body


def test_a_heredoc_in_a_markdown_shell_block() -> None:
    text = f"# Create\n\n```bash\n{TAVUS} \\\n  -d @- <<'EOF'\n{BODY}\nEOF\n```\n"
    assert found(text, "README.md") == [("PS002", 6, column(BODY, '"halfx'))]


def test_bad_heredocs_never_break_and_stay_linear() -> None:
    assert found(f"{ANAM} -d @- <<") == [] and found(f"{ANAM} -d @- <<\n") == []
    assert found(f"{ANAM} -d @- <<EOF") == [] and found(f"{ANAM} -d @- <<EOF\n") == []
    # the delimiter never comes: the shell sends the rest of the file
    assert found(f'{ANAM} -d @- <<EOF\n{{"name": "x"}}') == [("AN110", 2, 1)]
    indented = f'if true; then\n  {ANAM} -d @- <<EOF\n  {{"name": "x"}}\n  EOF\nfi\n'
    result = lint(indented, name="a.sh")
    assert [(f.rule, f.span.line, f.span.column) for f in result.findings] == [
        ("PF001", 2, column(f"  {ANAM} -d @- <<EOF", "EOF"))
    ]
    assert "delimiter line never comes" in result.findings[0].message
    for text in (f'{ANAM} -d "$(', f'{ANAM} -d "${{', f'{ANAM} -d "`', f"{ANAM} -d @- <<'EOF\n{{}}\n", "curl <<- \n"):
        lint(text, name="a.sh")
    start = time.perf_counter()
    head = f"{ANAM} -d @- <<"
    lint(head + '\'EOF\'\n{"name": "' + "x" * 1_000_000 + '"}\nEOF\n', name="big.sh")
    lint(head + 'EOF\n{"name": "' + "x$A " * 250_000 + '"}\nEOF\n', name="big.sh")
    lint(head + "EOF\n" + '{"a": 1}\n' * 100_000, name="big.sh")
    lint(head + "-EOF\n" + "\t" * 1_000_000 + "\n" * 100_000 + "EOF\n", name="big.sh")
    lint(f'{ANAM} -d "' + "$(" * 200_000 + '"$("' * 100_000, name="big.sh")
    lint(f'{ANAM} -d "[' + "$A," * 200_000 + '1]"\n', name="big.sh")
    lint(f"{ANAM} -d @- " + "<<EOF " * 50_000 + "\n" + "EOF\n" * 10, name="big.sh")
    assert time.perf_counter() - start < 10


def test_arithmetic_opens_no_heredoc_and_crlf_scripts_close_theirs() -> None:
    line = (
        f'{TAVUS} -d "{{\\"persona_name\\": \\"$((n + 1))\\", \\"system_prompt\\": \\"y\\", \\"pipeline_mode\\": 1}}"'
    )
    text = f"x=$((1 << 3))\n(( y <<= 2 ))\n{line}\n"
    assert found(text) == [("PS002", 3, column(line, "1}"))]  # `<< 3` is a shift, not a heredoc to `3`
    crlf = f"{TAVUS} -d @- <<EOF\r\n{BODY}\r\nEOF\r\n{TAVUS} -d '{BODY}'\r\n"
    assert found(crlf) == [("PS002", 2, column(BODY, '"halfx')), ("PS002", 4, column(f"{TAVUS} -d '{BODY}'", '"halfx'))]
