"""Persona objects in Python code (source/python.py): context and shape, kinds from endpoints,
partial evaluation and unknown values, exact positions, several objects, traps, bad input."""

from __future__ import annotations

import time

from helpers import SHARED, lint, rules_of, where

from personalint.finding import Span
from personalint.source import load
from personalint.source.code import Unknown


def documents(text: str, name: str = "app.py"):
    return load(name, text.encode()).documents


# the style of the four Python configs of shared/corpus/wild (SOURCES.md): tavus-001, -008, -012, -015

LIFE_COACH = """\
import os

import requests

TAVUS_API_KEY = os.getenv("TAVUS_API_KEY")
BASE_URL = os.getenv("NGROK_URL", "http://localhost:5000")


def create_persona():
    url = "https://tavusapi.com/v2/personas"
    payload = {
        "persona_name": "Life Coach",
        "system_prompt": "As a Life Coach, you are a dedicated professional.",
        "context": "Here are a few times that you have helped an individual.",
        "default_replica_id": "r79e1c033f",
        "layers": {
            "llm": {"model": "your-model-name", "base_url": BASE_URL, "api_key": "random-api-key"},
            "vqa": {"enable_vision": "false"},
        },
    }
    headers = {"x-api-key": TAVUS_API_KEY, "Content-Type": "application/json"}
    response = requests.request("POST", url, json=payload, headers=headers)
    print(response.json())
    return response.json()["persona_id"]
"""

KIOSK = """\
import json
import os

import httpx

API = "https://tavusapi.com"
HEADERS = {"x-api-key": os.environ["TAVUS_API_KEY"]}
SYSTEM_PROMPT = (
    "You are Jenny, the friendly AI receptionist at All Nassau Dental.\\n"
    "You are on a VIDEO CALL with a patient at a self-service kiosk.\\n"
)


def create_objectives(client: httpx.Client) -> str:
    body = {"data": [{"objective_name": "verify", "objective_prompt": "Verify the patient"}]}
    return client.post(f"{API}/v2/objectives", json=body).json()["objectives_id"]


def main() -> None:
    with httpx.Client(headers=HEADERS, timeout=30) as client:
        objectives_id = create_objectives(client)
        persona = {
            "persona_name": "Jenny - Dental Receptionist",
            "system_prompt": SYSTEM_PROMPT,
            "pipeline_mode": "full",
            "objectives_id": objectives_id,
            "layers": {"llm": {"model": "tavus-gpt-4.1"}, "stt": {"stt_engine": "tavus-advanced"}},
        }
        response = client.post(f"{API}/v2/personas", content=json.dumps(persona))
        print(json.dumps(response.json(), indent=2))
"""

PAL = """\
import os

import aiohttp

TAVUS_BASE = os.getenv("TAVUS_BASE_URL", "https://tavusapi.com")
DEFAULT_FACE_ID = "f1a2b3c4d5"


async def ensure_pal(session: aiohttp.ClientSession) -> str:
    body = {
        "pal_name": "Fluent Me Conversation Coach v6",
        "pipeline_mode": "full",
        "system_prompt": "You are the visible personal English coach inside Fluent Me.",
        "default_face_id": os.getenv("TAVUS_FACE_ID") or DEFAULT_FACE_ID,
    }
    async with session.post(f"{TAVUS_BASE}/v2/pals", json=body) as response:
        return (await response.json())["pal_id"]
"""


def test_requests_request_body_in_place() -> None:
    result = lint(LIFE_COACH, name="conversation_creation.py")
    assert where(result, "TV111") == [(14, 9, 14, 18), (18, 13, 18, 18)]  # context, layers.vqa (their keys)
    assert where(result, "TV016") == [(17, 30, 17, 47)]  # the placeholder model, the value
    # base_url is os.getenv(..., "http://localhost:5000"): unknown, judged only by TV236, which opts in
    # to fallbacks (engine/fallbacks.py): a note at the lookup, saying what was assumed
    (local,) = [f for f in result.findings if f.rule == "TV236"]
    assert (str(local.level), local.span.line) == ("note", 17) and "when NGROK_URL is unset" in local.message
    (document,) = documents(LIFE_COACH)
    assert document.kind == "tavus-create"
    assert document.kind_reason == "POST https://tavusapi.com/v2/personas"
    base_url = document.value["layers"]["llm"]["base_url"]
    assert isinstance(base_url, Unknown) and base_url.fallback == "http://localhost:5000"  # through the name
    assert document.unknown == {"/layers/llm/base_url"}


def test_httpx_client_content_json_dumps_and_other_vendor_bodies() -> None:
    result = lint(KIOSK, name="setup_persona.py")
    assert where(result, "TV102") == [(27, 41, 27, 56), (27, 81, 27, 97)]
    (document,) = documents(KIOSK)  # the objectives body is another request: never a persona
    assert document.kind == "tavus-create"
    assert document.value["system_prompt"].startswith("You are Jenny")  # a module constant, followed
    assert document.span("/system_prompt") == Span(24, 30, 24, 43)  # a followed name: the name in the dict


def test_aiohttp_pal_body() -> None:
    result = lint(PAL, name="tavus.py")
    assert where(result, "TV015") == [(11, 9, 11, 19)]
    (document,) = documents(PAL)
    assert document.kind == "tavus-create"
    assert document.kind_reason == "POST https://tavusapi.com/v2/pals"  # the URL through getenv's fallback
    face = document.value["default_face_id"]
    assert isinstance(face, Unknown) and face.fallback == "f1a2b3c4d5"


def test_wild_python_configs_rebuilt_find_what_the_json_copies_find() -> None:
    """tavus-012 as its author wrote it: a module-level script."""
    wild = (SHARED / "corpus" / "wild" / "tavus-012-iss-tracker-byo-llm.json").read_text()
    assert "smart_turn_detection" in wild
    script = """\
import requests

url = "https://tavusapi.com/v2/personas"

payload = {
    "persona_name": "ISS Tracker Bot",
    "pipeline_mode": "full",
    "system_prompt": "You are a helpful assistant that provides the location of the ISS.",
    "layers": {
        "llm": {"base_url": "https://e9f3-180-245-191-222.ngrok-free.app/", "model": "llama-3.3-70b-versatile"},
        "tts": {"tts_engine": "cartesia", "tts_emotion_control": True},
        "stt": {
            "stt_engine": "tavus-advanced",
            "participant_pause_sensitivity": "high",
            "smart_turn_detection": True,
        },
    },
}
headers = {"x-api-key": "<api-key>", "Content-Type": "application/json"}

response = requests.post(url, json=payload, headers=headers)
print(response.text)
"""
    result = lint(script, name="create_persona.py")
    assert sorted(set(rules_of(result))) == ["TV102", "TV111", "TV231", "TV239", "TV264"]  # TV231: no api_key
    assert where(result, "TV239") == [(10, 29, 10, 75)]
    assert where(result, "TV111") == [(14, 13, 14, 44), (15, 13, 15, 35)]


# kinds from the request


def test_kinds_from_method_and_url() -> None:
    text = """\
import requests

ANAM = "https://api.anam.ai/v1"


def create():
    requests.post(f"{ANAM}/personas", json={"name": "Leo", "avatarId": "a", "maxSessionLengthSeconds": 60})


def update(persona_id):
    requests.put(ANAM + "/personas/" + persona_id, json={"name": "Leo", "widgetConfig": {}})


def session():
    body = {"personaConfig": {"name": "Leo", "avatarId": "a", "maxSessionLengthSeconds": 60}}
    return requests.post("https://api.anam.ai/v1/auth/session-token", json=body)


def patch(persona_id):
    ops = [{"op": "replace", "path": "/persona_name", "value": "Coach"}]
    requests.patch(f"https://tavusapi.com/v2/personas/{persona_id}", json=ops)
"""
    kinds = [(d.kind, d.kind_reason) for d in documents(text)]
    assert kinds == [
        ("anam-create", "POST https://api.anam.ai/v1/personas"),
        ("anam-update", "PUT https://api.anam.ai/v1/personas/{}"),
        ("anam-session", "POST https://api.anam.ai/v1/auth/session-token"),
        ("tavus-patch", "PATCH https://tavusapi.com/v2/personas/{}"),
    ]
    result = lint(text, name="anam.py")
    # session-only maxSessionLengthSeconds: reported in the POST /v1/personas body, not in the session's
    assert where(result, "AN007") == [(7, 77, 7, 102)]
    assert "AN008" not in rules_of(result)  # widgetConfig in a PUT is right


def test_session_persona_config_through_a_name_is_the_persona_object() -> None:
    text = """\
import httpx

PERSONA = {"name": "Cara", "avatarId": "a", "brainType": "ANAM_GPT_4O_MINI_V1"}


async def token(client: httpx.AsyncClient):
    body = {"personaConfig": PERSONA}
    return await client.post("https://api.anam.ai/v1/auth/session-token", json=body)
"""
    (document,) = documents(text)
    assert document.kind == "anam-session"
    assert document.value == {"name": "Cara", "avatarId": "a", "brainType": "ANAM_GPT_4O_MINI_V1"}
    assert where(lint(text, name="s.py"), "AN005") == [(3, 45, 3, 56)]


def test_persona_config_key_found_by_shape() -> None:
    text = """\
def session_body(user):
    return {"personaConfig": {"name": user.name, "systemPrompt": "  Hi", "llmId": "CUSTOMER_CLIENT_V1"}}
"""
    (document,) = documents(text)  # the wrapper; its inline personaConfig is not a second object
    assert document.kind == "anam-session" and "personaConfig" in document.value
    assert where(lint(text, name="s.py"), "AN020") == [(2, 50, 2, 64)]


def test_ternary_body_sends_two_personas() -> None:
    text = """\
import requests

def create(echo):
    requests.post(
        "https://tavusapi.com/v2/personas",
        json={"persona_name": "A", "pipeline_mode": "echo"} if echo else {"persona_name": "B"},
    )
"""
    assert [d.value["persona_name"] for d in documents(text)] == ["A", "B"]
    assert where(lint(text, name="t.py"), "TV001") == [(6, 74, 6, 75)]


def test_urllib_request_and_formatted_urls() -> None:
    text = """\
import json
import urllib.request

TAVUS = "https://tavusapi.com/v2/personas/{}"


def rename(persona_id, name):
    ops = [{"op": "replace", "path": "/persona_name", "value": name}]
    request = urllib.request.Request(
        TAVUS.format(persona_id), data=json.dumps(ops).encode(), method="PATCH"
    )
    return urllib.request.urlopen(request)


def create():
    body = {"persona_name": "A", "system_prompt": "B"}
    return httpx.post(url="https://tavusapi.com/v2/%s" % "personas", json=body)
"""
    kinds = [(d.kind, d.kind_reason) for d in documents(text)]
    assert kinds == [
        ("tavus-patch", "PATCH https://tavusapi.com/v2/personas/{}"),
        ("tavus-create", "POST https://tavusapi.com/v2/personas"),
    ]


# by shape


def test_module_constants_and_returned_dicts_by_shape() -> None:
    text = """\
COACH = {"persona_name": "Coach", "pipeline_mode": "half"}


def make_persona(prompt: str) -> dict:
    return dict(persona_name="Tutor", system_prompt=prompt, pipeline_mode="full")


NOT_ONE = {"name": "x", "description": "y"}
"""
    docs = documents(text)
    assert [d.kind for d in docs] == [None, None]  # the pipeline tells the kind from the keys
    assert docs[0].kind_reason.startswith("its keys")
    result = lint(text, name="personas.py")
    assert where(result, "PS002") == [(1, 52, 1, 58)]  # pipeline_mode: half
    assert where(result, "TV001") == [(1, 9, 1, 10)]  # no system_prompt in COACH: at its "{"
    # dict(...) keywords are keys, at the keyword's name
    assert documents(text)[1].span("/pipeline_mode", "key").column == 61


# partial evaluation and unknown values


def test_unknown_values_are_present_but_never_judged() -> None:
    text = """\
import os
import requests

def create(x):
    requests.post("https://tavusapi.com/v2/personas", json={
        "persona_name": get_name(),
        "system_prompt": build_prompt(x),
        "default_replica_id": os.environ["REPLICA"],
        "layers": {"llm": {"model": f"tavus-{x}"}},
    })
"""
    result = lint(text, name="app.py")
    assert rules_of(result) == []  # TV001 satisfied, no type errors, no unknown model


def test_a_condition_reading_an_unknown_value_does_not_run() -> None:
    text = """\
import os
import requests

requests.post("https://tavusapi.com/v2/personas", json={
    "persona_name": "Echo",
    "pipeline_mode": os.getenv("MODE", "echo"),
})
"""
    assert "TV001" not in rules_of(lint(text, name="app.py"))
    (document,) = documents(text)
    assert document.value["pipeline_mode"].fallback == "echo"
    # the same body with a literal mode is judged
    assert where(lint(text.replace('os.getenv("MODE", "echo")', '"full"'), name="app.py"), "TV001") == [(4, 56, 4, 57)]


def test_literals_spreads_names_and_concatenation() -> None:
    text = """\
BASE = {"pipeline_mode": "full", "layers": {"tts": {"tts_engine": "cartesia"}}}
NAME = "Co" + "ach"
LAYERS = BASE["layers"]

PERSONA = {
    **BASE,
    "persona_name": NAME,
    "system_prompt": "You coach " "kindly." f" Always.",
    "document_ids": ["d1", *["d2"]],
    "layers": LAYERS,
    "x": (1, -2.5, True, None),
}
"""
    (document,) = documents(text)  # BASE is part of PERSONA, not a second object
    assert document.value == {
        "pipeline_mode": "full",
        "layers": {"tts": {"tts_engine": "cartesia"}},
        "persona_name": "Coach",
        "system_prompt": "You coach kindly. Always.",
        "document_ids": ["d1", "d2"],
        "x": [1, -2.5, True, None],
    }
    assert document.span("/pipeline_mode", "key").line == 6  # a spread's keys point at the spread
    assert document.span("/layers/tts/tts_engine").line == 10  # the followed name, in the dict


def test_unknown_spread_and_keys_make_the_object_open() -> None:
    text = """\
import requests

def create(extra, key):
    requests.post("https://tavusapi.com/v2/personas", json={**extra, "persona_name": "A"})
    requests.post("https://tavusapi.com/v2/personas", json={key: "x", "persona_name": "B"})
"""
    assert [d.open for d in documents(text)] == [frozenset({""}), frozenset({""})]
    assert "TV001" not in rules_of(lint(text, name="app.py"))  # system_prompt may be in extra


def test_keys_set_after_the_literal_are_unknown() -> None:
    text = """\
import requests

def create(prompt, echo):
    payload = {"persona_name": "A", "pipeline_mode": "full", "layers": {"llm": {"model": "x"}}}
    payload["system_prompt"] = prompt
    if echo:
        payload["pipeline_mode"] = "echo"
    payload["layers"]["llm"]["model"] = "tavus-gpt-oss"
    requests.post("https://tavusapi.com/v2/personas", json=payload)
"""
    (document,) = documents(text)
    assert isinstance(document.value["system_prompt"], Unknown)
    assert isinstance(document.value["pipeline_mode"], Unknown)
    assert isinstance(document.value["layers"]["llm"]["model"], Unknown)
    assert rules_of(lint(text, name="app.py")) == []


def test_names_are_followed_without_cycles() -> None:
    text = """\
A = B
B = A
PERSONA = {"persona_name": A, "system_prompt": PERSONA, "pipeline_mode": "full"}
"""
    (document,) = documents(text)
    assert isinstance(document.value["persona_name"], Unknown)
    assert isinstance(document.value["system_prompt"], Unknown)


def test_a_parameter_shadows_a_module_constant() -> None:
    text = """\
MODE = "half"

def persona(MODE):
    return {"persona_name": "A", "system_prompt": "B", "pipeline_mode": MODE}
"""
    assert rules_of(lint(text, name="app.py")) == []


# positions


def test_positions_after_non_ascii_text_on_the_same_line() -> None:
    text = """\
P = {"persona_name": "Привет 👋 café", "pipeline_mode": "half", "system_prompt": "Ü"}
"""
    result = lint(text, name="app.py")
    # "Привет 👋 café" is 13 characters (23 bytes): the column counts characters (code points)
    assert where(result, "PS002") == [(1, 56, 1, 62)]
    (document,) = documents(text)
    assert document.span("/pipeline_mode", "key").column == 39


def test_positions_with_crlf_and_a_bom() -> None:
    text = 'X = 1\r\nP = {\r\n    "persona_name": "é",\r\n    "pipeline_mode": "half", "system_prompt": "s"}\r\n'
    result = lint(text, name="app.py")
    assert where(result, "PS002") == [(4, 22, 4, 28)]
    data = b"\xef\xbb\xbf" + text.encode()
    (document,) = load("app.py", data).documents
    assert document.span("/pipeline_mode").line == 4 and document.span("/pipeline_mode").column == 22


def test_duplicate_keys_are_reported() -> None:
    text = """\
P = {"persona_name": "A", "system_prompt": "B", "persona_name": "C"}
"""
    assert where(lint(text, name="app.py"), "PF002") == [(1, 49, 1, 63)]
    (document,) = documents(text)
    assert document.value["persona_name"] == "C"


# several objects and the traps


def test_several_objects_each_checked() -> None:
    text = """\
def persona(which):
    if which == "a":
        return {"persona_name": "A", "pipeline_mode": "half", "system_prompt": "x"}
    if which == "b":
        return {"persona_name": "B", "pipeline_mode": "fast", "system_prompt": "y"}
    return {"persona_name": "C", "pipeline_mode": "full", "system_prompt": "z"}
"""
    assert len(documents(text)) == 3
    assert where(lint(text, name="app.py"), "PS002") == [(3, 55, 3, 61), (5, 55, 5, 61)]


def test_traps_are_never_persona_objects() -> None:
    text = """\
import logging
from typing import TypedDict

import requests

logger = logging.getLogger(__name__)
print({"persona_name": "A", "pipeline_mode": "half"})
logger.info("sent %s", {"persona_name": "A", "pipeline_mode": "half"})
logging.debug({"persona_name": "A", "pipeline_mode": "half"})

Persona = TypedDict("Persona", {"persona_name": str, "pipeline_mode": str})


class PersonaBody(TypedDict):
    persona_name: str
    pipeline_mode: str


SCHEMA = {"type": "object", "properties": {"persona_name": {"type": "string"}, "system_prompt": {}}}
REPLY = {"persona_id": "p1", "persona_name": "A", "pipeline_mode": "half", "created_at": "2025-01-01"}


def start(persona_id):
    return requests.post(
        "https://tavusapi.com/v2/conversations",
        json={"persona_id": persona_id, "persona_name": "A", "pipeline_mode": "half", "system_prompt": "x"},
    )


def tool():
    body = {"name": "lookup", "description": "d", "systemPrompt": "x", "llmId": "y"}
    return requests.post("https://api.anam.ai/v1/tools", json=body)
"""
    assert documents(text) == []
    assert lint(text, name="app.py").findings == []


def test_a_file_without_persona_objects() -> None:
    text = """\
import requests

def get(url):
    return requests.post(url, json={"query": "x"}).json()
"""
    source = load("app.py", text.encode())
    assert source.documents == [] and source.problems == []


# bad input


def test_a_syntax_error_in_a_file_with_a_persona_object_is_pf001_at_the_error() -> None:
    cases = {
        'P = {"persona_name": "A", "pipeline_mode": "half"\n': (1, 5, "'{' was never closed"),
        'print "python 2"\nP = {"persona_name": "A", "pipeline_mode": "half"}\n': (1, 1, "print"),
        'import requests\nrequests.post("https://tavusapi.com/v2/personas", json={"a": 1]})\n': (2, 63, "']'"),
        'P = {"persona_name": "Ünï", "system_prompt": "x" ]\n': (1, 50, "']'"),  # columns in characters
    }
    for text, (line, column, words) in cases.items():
        (finding,) = lint(text, name="app.py").findings
        assert (finding.rule, finding.span.line, finding.span.column) == ("PF001", line, column), text
        assert words in finding.message and "no persona object in this file is checked" in finding.message


def test_a_syntax_error_without_a_persona_object_in_sight_finds_nothing() -> None:
    for text in (
        "# persona_name, system_prompt\ndef f(:\n",  # words in a comment
        "# persona_name, system_prompt\n\x0c\x0b\n",
        'print "tavus persona"\n',  # Python 2 that mentions the vendor
        'P = {"persona_name": "A"\n',  # one persona key: not enough
    ):
        source = load("app.py", text.encode())
        assert source.documents == [] and source.problems == []
        assert lint(text, name="app.py").findings == []


def test_deep_nesting_never_a_traceback() -> None:
    # within the parser's limit: the object is refused at the level past MAX_DEPTH (PF081)
    nested = "[" * 150 + "]" * 150
    text = 'P = {"persona_name": "A", "system_prompt": "B", "document_ids": ' + nested + "}\n"
    result = lint(text, name="app.py")
    assert rules_of(result) == ["PF081"]
    # past the parser's limits (SyntaxError, RecursionError, MemoryError): PF001, no traceback
    hint = "# persona_name, system_prompt: https://tavusapi.com/v2/personas\n"
    for text in (
        "P = " + "[" * 5000 + "]" * 5000 + "\n",
        "P = " + " + ".join(['"a"'] * 200_000) + "\n",
        "P = " + "-" * 100_000 + "1\n",
        "P = {" + '"persona_name": {' * 3000 + "}" * 3001 + "\n",
    ):
        source = load("app.py", (hint + text).encode())
        assert source.documents == [] and [p.rule for p in source.problems] == ["PF001"]
        assert "no persona object in" in source.problems[0].message
    # a long chain of concatenations the parser takes is evaluated without recursing
    text = hint + 'P = {"persona_name": ' + " + ".join(['"a"'] * 900) + ', "system_prompt": "x"}\n'
    (document,) = load("app.py", text.encode()).documents
    assert document.value["persona_name"] == "a" * 900


def test_warnings_of_the_parser_are_not_printed(capfd) -> None:
    lint('P = {"persona_name": "\\d", "pipeline_mode": "half", "system_prompt": "x"}\n', name="app.py")
    assert capfd.readouterr().err == ""


def test_a_200_kb_file_is_read_quickly() -> None:
    block = """\
def handler_{i}(request):
    data = {{"id": {i}, "items": [1, 2, 3], "name": "item {i}", "nested": {{"a": "b", "c": [{{"d": 1}}]}}}}
    logger.info("handled %s", data)
    return requests.post(f"{{BASE}}/api/{i}", json=data).json()

"""
    persona = 'P{i} = {{"persona_name": "é {i}", "pipeline_mode": "half", "system_prompt": "x"}}\n'
    parts = []
    i = 0
    while sum(map(len, parts)) < 200_000:
        parts.append(block.format(i=i) + (persona.format(i=i) if i % 50 == 0 else ""))
        i += 1
    text = "".join(parts)
    started = time.perf_counter()
    result = lint(text, name="big.py")
    elapsed = time.perf_counter() - started
    assert len([f for f in result.findings if f.rule == "PS002"]) == len(range(0, i, 50))
    assert elapsed < 2.0, elapsed
