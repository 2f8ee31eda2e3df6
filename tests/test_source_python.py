"""Persona objects in Python code (source/python.py): context and shape, kinds from endpoints,
partial evaluation and unknown values, exact positions, several objects, traps, bad input."""

from __future__ import annotations

import time
from pathlib import Path

from helpers import lint, rules_of, where

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
    # to fallbacks (engine/fallbacks.py): a note at the lookup where BASE_URL is defined, saying what was assumed
    (local,) = [f for f in result.findings if f.rule == "TV236"]
    assert (str(local.level), local.span.line, local.span.column) == ("note", 6, 12)
    assert "when NGROK_URL is unset" in local.message
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
    assert document.span("/system_prompt") == Span(9, 5, 10, 72)  # a followed name: where its value is written
    assert document.span("/system_prompt", "key").line == 24  # the key: where the dict has it


def test_aiohttp_pal_body() -> None:
    result = lint(PAL, name="tavus.py")
    assert where(result, "TV015") == [(11, 9, 11, 19)]
    (document,) = documents(PAL)
    assert document.kind == "tavus-create"
    assert document.kind_reason == "POST https://tavusapi.com/v2/pals"  # the URL through getenv's fallback
    face = document.value["default_face_id"]
    assert isinstance(face, Unknown) and face.fallback == "f1a2b3c4d5"


def test_wild_python_configs_rebuilt_find_what_the_json_copies_find(shared: Path) -> None:
    """tavus-012 as its author wrote it: a module-level script (skipped without ../shared)."""
    wild = (shared / "corpus" / "wild" / "tavus-012-iss-tracker-byo-llm.json").read_text()
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


# positions through names


def test_a_value_through_a_name_is_reported_where_it_is_written() -> None:
    text = """\
import requests

LAYERS = {
    "stt": {"stt_engine": "tavus-advanced"},
    "vqa": {"enable_vision": True},
}
CONTEXT = "You helped a client."
body = {"persona_name": "A", "system_prompt": "x", "layers": LAYERS, "context": CONTEXT}
requests.post("https://tavusapi.com/v2/personas", json=body)
"""
    result = lint(text, name="setup.py")
    assert where(result, "TV102") == [(4, 27, 4, 43)]  # inside LAYERS, not at `"layers": LAYERS`
    assert where(result, "TV111") == [(5, 5, 5, 10), (8, 70, 8, 79)]  # vqa in LAYERS; context: the body's key
    (document,) = documents(text)
    assert document.kind == "tavus-create"
    assert document.span("/layers", "key") == Span(8, 52, 8, 60)  # a key of the persona: where it is written
    assert document.span("/layers") == Span(3, 10, 6, 2)  # its value: the literal LAYERS names
    assert document.span("/context") == Span(7, 11, 7, 33)


def test_a_spread_s_keys_are_reported_where_the_spread_dict_has_them() -> None:
    text = """\
import requests

BASE = {"context": "old", "pipeline_mode": "full", "layers": {"llm": {"model": "tavus-llama"}}}
requests.post(
    "https://tavusapi.com/v2/personas",
    json={**BASE, "persona_name": "B", "system_prompt": "x", "pipeline_mode": "half"},
)
"""
    result = lint(text, name="setup.py")
    assert where(result, "TV111") == [(3, 9, 3, 18)]  # context: its key in BASE
    assert where(result, "TV103") == [(3, 80, 3, 93)]  # in the nested literal of BASE
    assert where(result, "PS002") == [(6, 79, 6, 85)]  # the later key wins, where it is written
    assert "PF002" not in rules_of(result)  # overriding a spread's key is no duplicate
    (document,) = documents(text)  # BASE is part of the body, not a second object
    assert document.value["pipeline_mode"] == "half"


def test_an_unknown_through_a_name_is_marked_at_its_definition_and_a_parameter_at_its_use() -> None:
    text = """\
import os
import requests

BASE_URL = os.getenv("LLM_URL", "http://localhost:5000")


def create(model):
    requests.post("https://tavusapi.com/v2/personas", json={
        "persona_name": "A",
        "system_prompt": "x",
        "layers": {"llm": {"model": model, "base_url": BASE_URL, "api_key": "k"}},
    })
"""
    result = lint(text, name="setup.py")
    assert where(result, "TV236") == [(4, 12, 4, 57)]  # the note: at the lookup that falls back
    (document,) = documents(text)
    assert document.span("/layers/llm/model") == Span(11, 37, 11, 42)  # a parameter: where it is used
    assert isinstance(document.value["layers"]["llm"]["model"], Unknown)


def test_a_repeated_key_in_a_constant_two_personas_share_is_said_once() -> None:
    text = """\
import requests

SHARED = {"stt": {"stt_engine": "tavus-auto", "stt_engine": "tavus-auto"}}
requests.post("https://tavusapi.com/v2/personas", json={"persona_name": "A", "system_prompt": "x", "layers": SHARED})
requests.post("https://tavusapi.com/v2/personas", json={"persona_name": "B", "system_prompt": "y", "layers": SHARED})
"""
    assert len(documents(text)) == 2
    assert where(lint(text, name="setup.py"), "PF002") == [(3, 47, 3, 59)]


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


def test_each_alternative_of_a_session_s_persona_config_is_its_persona() -> None:
    text = """\
import httpx

PERSONA = {"name": "Cara", "avatarId": "a", "brainType": "ANAM_GPT_4O_MINI_V1"}
OTHER = {"name": "Leo", "avatarId": "a", "maxSessionLengthSeconds": "60"}
DEFAULTS = {"name": "Dee", "avatarId": "a", "brainType": "ANAM_GPT_4O_MINI_V1"}
URL = "https://api.anam.ai/v1/auth/session-token"


async def token(client: httpx.AsyncClient, mode, param):
    await client.post(URL, json={"personaConfig": PERSONA if mode else OTHER})
    return await client.post(URL, json={"personaConfig": param or DEFAULTS})
"""
    docs = documents(text)
    # each is that request's persona, none found again by its shape as another kind
    assert [(d.value["name"], d.kind) for d in docs] == [
        ("Cara", "anam-session"),
        ("Leo", "anam-session"),
        ("Dee", "anam-session"),
    ]
    assert {d.kind_reason for d in docs} == {"the personaConfig of POST https://api.anam.ai/v1/auth/session-token"}
    result = lint(text, name="s.py")
    assert where(result, "AN005") == [(3, 45, 3, 56), (5, 45, 5, 56)]
    assert where(result, "PS001") == [(4, 69, 4, 73)]  # in OTHER, the ternary's other branch


def test_an_empty_default_is_no_alternative() -> None:
    text = """\
import requests

def create(payload):
    requests.post("https://tavusapi.com/v2/personas", json=payload or {})
    requests.post("https://tavusapi.com/v2/personas", json={} or {})
"""
    # `payload or {}`: payload is what the code means to send; `{} or {}`: the last `{}` is sent
    assert where(lint(text, name="t.py"), "TV001") == [(5, 66, 5, 67)]


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


# following calls within the module


def test_a_function_whose_parameter_is_sent_sends_what_each_call_passes() -> None:
    text = """\
import requests

TAVUS_URL = "https://tavusapi.com/v2/personas"
PERSONA = {"persona_name": "A", "system_prompt": "x", "pipeline_mode": "half"}
DEFAULT = {"persona_name": "D", "system_prompt": "x", "context": "c"}


def create(persona=DEFAULT, *, retries=3):
    return requests.post(TAVUS_URL, json=persona)


def create_with_prompt(persona, prompt):
    persona["system_prompt"] = prompt
    requests.post(TAVUS_URL, json=persona)


create(PERSONA)
create(persona={"persona_name": "K", "system_prompt": "y", "pipeline_mode": "fast"})
create()
create_with_prompt({"persona_name": "P", "pipeline_mode": "full"}, load())
"""
    docs = documents(text)
    assert [(d.value["persona_name"], d.kind, d.kind_reason) for d in docs] == [
        ("A", "tavus-create", "POST https://tavusapi.com/v2/personas"),
        ("D", "tavus-create", "POST https://tavusapi.com/v2/personas"),  # the default, for `create()`
        ("K", "tavus-create", "POST https://tavusapi.com/v2/personas"),
        ("P", "tavus-create", "POST https://tavusapi.com/v2/personas"),
    ]
    result = lint(text, name="t.py")
    assert where(result, "PS002") == [(4, 72, 4, 78), (18, 77, 18, 83)]
    assert where(result, "TV111") == [(5, 55, 5, 64)]
    assert "TV001" not in rules_of(result)  # P's system_prompt is set in the function: unknown
    assert isinstance(docs[3].value["system_prompt"], Unknown)


def test_a_sent_parameter_of_a_function_never_called_or_a_method_sends_nothing() -> None:
    text = """\
import requests

URL = "https://tavusapi.com/v2/conversations"


def send(p):
    requests.post("https://tavusapi.com/v2/personas", json=p)


class Client:
    def create(self, persona):
        requests.post("https://tavusapi.com/v2/personas", json=persona)


def start(body):
    requests.post(URL, json=body)


Client().create({"persona_name": "A", "system_prompt": "x"})
start({"persona_name": "A", "pipeline_mode": "half", "system_prompt": "x"})  # a conversation body
"""
    docs = documents(text)
    assert [(d.kind, d.kind_reason[:9]) for d in docs] == [(None, "its keys ")]  # the method's argument, by shape
    assert "PS002" not in rules_of(lint(text, name="t.py"))  # sent to /v2/conversations: never a persona


def test_a_request_helper_is_read_per_call_with_its_arguments() -> None:
    """tavus-015's `_request(method, path, payload)`: method, URL and body from each call."""
    text = """\
import json
import os
import urllib.request

DEFAULT_API_BASE = "https://tavusapi.com/v2/"


def _request(method: str, path: str, payload: dict | None = None) -> dict:
    base = os.environ.get("TAVUS_API_BASE", DEFAULT_API_BASE).rstrip("/")
    data = json.dumps(payload).encode("utf-8") if payload is not None else None
    req = urllib.request.Request(f"{base}/{path.lstrip('/')}", data=data, method=method)
    return json.loads(urllib.request.urlopen(req).read())


def rename(persona_id):
    ops = [{"op": "replace", "path": "/persona_name", "value": "Coach"}]
    return _request("PATCH", f"/personas/{persona_id}", ops)


_request("POST", "/pals", payload={"pal_name": "P", "system_prompt": "x", "pipeline_mode": "half"})
_request("POST", "/conversations", {"persona_name": "A", "pipeline_mode": "half", "system_prompt": "x"})
"""
    kinds = [(d.kind, d.kind_reason) for d in documents(text)]
    assert kinds == [
        ("tavus-patch", "PATCH https://tavusapi.com/v2/personas/{}"),
        ("tavus-create", "POST https://tavusapi.com/v2/pals"),
    ]  # the conversation body is no persona, though it is shaped like one
    assert where(lint(text, name="tavus.py"), "PS002") == [(20, 92, 20, 98)]


def test_a_body_a_module_function_returns_is_that_literal() -> None:
    text = """\
import requests

URL = "https://tavusapi.com/v2/personas"


def build_persona(name):
    if name == "echo":
        return {"persona_name": name, "pipeline_mode": "echo"}
    persona = {"persona_name": name, "pipeline_mode": "half", "system_prompt": "x"}
    return persona


def identity(value):
    return value


requests.post(URL, json=build_persona("Coach"))
requests.post(URL, json=identity({"persona_name": "I", "system_prompt": "x", "pipeline_mode": "fast"}))
KEPT = identity({"name": "x", "description": "not sent"})
"""
    docs = documents(text)
    assert [d.kind for d in docs] == ["tavus-create"] * 3
    assert isinstance(docs[0].value["persona_name"], Unknown)  # the parameter is not known inside
    result = lint(text, name="t.py")
    assert where(result, "PS002") == [(9, 55, 9, 61), (18, 95, 18, 101)]


def test_a_subscript_of_a_module_dict_is_that_value() -> None:
    text = """\
import requests

URL = "https://tavusapi.com/v2/personas"
PERSONAS = {
    "jordan": {"persona_name": "J", "system_prompt": "x", "pipeline_mode": "fast"},
    "ana": {"persona_name": "Ana", "system_prompt": "x", "pipeline_mode": "slow"},
    "lee": {"persona_name": "Lee", "system_prompt": "x", "pipeline_mode": "half"},
}
PERSONAS["lee"] = load_lee()
PERSONAS["ana"]["pipeline_mode"] = "full"

requests.post(URL, json=PERSONAS["jordan"])
requests.post(URL, json=PERSONAS["ana"])
requests.post(URL, json=PERSONAS["lee"])
"""
    docs = documents(text)
    assert [(d.value["persona_name"], d.kind) for d in docs] == [("J", "tavus-create"), ("Ana", "tavus-create")]
    assert isinstance(docs[1].value["pipeline_mode"], Unknown)  # set after the literal
    assert where(lint(text, name="t.py"), "PS002") == [(5, 76, 5, 82)]  # Lee's is replaced at run time: not read


def test_following_calls_ends_in_cycles_and_never_a_traceback() -> None:
    text = """\
import requests


def a(p):
    return b(p)


def b(q):
    return a(q)


def loop(x):
    requests.post("https://tavusapi.com/v2/personas", json=loop(x))
    return loop(x)


requests.post("https://tavusapi.com/v2/personas", json=a({"persona_name": "A", "system_prompt": "x"}))
loop({"persona_name": "L", "system_prompt": "x"})
"""
    source = load("t.py", text.encode())
    assert source.problems == []  # no PI001: the reader did not fail
    assert [d.value["persona_name"] for d in source.documents] == ["A", "L"]  # by their shape


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
    # a spread's keys where BASE has them; LAYERS = BASE["layers"]: where BASE has that value
    assert document.span("/pipeline_mode", "key") == Span(1, 9, 1, 24)
    assert document.span("/layers/tts/tts_engine") == Span(1, 67, 1, 77)
    assert document.span("/layers", "key").line == 10  # a key of the object itself: where it is written
    assert document.span("/persona_name") == Span(2, 8, 2, 20)  # NAME's value


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
