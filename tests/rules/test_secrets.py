"""Secrets: literal credentials (SE001), key-shaped strings elsewhere (SE002), credentials over
plain http (SE003), and `secret_values` for redaction. No message may contain a secret."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import rules_of, where

from personalint import secrets
from personalint.config import Settings
from personalint.engine.registry import registry
from personalint.pipeline import check_bytes, check_paths
from personalint.source import load

GROQ = "gsk_" + "FAKE0a1B2c3D4e5F6g7H8i9J0k"  # shorter than a real key: no scanner takes it for one
CARTESIA = "sk_car_" + "FAKEQ2w3E4r5T6y7U8"
OPENAI = "sk-proj-" + "FAKEZx81Yw72Xv63Wu54"
BEARER = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ"


def _only_se(text: str, name: str = "p.yaml"):
    """Check `text` with the SE rules alone (other packs' rules have their own tests)."""
    return check_bytes(name, textwrap.dedent(text).encode(), Settings(enabled=registry().select(["SE"])))


def _tavus_llm(**llm: object) -> str:
    return json.dumps({"system_prompt": "You help.", "layers": {"llm": {"model": "m", **llm}}}, indent=2)


def _no_secret_in_messages(result, *values: str) -> None:
    for finding in result.findings:
        for value in values:
            assert value not in finding.message, finding


# --- SE001 literal-credential -----------------------------------------------------------------


def test_literal_keys_in_tavus_api_key_fields() -> None:
    text = json.dumps(
        {
            "system_prompt": "You help.",
            "layers": {
                "llm": {"model": "llama", "base_url": "https://api.groq.com/openai/v1", "api_key": GROQ},
                "tts": {"tts_engine": "cartesia", "api_key": CARTESIA},
            },
        },
        indent=2,
    )
    result = _only_se(text, name="p.json")
    assert [(f.rule, f.pointer, str(f.level)) for f in result.findings] == [
        ("SE001", "/layers/llm/api_key", "warning"),
        ("SE001", "/layers/tts/api_key", "warning"),
    ]
    assert result.findings[0].message == (
        "llm.api_key holds a Groq API key (gsk_…) written literally; put a placeholder such as ${API_KEY} in the "
        "file and fill it in when the body is sent, and rotate the key if it was committed"
    )
    assert "a Cartesia API key (sk_car_…)" in result.findings[1].message
    assert where(result, "SE001") == [(7, 18, 7, 18 + len(GROQ) + 2), (11, 18, 11, 18 + len(CARTESIA) + 2)]
    _no_secret_in_messages(result, GROQ, CARTESIA, GROQ[:8], CARTESIA[:10])


@pytest.mark.parametrize(
    "value",
    [
        "${GROQ_API_KEY}",
        "$GROQ_API_KEY",
        "{{ groq_api_key }}",
        "<API_KEY>",
        "your-api-key",
        "YOUR_API_KEY",
        "random-api-key",
        "api-key",
        "xxxxxxxxxxxxxxxx",
        "sk-xxxxxxxxxxxxxxxxxxxxxxxx",
        "EMPTY",
        "sk-no-key-required",
        "short",
        "",
        "   ",
        "Bearer ${TOKEN}",
        "process.env.GROQ_API_KEY",
    ],
)
def test_placeholders_are_not_secrets(value: str) -> None:
    assert "SE001" not in rules_of(
        _only_se(_tavus_llm(base_url="https://x.example.com/v1", api_key=value), name="p.json")
    )


def test_unshaped_literal_key() -> None:
    result = _only_se(_tavus_llm(base_url="https://x.example.com/v1", api_key="a1b2c3d4e5f6a7b8c9d0"), name="p.json")
    assert [f.message.split(";")[0] for f in result.findings] == [
        "llm.api_key holds a literal secret written literally"
    ]


def test_credential_headers() -> None:
    result = _only_se(
        f"""\
        system_prompt: You help.
        layers:
          llm:
            model: my-model
            base_url: https://llm.example.com/v1
            headers:
              Authorization: Bearer {BEARER}
              x-api-key: {OPENAI}
              X-Request-Source: persona
              Accept: application/json
        """
    )
    assert [(f.rule, f.pointer) for f in result.findings] == [
        ("SE001", "/layers/llm/headers/Authorization"),
        ("SE001", "/layers/llm/headers/x-api-key"),
    ]
    assert where(result, "SE001") == [(7, 22, 7, 22 + len(f"Bearer {BEARER}")), (8, 18, 8, 18 + len(OPENAI))]
    assert result.findings[0].message.startswith("the Authorization header holds a bearer token written literally")
    assert result.findings[1].message.startswith("the x-api-key header holds an OpenAI project API key (sk-proj-…)")
    _no_secret_in_messages(result, BEARER, OPENAI)
    placeholder = _only_se(
        "system_prompt: x\nlayers:\n  llm:\n    headers:\n      Authorization: Bearer your-api-key\n"
    )
    assert rules_of(placeholder) == ["SE004"]  # a stand-in, not a leak


def test_anam_webhook_tool_headers_in_a_session_body() -> None:
    body = {
        "personaConfig": {
            "avatarId": "x",
            "tools": [
                {
                    "type": "server",
                    "subtype": "webhook",
                    "name": "lookup",
                    "url": "https://api.example.com/lookup",
                    "headers": {"api-key": "f0e1d2c3b4a5968778695a4b3c2d1e0f"},
                }
            ],
        }
    }
    result = _only_se(json.dumps(body), name="p.json")
    assert [(f.rule, f.pointer) for f in result.findings if f.rule.startswith("SE")] == [
        ("SE001", "/personaConfig/tools/0/headers/api-key")
    ]


# --- SE002 key-in-text ------------------------------------------------------------------------


def test_keys_pasted_into_text() -> None:
    result = _only_se(
        f"""\
        avatarId: 071b0286-4cce-4808-bee2-e642f1062de3
        systemPrompt: "Call the API with key {OPENAI} and token {JWT}."
        """
    )
    assert [(f.rule, f.pointer) for f in result.findings] == [("SE002", "/systemPrompt")]
    assert where(result, "SE002") == [(2, 15, 2, 15 + len(f'"Call the API with key {OPENAI} and token {JWT}."'))]
    assert result.findings[0].message == (
        "systemPrompt contains an OpenAI project API key (sk-proj-…) and a JSON Web Token (eyJ…); remove it "
        "(secrets belong in the credential fields, filled in when the body is sent) and rotate it if it was committed"
    )
    _no_secret_in_messages(result, OPENAI, JWT)


def test_credentials_inside_urls() -> None:
    body = {
        "personaConfig": {
            "avatarId": "x",
            "tools": [
                {
                    "type": "server",
                    "subtype": "webhook",
                    "name": "a",
                    "url": "https://bot:s3cr3tPassw0rd@api.example.com/a",
                },
                {
                    "type": "server",
                    "subtype": "webhook",
                    "name": "b",
                    "url": "https://api.example.com/b?api_key=a1b2c3d4e5f6g7h8",
                },
                {
                    "type": "server",
                    "subtype": "webhook",
                    "name": "c",
                    "url": "https://calendar.example.com/list?uid=u1&exp=1767265200&sig=3f1c9a0d5b7e2c4a6f8d0b1e3c5a7f9d",
                },
            ],
        }
    }
    result = _only_se(json.dumps(body), name="p.json")
    assert [(f.rule, f.pointer, f.message.split(";")[0]) for f in result.findings] == [
        ("SE002", "/personaConfig/tools/0/url", "tools[0].url contains a password in a URL (user:password@)"),
        ("SE002", "/personaConfig/tools/1/url", "tools[1].url contains a credential in a URL query (?api_key=…)"),
    ]  # a signed URL's sig is not a key


@pytest.mark.parametrize(
    "text",
    [
        "Use Bearer authentication and Basic SentencePiece tokenisation.",
        "Keys look like sk-xxxxxxxxxxxxxxxxxxxxxxxx; AWS's documented one is AKIAIOSFODNN7EXAMPLE.",
        "Discuss task-management-and-risk-assessment-procedures with the user.",
        "Tokens: the model handles about 32,000 of them.",
    ],
)
def test_prose_and_documentation_stand_ins_are_not_keys(text: str) -> None:
    assert _only_se(json.dumps({"avatarId": "x", "systemPrompt": text}), name="p.json").findings == []


# --- SE003 credential-over-http ---------------------------------------------------------------


def test_plain_http_base_url_with_a_key() -> None:
    result = _only_se(_tavus_llm(base_url="http://llm.example.com/v1", api_key="${LLM_API_KEY}"), name="p.json")
    assert [(f.rule, f.pointer) for f in result.findings] == [("SE003", "/layers/llm/base_url")]
    assert where(result, "SE003") == [(6, 19, 6, 46)]
    assert result.findings[0].message == (
        "llm.base_url is plain http://, so the api_key sent with every request travels unencrypted; use https://"
    )
    headers = _only_se(
        json.dumps(
            {
                "system_prompt": "x",
                "layers": {
                    "llm": {"base_url": "http://93.184.215.14:8000/v1", "headers": {"Authorization": "Bearer ${TOKEN}"}}
                },
            }
        ),
        name="p.json",
    )
    assert [f.message.split(",")[0] for f in headers.findings] == ["llm.base_url is plain http://"]
    assert "Authorization header" in headers.findings[0].message


@pytest.mark.parametrize(
    "llm",
    [
        {"base_url": "https://llm.example.com/v1", "api_key": "${K}"},
        {"base_url": "http://localhost:5000", "api_key": "random-api-key"},  # tavus-001: unreachable, not cleartext
        {"base_url": "http://127.0.0.1:8000/v1", "api_key": "${K}"},
        {"base_url": "http://192.168.1.20/v1", "api_key": "${K}"},
        {"base_url": "http://llm.example.com/v1", "api_key": ""},
        {"base_url": "http://llm.example.com/v1"},
    ],
)
def test_no_cleartext_finding(llm: dict) -> None:
    assert "SE003" not in rules_of(_only_se(_tavus_llm(**llm), name="p.json"))


def test_secrets_in_patch_operations() -> None:
    result = _only_se(
        f"""\
        - op: replace
          path: /layers/llm/api_key
          value: {GROQ}
        - op: add
          path: /layers/llm
          value: {{model: m, base_url: "http://llm.example.com/v1", api_key: "${{LLM_API_KEY}}"}}
        - op: replace
          path: /system_prompt
          value: "Use {OPENAI} for lookups."
        - op: replace
          path: /layers/tts/api_key
          value: ${{CARTESIA_API_KEY}}
        """
    )
    assert [(f.rule, f.pointer) for f in result.findings] == [
        ("SE001", "/0/value"),
        ("SE003", "/1/value/base_url"),
        ("SE002", "/2/value"),
    ]
    assert where(result, "SE001") == [(3, 10, 3, 10 + len(GROQ))]
    assert result.findings[0].message.startswith("llm.api_key holds a Groq API key (gsk_…)")
    _no_secret_in_messages(result, GROQ, OPENAI)


# --- SE004 placeholder-credential -------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["random-api-key", "your-api-key", "YOUR_API_KEY", "API_KEY", "xxx", "********", "<API_KEY>", "[API KEY]"]
    + ["sk-...", "sk-xxxxxxxxxxxxxxxxxxxxxxxx", "gsk_xxxxxxxxxxxxxxxxxxxxxxxx", "insert-key-here", "string"],
)
def test_stand_in_in_a_credential_field(value: str) -> None:
    result = _only_se(_tavus_llm(base_url="https://x.example.com/v1", api_key=value), name="p.json")
    assert rules_of(result) == ["SE004"]
    assert where(result, "SE004") == [(7, 18, 7, 18 + len(json.dumps(value)))]
    assert result.findings[0].message.startswith(
        f"llm.api_key still holds the stand-in '{value}', which is sent as it is"
    )
    assert str(result.findings[0].level) == "warning"


@pytest.mark.parametrize(
    "value",
    ["${GROQ_API_KEY}", "$GROQ_API_KEY", "{{ groq_api_key }}", "process.env.GROQ_API_KEY", "Bearer ${TOKEN}"]
    + ["EMPTY", "none", "dummy", "not-needed", "sk-no-key-required", "test-key", "", "   ", "x", "short"]
    + ["abc123", "a1b2c3d4e5f6a7b8c9d0", GROQ],
)
def test_no_stand_in(value: str) -> None:
    """Substitutions, values that say no key is checked, blanks, short or random strings and real keys."""
    result = _only_se(_tavus_llm(base_url="https://x.example.com/v1", api_key=value), name="p.json")
    assert "SE004" not in rules_of(result)


def test_stand_in_outside_a_credential_field_is_not_reported() -> None:
    result = _only_se(_tavus_llm(base_url="https://x.example.com/v1", model="your-api-key"), name="p.json")
    assert "SE004" not in rules_of(result)


def test_stand_in_in_a_header_and_a_webhook_tool() -> None:
    result = _only_se(
        """\
        avatarId: 071b0286-4cce-4808-bee2-e642f1062de3
        tools:
          - type: server
            subtype: webhook
            name: lookup
            url: https://api.example.com/orders
            headers:
              Authorization: Bearer YOUR_TOKEN
              X-Trace: your-trace-id
        """
    )
    assert [(f.rule, f.pointer) for f in result.findings] == [("SE004", "/tools/0/headers/Authorization")]
    assert where(result, "SE004") == [(8, 22, 8, 39)]
    assert result.findings[0].message.startswith(
        "the Authorization header still holds the stand-in 'Bearer YOUR_TOKEN'"
    )


def test_stand_in_in_a_tavus_patch_value() -> None:
    text = '[\n  {"op": "replace", "path": "/layers/llm/api_key", "value": "your-api-key"}\n]\n'
    result = _only_se(text, name="patch.json")
    assert [(f.rule, f.pointer) for f in result.findings] == [("SE004", "/0/value")]
    assert where(result, "SE004") == [(2, 61, 2, 75)]


def test_wild_tavus_001_random_api_key(shared: Path) -> None:
    path = shared / "corpus" / "wild" / "tavus-001-life-coach-custom-llm.json"
    result = _only_se(path.read_text(), name=path.name)
    assert [(f.rule, f.span.line, f.span.column) for f in result.findings] == [("SE004", 10, 18)]


# --- secret_values, and no secret in any output -----------------------------------------------


def test_secret_values_for_redaction() -> None:
    value = {
        "layers": {"llm": {"api_key": GROQ, "headers": {"Authorization": f"Bearer {BEARER}"}}},
        "system_prompt": f"key {OPENAI}",
        "note": "your-api-key",
    }
    assert secrets.secret_values(value) == {GROQ, f"Bearer {BEARER}", BEARER, OPENAI}
    document = load("p.json", json.dumps(value).encode()).documents[0]
    assert secrets.secret_values(document) == {GROQ, f"Bearer {BEARER}", BEARER, OPENAI}
    patch = [
        {"op": "replace", "path": "/layers/tts/api_key", "value": "f0e1d2c3b4a5968778695a4b3c2d1e0f"},
        {"op": "replace", "path": "/system_prompt", "value": "Be kind."},
    ]
    assert secrets.secret_values(patch) == {"f0e1d2c3b4a5968778695a4b3c2d1e0f"}
    assert secrets.secret_values({"api_key": "${GROQ_API_KEY}"}) == set()


def test_redact_masks_every_secret_in_a_line() -> None:
    values = secrets.secret_values({"api_key": GROQ, "headers": {"Authorization": f"Bearer {BEARER}"}})
    assert secrets.redact(f'    "api_key": "{GROQ}",', values) == '    "api_key": "<redacted>",'
    assert secrets.redact(f"      Authorization: Bearer {BEARER}", values) == "      Authorization: <redacted>"
    slashed = secrets.secret_values({"password": "a1b2/c3d4/e5f6"})
    assert secrets.redact('{"password": "a1b2\\/c3d4\\/e5f6"}', slashed) == '{"password": "<redacted>"}'


@pytest.mark.parametrize("output", ["text", "concise", "json"])
def test_no_message_contains_a_secret(tmp_path: Path, output: str) -> None:
    from personalint.cli import cli

    path = tmp_path / "p.json"
    path.write_text(
        json.dumps(
            {
                "system_prompt": f"key {OPENAI}",
                "layers": {
                    "llm": {
                        "model": "m",
                        "base_url": "http://llm.example.com/v1",
                        "api_key": GROQ,
                        "headers": {"Authorization": f"Bearer {BEARER}"},
                    }
                },
            }
        )
    )
    result = CliRunner().invoke(cli, ["check", str(path), "--format", output, "--select", "SE"])
    assert result.exit_code == 0, result.output
    messages = (
        [f["message"] for f in json.loads(result.output)["findings"]]
        if output == "json"
        else [line for line in result.output.splitlines() if " SE00" in line]
    )
    assert len(messages) == 4
    for message in messages:
        for secret in (GROQ, BEARER, OPENAI, GROQ[5:15], BEARER[:10], OPENAI[8:18]):
            assert secret not in message


# --- the wild corpus --------------------------------------------------------------------------


def test_wild_corpus_secrets(shared: Path) -> None:
    report = check_paths([str(shared / "corpus" / "wild")], Settings.default())
    found = sorted((Path(f.path).name, f.rule, f.pointer) for f in report.findings if f.rule.startswith("SE"))
    assert found == [
        # wild-audit tavus-001: "random-api-key" is a stand-in (its http base_url is localhost, not cleartext)
        ("tavus-001-life-coach-custom-llm.json", "SE004", "/layers/llm/api_key"),
        # SOURCES.md: the Groq key (faked, same shape) committed in tavus-012
        ("tavus-012-iss-tracker-byo-llm.json", "SE001", "/layers/llm/api_key"),
        # SOURCES.md: tavus-014's Groq and Cartesia keys (from env, filled with fakes)
        ("tavus-014-erewhon-cashier-groq.json", "SE001", "/layers/llm/api_key"),
        ("tavus-014-erewhon-cashier-groq.json", "SE001", "/layers/tts/api_key"),
    ]
    messages = [f.message for f in report.findings if f.rule in ("SE001", "SE002", "SE003")]
    assert [m.split(" written")[0] for m in messages] == [
        "llm.api_key holds a Groq API key (gsk_…)",
        "llm.api_key holds a Groq API key (gsk_…)",
        "tts.api_key holds a Cartesia API key (sk_car_…)",
    ]
    assert not any("FAKE" in m for m in messages)


@pytest.mark.parametrize("first", ["personalint.placeholders", "personalint.secrets", "personalint.secrets.formats"])
def test_placeholders_and_secrets_import_in_any_order(first: str) -> None:
    import subprocess
    import sys

    code = f"import {first}; from personalint import placeholders, secrets; print(placeholders.is_placeholder('xxx'))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (done.returncode, done.stdout, done.stderr) == (0, "True\n", "")
