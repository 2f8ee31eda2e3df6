"""Suppression comments in YAML, counted in the summary; unused ones are PF090 (like ruff's RUF100)."""

from __future__ import annotations

import importlib.util
import json
import textwrap

import pytest
from click.testing import CliRunner
from helpers import rules_of, where
from summaries import summary

from personalint.cli import cli
from personalint.config import Settings
from personalint.engine.registry import registry
from personalint.pipeline import check_bytes
from personalint.report import render
from personalint.result import Report

# The rules these tests are about; rules added to other packs later do not change them.
SELECTED = ("PS", "PF", "TV002", "TV020", "AN001")


def lint(text: str, name: str = "p.yaml"):
    settings = Settings(enabled=registry().select(SELECTED))
    return check_bytes(name, textwrap.dedent(text).encode(), settings)


TWO_WARNINGS = """\
    persona_name: Coach
    system_prompt: You coach.
    layrs: {}{first}
    layers:
      llm:
        modle: x{second}
    """


def body(first: str = "", second: str = "") -> str:
    return textwrap.dedent(TWO_WARNINGS).replace("{first}", first).replace("{second}", second)


def test_without_comments_both_findings_are_reported() -> None:
    result = lint(body())
    assert rules_of(result) == ["PS005", "PS005"] and result.suppressed == []


def test_end_of_line_suppresses_that_node() -> None:
    result = lint(body(first="  # personalint: disable=PS005"))
    assert where(result, "PS005") == [(6, 5, 6, 10)]
    assert [f.pointer for f in result.suppressed] == ["/layrs"]


def test_rules_can_be_named_by_id_or_name_and_listed() -> None:
    result = lint(body(first="  # personalint: disable=unknown-key, AN001"))
    assert where(result, "PS005") == [(6, 5, 6, 10)]
    # AN001 suppressed nothing: PF090 at its code in the comment
    assert where(result, "PF090") == [(3, 48, 3, 53)]
    (unused,) = [f for f in result.findings if f.rule == "PF090"]
    assert unused.message.startswith("unused suppression: AN001 (") and unused.message.endswith("reports nothing here")


def test_own_line_comment_covers_the_next_node_and_what_is_under_it() -> None:
    text = body().replace("layers:\n", "# personalint: disable=PS005\nlayers:\n")
    result = lint(text)
    assert [f.pointer for f in result.findings] == ["/layrs"]
    assert [f.pointer for f in result.suppressed] == ["/layers/llm/modle"]


def test_stacked_comments_above_a_node_both_apply() -> None:
    text = "system_prompt: x\n# personalint: disable=PS005\n# personalint: disable=PS001\nlayrs: {}\nlayers: 3\n"
    result = lint(text)
    assert rules_of(result) == ["PF090", "PS001"]  # PS001 (the wrong type) is on the next line, not this one
    assert where(result, "PF090") == [(3, 24, 3, 29)]


def test_disable_file_anywhere() -> None:
    result = lint(body(second="\n# personalint: disable-file=PS005"))
    assert result.findings == [] and len(result.suppressed) == 2
    unused = lint("system_prompt: x\n# personalint: disable-file=PS005\n")
    assert where(unused, "PF090") == [(2, 29, 2, 34)]
    assert unused.findings[0].message.endswith("reports nothing in this file")


def test_unknown_disabled_and_malformed_suppressions_are_reported_at_their_code() -> None:
    result = lint("system_prompt: x  # personalint: disable=XX999\n")
    assert where(result, "PF090") == [(1, 42, 1, 47)]
    assert "there is no rule 'XX999'" in result.findings[0].message
    settings = Settings(enabled=registry().select(SELECTED, ["PS005"]))
    disabled = check_bytes("p.yaml", b"system_prompt: x\nlayrs: {}  # personalint: disable=PS005\n", settings)
    assert [(f.rule, f.span.line, f.span.column) for f in disabled.findings] == [("PF090", 2, 35)]
    assert "PS005 (unknown-key) is not enabled" in disabled.findings[0].message
    malformed = lint("system_prompt: x\n  # personalint: enable=PS005\n")
    assert where(malformed, "PF090") == [(2, 3, 2, 30)]
    assert "not a directive personalint reads" in malformed.findings[0].message


def test_pf090_is_not_reported_when_it_is_not_enabled() -> None:
    settings = Settings(enabled=registry().select(["PS"]))
    result = check_bytes("p.yaml", b"system_prompt: x\nlayrs: {}  # personalint: disable=AN001\n", settings)
    assert rules_of(result) == ["PS005"]


def test_pf090_can_itself_be_suppressed() -> None:
    result = lint("system_prompt: x  # personalint: disable=AN001,PF090\n")
    assert result.findings == [] and [f.rule for f in result.suppressed] == ["PF090"]
    assert (
        where(lint("system_prompt: x  # personalint: disable=AN001\n# personalint: disable-file=PF090\n"), "PF090")
        == []
    )


def test_hashes_inside_strings_are_not_comments() -> None:
    text = textwrap.dedent("""\
        system_prompt: x
        layrs: {note: "# personalint: disable=PS005"}
        notes: |
          # personalint: disable-file=PS005
        layers: {llm: {modle: 'x # personalint: disable=PS005'}}
        """)
    result = lint(text)
    assert rules_of(result) == ["PS005", "PS005", "PS005"] and result.suppressed == []


def test_multi_document_streams_suppress_per_node() -> None:
    text = "system_prompt: x\nlayrs: {}\n---\nsystem_prompt: y\nlayrs: {}  # personalint: disable=PS005\n"
    result = lint(text)
    assert [(f.document, f.span.line) for f in result.findings] == [(0, 2)]
    assert [(f.document, f.span.line) for f in result.suppressed] == [(1, 5)]


def test_json_has_no_suppression_comments() -> None:
    result = lint('{"system_prompt": "x  # personalint: disable=PS005", "layrs": {}}', name="p.json")
    assert rules_of(result) == ["PS005"] and result.suppressed == []


def test_suppressed_findings_are_counted_in_every_summary(tmp_path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(body(first="  # personalint: disable=PS005"))
    settings = Settings(enabled=registry().select(SELECTED))
    report = Report([check_bytes(str(path), path.read_bytes(), settings)], settings)
    assert report.suppressed == 1
    assert summary(render("text", report, registry())).endswith("Found 1 problem (1 warning) in 1 file; 1 suppressed.")
    assert json.loads(render("json", report, registry()))["summary"]["suppressed"] == 1
    clean = tmp_path / "clean.yaml"
    clean.write_text("system_prompt: x\nlayrs: {}  # personalint: disable=PS005\n")
    output = (
        CliRunner().invoke(cli, ["check", "--select", ",".join(SELECTED), str(clean)], env={"NO_COLOR": "1"}).output
    )
    assert output.strip().startswith("All good: 1 file checked, no problems (1 suppressed).")


def test_the_suppressed_finding_does_not_decide_the_exit_code(tmp_path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("system_prompt: x\npipeline_mode: half  # personalint: disable-file=PS002,TV100\n")
    result = CliRunner().invoke(cli, ["check", "--format", "json", "--select", "PS,PF,TV100", str(path)])
    data = json.loads(result.output)
    assert data["findings"] == [] or all(f["rule"] == "PF090" for f in data["findings"])
    assert data["summary"]["suppressed"] == 1 and result.exit_code == 0


def test_the_readme_example_is_true(tmp_path) -> None:
    import re

    from helpers import REPO

    section = (REPO / "README.md").read_text().split("## Suppressions", 1)[1]
    example = re.search(r"```yaml\n(.*?)```", section, re.DOTALL).group(1)
    path = tmp_path / "example.yaml"
    path.write_text(example)
    result = check_bytes(str(path), example.encode(), Settings.default())
    assert {f.rule for f in result.suppressed} == {"TV002", "TV020", "PS005"} and len(result.suppressed) == 3
    assert not {"TV002", "TV020", "PS005", "PF090"} & {f.rule for f in result.findings}


# --- every format's comments (issue 10) ------------------------------------------------------

HAS_TS = importlib.util.find_spec("personalint.source.javascript") is not None
ROUTE = """\
const persona = {
  persona_name: "Coach",
  system_prompt: "You coach. // personalint: disable=PS005",
  layrs: {},{first}
  pipeline_mode: "half",
};
{second}
await fetch("https://tavusapi.com/v2/personas", { method: "POST", body: JSON.stringify(persona) });
"""


def route(first: str = "", second: str = "") -> str:
    return ROUTE.replace("{first}", first).replace("{second}", second)


@pytest.mark.skipif(not HAS_TS, reason="the TypeScript reader is not there yet")
def test_typescript_line_comments_block_comments_and_disable_file() -> None:
    plain = lint(route(), name="route.ts")
    assert [(f.rule, f.span.line, f.span.column) for f in plain.findings] == [("PS005", 4, 3), ("PS002", 5, 18)]
    # a `//` inside a string of the persona object is not a comment (no PF090 for it either)
    line = lint(route(first=" // personalint: disable=PS005"), name="route.ts")
    assert rules_of(line) == ["PS002"] and [f.span.line for f in line.suppressed] == [4]
    block = lint(route(first=" /* personalint: disable=PS005 */"), name="route.ts")
    assert rules_of(block) == ["PS002"]
    above = lint(route().replace("  layrs: {},", "  // personalint: disable=PS005\n  layrs: {},"), name="route.ts")
    assert rules_of(above) == ["PS002"]
    whole = lint(route(second="// personalint: disable-file=PS002,PS005"), name="route.ts")
    assert rules_of(whole) == [] and len(whole.suppressed) == 2
    unused = lint(route(second="// personalint: disable-file=TV020"), name="route.ts")
    assert where(unused, "PF090") == [(7, 30, 7, 35)]
    bad = lint(route(second="// personalint: ignore PS002"), name="route.ts")
    [message] = [f.message for f in bad.findings if f.rule == "PF090"]
    assert "`// personalint: disable=RULE[,RULE]`" in message


def _fake_markdown(source, check_duplicates: bool) -> None:  # type: ignore[no-untyped-def]
    """A stand-in Markdown reader: the ```yaml block, read by the YAML reader with the file's lines."""
    from personalint.source import FORMATS, SourceFile, Text

    lines = source.text.split("\n")
    start = lines.index("```yaml")
    end = lines.index("```", start + 1)
    padded = "\n".join(line if start < i < end else "" for i, line in enumerate(lines))
    block = SourceFile(source.path, Text(padded, "yaml"))
    FORMATS["yaml"].load(block, check_duplicates)
    source.documents.extend(block.documents)


MARKDOWN = """\
# Our persona

<!-- personalint: disable=PS002 -->
Create it with:

```yaml
persona_name: Coach
system_prompt: You coach.
layrs: {}{inline}
pipeline_mode: half
```

```sh
# personalint: disable=TV020
echo unrelated
```
"""


def test_markdown_html_comments_and_hashes_inside_the_persona_block(monkeypatch: pytest.MonkeyPatch) -> None:
    from personalint import source

    monkeypatch.setitem(source.FORMATS, "markdown", source.FORMATS["markdown"]._replace(load=_fake_markdown))
    plain = lint(MARKDOWN.replace("{inline}", ""), name="README.md")
    # the HTML comment covers the next content line only (line 4): the block's PS002 stays; the `#`
    # outside the persona block is not a directive (no PF090 for it)
    assert [(f.rule, f.span.line) for f in plain.findings] == [("PF090", 3), ("PS005", 9), ("PS002", 10)]
    inline = lint(MARKDOWN.replace("{inline}", "  # personalint: disable=PS005"), name="README.md")
    assert [f.rule for f in inline.suppressed] == ["PS005"]
    whole = lint(MARKDOWN.replace("{inline}", "").replace("disable=PS002", "disable-file=PS002"), name="README.md")
    assert [f.rule for f in whole.suppressed] == ["PS002"] and "PF090" not in rules_of(whole)
