"""Fixes on generated configs (hypothesis): persona bodies with fixable mistakes, written as JSON
(indented or on one line), YAML (block or flow style, CRLF or not), a TypeScript object literal
sent with fetch, or a Python dict sent with requests; every fix keeps the properties of
tests/fixprops.py, and the mistakes the generator made are fixed."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from fixprops import check_properties
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from personalint.config import Settings

UUID = "8d4e1f0e-7b5c-4a8e-9a4d-2c6b1e0f3a9d"
OTHER = "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d"

# (kind, a correct base body, the fixable mistakes that can be added to it: name -> (pointer, value))
ANAM_MISTAKES: dict[str, tuple[str, Any]] = {
    "language tag": ("/languageCode", "en-US"),
    "language upper case": ("/languageCode", "FR"),
    "miscased llm id": ("/llmId", "customer_client_v1"),
    "repeated tool id": ("/toolIds", [UUID, OTHER, UUID]),
    "brain type": ("/brainType", "ANAM_GPT_4O_MINI_V1"),
}
TAVUS_MISTAKES: dict[str, tuple[str, Any]] = {
    "misplaced field": ("/perception_model", "raven-1"),
    "route in base_url": ("/layers/llm/base_url", "https://llm.example.com/v1/chat/completions"),
    "trailing slash": ("/layers/llm/base_url", "https://llm.example.com/v1/"),
    "deprecated stt engine": ("/layers/stt/stt_engine", "tavus-advanced"),
    "repeated guardrail": ("/guardrail_ids", ["g1", "g2", "g1"]),
    "old perception name": ("/layers/perception/perception_tool_prompt", "Use `notice` when a badge is shown."),
    "legacy turn model": ("/layers/conversational_flow/turn_detection_model", "sparrow-0"),
}


def _put(body: dict, pointer: str, value: Any) -> None:
    tokens = pointer.strip("/").split("/")
    for token in tokens[:-1]:
        body = body.setdefault(token, {})
    body[tokens[-1]] = value


def _body(vendor: str, mistakes: list[str]) -> dict:
    if vendor == "anam":
        body: dict = {"name": "Coach", "avatarId": UUID, "voiceId": OTHER, "systemPrompt": "You coach."}
        table = ANAM_MISTAKES
    else:
        body = {"persona_name": "Coach", "system_prompt": "You coach.", "pipeline_mode": "full", "layers": {}}
        table = TAVUS_MISTAKES
        if any(table[m][0].startswith("/layers/llm/base_url") for m in mistakes):
            body["layers"]["llm"] = {"model": "my-model", "api_key": "${LLM_KEY}"}
    for name in mistakes:
        _put(body, *table[name])
    if not body.get("layers", True):
        body["layers"] = {"tts": {"tts_engine": "cartesia"}}
    return body


def _typescript(body: dict, vendor: str, quote: str) -> str:
    url = "https://api.anam.ai/v1/personas" if vendor == "anam" else "https://tavusapi.com/v2/personas"

    def literal(value: Any, indent: int) -> str:
        pad = "  " * indent
        if isinstance(value, dict):
            items = [f"{pad}  {_ts_key(k, quote)}: {literal(v, indent + 1)}," for k, v in value.items()]
            return "{\n" + "\n".join(items) + f"\n{pad}}}" if items else "{}"
        if isinstance(value, list):
            return "[" + ", ".join(literal(v, indent) for v in value) + "]"
        if isinstance(value, str):
            return quote + value.replace("\\", "\\\\").replace(quote, "\\" + quote) + quote
        return json.dumps(value)

    return (
        f"const persona = {literal(body, 0)};\n\n"
        f"await fetch({quote}{url}{quote}, {{ method: {quote}POST{quote}, body: JSON.stringify(persona) }});\n"
    )


def _ts_key(key: str, quote: str) -> str:
    return key if key.isidentifier() else quote + key + quote


def _python(body: dict, vendor: str) -> str:
    url = "https://api.anam.ai/v1/personas" if vendor == "anam" else "https://tavusapi.com/v2/personas"
    return f"import requests\n\npersona = {body!r}\n\nrequests.post({url!r}, json=persona)\n"


def render(body: dict, vendor: str, style: str) -> tuple[str, str]:
    """(file name, text) of `body` written in `style`."""
    if style == "json-indented":
        return "persona.json", json.dumps(body, indent=2) + "\n"
    if style == "json-one-line":
        return "persona.json", json.dumps(body)
    if style == "yaml-block":
        return "persona.yaml", yaml.safe_dump(body, sort_keys=False, default_flow_style=False, width=1000)
    if style == "yaml-block-crlf":
        return "persona.yaml", yaml.safe_dump(body, sort_keys=False, width=1000).replace("\n", "\r\n")
    if style == "yaml-flow":
        return "persona.yaml", yaml.safe_dump(body, sort_keys=False, default_flow_style=True, width=1000)
    if style == "ts-single":
        return "persona.ts", _typescript(body, vendor, "'")
    if style == "ts-double":
        return "persona.ts", _typescript(body, vendor, '"')
    return "persona.py", _python(body, vendor)


STYLES = [
    "json-indented",
    "json-one-line",
    "yaml-block",
    "yaml-block-crlf",
    "yaml-flow",
    "ts-single",
    "ts-double",
    "py",
]


@st.composite
def configs(draw: st.DrawFn) -> tuple[str, str, str, list[str]]:
    vendor = draw(st.sampled_from(["anam", "tavus"]))
    table = ANAM_MISTAKES if vendor == "anam" else TAVUS_MISTAKES
    names = draw(st.lists(st.sampled_from(sorted(table)), min_size=1, max_size=4, unique=True))
    if "route in base_url" in names and "trailing slash" in names:
        names.remove("trailing slash")
    if "language tag" in names and "language upper case" in names:
        names.remove("language upper case")
    style = draw(st.sampled_from(STYLES))
    path, text = render(_body(vendor, names), vendor, style)
    return vendor, path, text, names


def _check(config: tuple[str, str, str, list[str]]) -> None:
    vendor, path, text, names = config
    kind = "anam-create" if vendor == "anam" else "tavus-create"
    run = Settings.default(kind=kind) if not path.endswith((".ts", ".py")) else Settings.default()
    outcome = check_properties(path, text, run)
    assert outcome.applied or outcome.declined, f"nothing was fixed in:\n{text}"
    assert outcome.result is not None
    declined = {(f.rule, f.pointer) for f in outcome.declined}
    left = {(f.rule, f.pointer) for f in outcome.result.findings if f.fix} - declined
    assert not left, f"fixable findings left: {left}\n{outcome.text}"
    for finding in outcome.declined:  # only where the fix would reveal another finding (AN020 beside AN103)
        assert (finding.rule, vendor) in {("AN103", "anam")}, (finding, outcome.text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(configs())
def test_generated_configs_keep_the_properties(config: tuple[str, str, str, list[str]]) -> None:
    _check(config)


@pytest.mark.slow
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(configs())
def test_many_generated_configs_keep_the_properties(config: tuple[str, str, str, list[str]]) -> None:
    _check(config)


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("vendor", ["anam", "tavus"])
def test_every_style_and_every_mistake_is_fixed(vendor: str, style: str) -> None:
    """All the mistakes at once, in every style: each one is mended (no generator luck involved)."""
    table = ANAM_MISTAKES if vendor == "anam" else TAVUS_MISTAKES
    names = [n for n in sorted(table) if n not in ("trailing slash", "language upper case")]
    path, text = render(_body(vendor, names), vendor, style)
    _check((vendor, path, text, names))
