"""Tests for the JSON Schema files in schemas/.

The request examples below are copied from the reference documents (see each
constant's comment) so that the tests run without ../shared. Where a document's
own example is wrong, the test asserts exactly which errors the schema reports.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
KINDS = ["anam-create", "anam-update", "anam-session", "tavus-create", "tavus-patch"]


def load(kind: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))


def validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(load(kind))


def errors(kind: str, instance) -> list[tuple[str, str]]:
    """(instance path, failing keyword) for every error, sorted."""
    return sorted((e.json_path, e.validator) for e in validator(kind).iter_errors(instance))


def messages(kind: str, instance) -> list[str]:
    return [e.message for e in validator(kind).iter_errors(instance)]


def subschemas(node, pointer=""):
    """Yield (JSON pointer, schema) for every schema object in a schema document."""
    if not isinstance(node, dict):
        return
    yield pointer, node
    for key in ("properties", "$defs", "dependentSchemas"):
        for name, sub in node.get(key, {}).items():
            yield from subschemas(sub, f"{pointer}/{key}/{name}")
    for key in ("items", "additionalProperties", "not", "if", "then", "else", "contains"):
        if isinstance(node.get(key), dict):
            yield from subschemas(node[key], f"{pointer}/{key}")
    for key in ("allOf", "anyOf", "oneOf"):
        for i, sub in enumerate(node.get(key, [])):
            yield from subschemas(sub, f"{pointer}/{key}/{i}")


def resolve(schema: dict, pointer: str) -> dict:
    node = schema
    if not pointer:
        return node
    for part in pointer.lstrip("/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


# ---------------------------------------------------------------------------
# Document examples, copied verbatim
# ---------------------------------------------------------------------------

# vendor-openapi/anam-openapi.json components/examples/PersonaCreate (and seeds/001 request body)
ANAM_PERSONA_CREATE = {
    "name": "Cara",
    "description": "A helpful assistant",
    "avatarId": "071b0286-4cce-4808-bee2-e642f1062de3",
    "voiceId": "de23e340-1416-4dd8-977d-065a7ca11697",
    "llmId": "a7cf662c-2ace-4de1-a21e-ef0fbf144bb7",
    "systemPrompt": "You are a helpful assistant.",
}

# vendor-openapi/anam-openapi.json components/examples/PersonaUpdate
ANAM_PERSONA_UPDATE = {"systemPrompt": "You are a helpful assistant who speaks concisely."}

# vendor-openapi/anam-openapi.json components/examples/SessionTokenCreate
ANAM_SESSION_TOKEN_CREATE = {
    "personaConfig": {
        "name": "Cara",
        "avatarId": "071b0286-4cce-4808-bee2-e642f1062de3",
        "voiceId": "de23e340-1416-4dd8-977d-065a7ca11697",
        "llmId": "a7cf662c-2ace-4de1-a21e-ef0fbf144bb7",
        "systemPrompt": "You are a helpful assistant.",
    }
}

# seeds/001_b039c9b13600809a.txt: POST /v1/personas request body
SEED_001_CREATE = {
    "name": "Cara",
    "description": "A helpful assistant",
    "avatarId": "071b0286-4cce-4808-bee2-e642f1062de3",
    "voiceId": "de23e340-1416-4dd8-977d-065a7ca11697",
    "llmId": "a7cf662c-2ace-4de1-a21e-ef0fbf144bb7",
    "systemPrompt": "You are a helpful assistant.",
}

# seeds/002_f74742b322299460.txt: POST /v1/personas request body (older page)
SEED_002_CREATE = {
    "name": "Cara",
    "description": "<string>",
    "avatarId": "30fa96d0-26c4-4e55-94a0-517025942e18",
    "avatarModel": "cara-3",
    "voiceId": "6bfbe25a-979d-40f3-a92b-5394170af54b",
    "llmId": "7736a22f-2d79-4720-952c-25fdca55ad40",
    "systemPrompt": "You are a helpful assistant",
    "skipGreeting": False,
    "zeroDataRetention": False,
    "voiceDetectionOptions": {
        "endOfSpeechSensitivity": 0.5,
        "silenceBeforeSkipTurnSeconds": 5,
        "silenceBeforeSessionEndSeconds": 60,
        "silenceBeforeAutoEndTurnSeconds": 5,
        "speechEnhancementLevel": 0.8,
    },
    "languageCode": "en",
    "voiceGenerationOptions": {"stability": 0.5, "similarityBoost": 0, "speed": 1},
}

# seeds/003_6f0a1c1822266b16.txt: PUT /v1/personas/{id} request body
SEED_003_UPDATE = {"systemPrompt": "You are a helpful assistant who speaks concisely."}

# vendor-openapi/tavus-openapi.yaml (and seeds/004) POST /v2/personas examples
TAVUS_REQUIRED_PARAMETERS_ONLY = {
    "pipeline_mode": "full",
    "system_prompt": "As a Life Coach, you are a dedicated professional who specializes in...",
}

TAVUS_FULL_CUSTOMIZATIONS = {
    "persona_name": "Life Coach",
    "system_prompt": "As a Life Coach, you are a dedicated professional who specializes in...",
    "pipeline_mode": "full",
    "default_replica_id": "r90bbd427f71",
    "layers": {
        "llm": {
            "model": "tavus-gpt-oss",
            "speculative_inference": True,
            "tools": [
                {
                    "type": "function",
                    "function": {
                        "name": "life_coach_insight",
                        "description": "Offer personalized life coaching advice or guidance based on a user's challenge or goal.",
                        "parameters": {
                            "type": "object",
                            "properties": {
                                "topic": {
                                    "type": "string",
                                    "description": "The area of life or goal the user wants to improve (e.g. career, relationships, confidence)",
                                },
                                "urgency_level": {"type": "string", "enum": ["low", "medium", "high"]},
                            },
                            "required": ["topic"],
                        },
                    },
                }
            ],
        },
        "tts": {
            "tts_engine": "cartesia",
            "voice_settings": {"speed": "normal", "emotion": ["positivity:high", "curiosity"]},
            "tts_emotion_control": True,
            "tts_model_name": "sonic-3",
        },
        "perception": {
            "perception_model": "raven-1",
            "visual_awareness_queries": [
                "Is the user showing an ID card?",
                "Does the user appear distressed or uncomfortable?",
            ],
            "visual_tool_prompt": "You have a tool to notify the system when an ID card is detected, named `notify_if_id_shown`. You MUST use this tool when a form of ID is detected.",
            "visual_tools": [
                {
                    "type": "function",
                    "function": {
                        "name": "notify_if_id_shown",
                        "description": "Use this function when a drivers license or passport is detected in the image with high confidence. After collecting the ID, internally use final_ask()",
                        "parameters": {
                            "type": "object",
                            "properties": {
                                "id_type": {"type": "string", "description": "best guess on what type of ID it is"}
                            },
                            "required": ["id_type"],
                        },
                    },
                }
            ],
            "audio_awareness_queries": ["Does the user sound frustrated or confused?"],
        },
        "stt": {"stt_engine": "tavus-auto"},
        "conversational_flow": {
            "turn_detection_model": "sparrow-1",
            "turn_taking_patience": "medium",
            "turn_commitment": "medium",
            "replica_interruptibility": "high",
            "voice_isolation": "near",
            "idle_engagement": "off",
        },
        "document_ids": ["d1234567890", "d2468101214"],
        "document_tags": ["product_info", "company_policies"],
    },
}

# vendor-openapi/tavus-openapi.yaml PATCH /v2/personas/{persona_id} examples
TAVUS_PATCH_REPLACE_SYSTEM_PROMPT = [
    {
        "op": "replace",
        "path": "/system_prompt",
        "value": "As a Life Coach, you are a dedicated professional who specializes in...",
    }
]
TAVUS_PATCH_REMOVE_STT_HOTWORDS = [{"op": "remove", "path": "/layers/stt/hotwords"}]


# ---------------------------------------------------------------------------
# Every schema file
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_schema_is_valid_against_2020_12_metaschema(kind):
    schema = load(kind)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"urn:personalint:schema:{kind}"
    for key in ("title", "description", "$comment"):
        assert isinstance(schema.get(key), str) and schema[key].strip(), key


@pytest.mark.parametrize("kind", KINDS)
def test_file_is_pretty_printed_with_trailing_newline(kind):
    text = (SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("kind", KINDS)
def test_refs_are_local_and_resolve(kind):
    schema = load(kind)
    text = json.dumps(schema)
    refs = [node["$ref"] for _, node in subschemas(schema) if "$ref" in node]
    assert refs
    assert text.count('"$ref"') == len(refs)  # no $ref hides outside the walked keywords
    for ref in refs:
        assert ref.startswith("#/$defs/"), ref
        resolve(schema, ref[1:])
    for pointer, node in subschemas(schema):
        assert "$dynamicRef" not in node and "$anchor" not in node, pointer


@pytest.mark.parametrize("kind", KINDS)
def test_every_property_has_description_and_type(kind):
    schema = load(kind)
    for pointer, node in subschemas(schema):
        if {"if", "then", "else", "not"} & set(pointer.split("/")):
            continue  # applicator conditions restate properties; they are not property definitions
        for name, prop in node.get("properties", {}).items():
            if "$ref" in prop:
                continue
            where = f"{pointer}/properties/{name}"
            assert prop.get("description"), where
            assert "type" in prop, where


@pytest.mark.parametrize("kind", KINDS)
def test_examples_and_defaults_validate_against_their_own_schema(kind):
    schema = load(kind)
    root = Draft202012Validator(schema)
    checked = 0
    for pointer, node in subschemas(schema):
        sub = root.evolve(schema=node)
        for example in node.get("examples", []):
            assert not list(sub.iter_errors(example)), (pointer, example)
            checked += 1
        if "default" in node:
            assert not list(sub.iter_errors(node["default"])), (pointer, node["default"])
            checked += 1
    assert checked


CLOSED = {
    "anam-create": [
        "",
        "/$defs/voiceDetectionOptions",
        "/$defs/elevenLabsV1VoiceGenerationOptions",
        "/$defs/elevenLabsV2VoiceGenerationOptions",
        "/$defs/cartesiaSonic3VoiceGenerationOptions",
        "/$defs/fishAudioVoiceGenerationOptions",
    ],
    "anam-update": ["", "/$defs/widgetConfig", "/$defs/voiceDetectionOptions"],
    "anam-session": [
        "/$defs/sessionTokenRequest",
        "/$defs/personaConfig",
        "/$defs/directorNotes",
        "/$defs/sessionOptions",
        "/$defs/sessionOptions/properties/sessionReplay",
        "/$defs/sessionOptions/properties/egress",
        "/$defs/sessionOptions/properties/egress/properties/daily",
    ],
    "tavus-create": [
        "",
        "/$defs/layers",
        "/$defs/perception",
        "/$defs/stt",
        "/$defs/conversationalFlow",
        "/$defs/llm",
        "/$defs/tts",
        "/$defs/functionTool",
        "/$defs/functionTool/properties/function",
    ],
    "tavus-patch": ["/$defs/operation"],
}
OPEN = {
    "anam-session": ["/$defs/tool", "/$defs/tool/properties/parameters", "/$defs/tool/properties/queryParameters"],
    "tavus-create": [
        "/$defs/voiceSettings",
        "/$defs/llm/properties/headers",
        "/$defs/llm/properties/extra_body",
        "/$defs/functionTool/properties/function/properties/parameters",
    ],
}


@pytest.mark.parametrize("kind", KINDS)
def test_closed_and_open_objects(kind):
    schema = load(kind)
    for pointer in CLOSED.get(kind, []):
        assert resolve(schema, pointer).get("additionalProperties") is False, pointer
    for pointer in OPEN.get(kind, []):
        assert resolve(schema, pointer).get("additionalProperties", True) is not False, pointer


def test_no_required_at_top_level():
    for kind in ("anam-create", "anam-update", "tavus-create"):
        assert "required" not in load(kind), kind


# ---------------------------------------------------------------------------
# Anam
# ---------------------------------------------------------------------------


def test_anam_avatar_model_enum_is_the_newest():
    for kind in ("anam-create", "anam-update"):
        assert load(kind)["properties"]["avatarModel"]["enum"] == ["cara-3", "cara-4", "cara-4-latest", None]
    session = load("anam-session")
    assert session["$defs"]["personaConfig"]["properties"]["avatarModel"]["enum"] == [
        "cara-3",
        "cara-4",
        "cara-4-latest",
        None,
    ]


def test_anam_voice_generation_titles_and_anyof():
    schema = load("anam-create")
    vgo = schema["$defs"]["voiceGenerationOptions"]
    assert "anyOf" in vgo and "oneOf" not in vgo and vgo["$comment"]
    titles = [resolve(schema, ref["$ref"][1:])["title"] for ref in vgo["anyOf"]]
    assert titles == ["ElevenLabs V1", "ElevenLabs V2", "Cartesia Sonic-3", "Fish Audio"]


@pytest.mark.parametrize("kind", ["anam-create", "anam-update"])
@pytest.mark.parametrize("example", [ANAM_PERSONA_CREATE, SEED_001_CREATE, SEED_002_CREATE])
def test_anam_create_examples_validate(kind, example):
    assert errors(kind, example) == []


@pytest.mark.parametrize("example", [ANAM_PERSONA_UPDATE, SEED_003_UPDATE])
def test_anam_update_examples_validate(example):
    assert errors("anam-update", example) == []


def test_anam_session_token_example_validates():
    assert errors("anam-session", ANAM_SESSION_TOKEN_CREATE) == []
    # the same personaConfig handed bare to an SDK
    assert errors("anam-session", ANAM_SESSION_TOKEN_CREATE["personaConfig"]) == []
    assert errors("anam-session", {"personaConfig": {"personaId": "00000000-0000-0000-0000-000000000000"}}) == []
    assert errors("anam-session", {"personaId": "00000000-0000-0000-0000-000000000000"}) == []


def test_seed_002_voice_generation_options_match_two_shapes():
    """Why anyOf: the documented oneOf would reject seed 002's own example."""
    schema = load("anam-create")
    root = Draft202012Validator(schema)
    vgo = SEED_002_CREATE["voiceGenerationOptions"]
    matches = [
        name
        for name in (
            "elevenLabsV1VoiceGenerationOptions",
            "elevenLabsV2VoiceGenerationOptions",
            "cartesiaSonic3VoiceGenerationOptions",
            "fishAudioVoiceGenerationOptions",
        )
        if root.evolve(schema=schema["$defs"][name]).is_valid(vgo)
    ]
    assert matches == ["elevenLabsV1VoiceGenerationOptions", "elevenLabsV2VoiceGenerationOptions"]


@pytest.mark.parametrize(
    "vgo",
    [
        {
            "stability": 0.3,
            "similarityBoost": 0.8,
            "style": 0,
            "useSpeakerBoost": True,
            "speed": 1.1,
            "model": "eleven_flash_v2_5",
        },
        {"volume": 1.5, "speed": 0.6, "emotion": "calm"},
        {"volume": 0.5, "speed": 2},
        {},
    ],
)
def test_anam_voice_generation_variants_validate(vgo):
    assert errors("anam-create", {"voiceGenerationOptions": vgo}) == []


def test_anam_create_values_documented_as_valid():
    assert (
        errors(
            "anam-create",
            {
                "avatarModel": None,
                "initialMessage": None,
                "llmId": "CUSTOMER_CLIENT_V1",
                "toolIds": ["tool-id-1", "tool-id-2"],
                "uninterruptibleGreeting": True,
            },
        )
        == []
    )


@pytest.mark.parametrize(
    "instance, expected",
    [
        ({"avatarModel": "cara-2"}, [("$.avatarModel", "enum")]),
        ({"avatarModel": "cara-5"}, [("$.avatarModel", "enum")]),
        ({"brainType": "ANAM_GPT_4O_MINI_V1"}, [("$", "additionalProperties")]),
        ({"widgetConfig": {}}, [("$", "additionalProperties")]),
        ({"skipGreeting": "false"}, [("$.skipGreeting", "type")]),
        (
            {"voiceDetectionOptions": {"speechEnhancementLevel": 1.5}},
            [("$.voiceDetectionOptions.speechEnhancementLevel", "maximum")],
        ),
        (
            {"voiceDetectionOptions": {"silenceBeforeAutoEndTurnSeconds": 0.2}},
            [("$.voiceDetectionOptions.silenceBeforeAutoEndTurnSeconds", "minimum")],
        ),
        (
            {"voiceDetectionOptions": {"silenceBeforeSessionEndSeconds": 7201}},
            [("$.voiceDetectionOptions.silenceBeforeSessionEndSeconds", "maximum")],
        ),
        (
            {"voiceDetectionOptions": {"endOfSpeechSensitivity": 0.5, "vadMode": "x"}},
            [("$.voiceDetectionOptions", "additionalProperties")],
        ),
        ({"voiceGenerationOptions": {"speed": 3}}, [("$.voiceGenerationOptions", "anyOf")]),
        ({"voiceGenerationOptions": {"emotion": "happy"}}, [("$.voiceGenerationOptions", "anyOf")]),
        ({"voiceGenerationOptions": {"stability": 0.5, "volume": 1}}, [("$.voiceGenerationOptions", "anyOf")]),
        ({"toolIds": "tool-id-1"}, [("$.toolIds", "type")]),
    ],
)
def test_anam_create_failures(instance, expected):
    assert errors("anam-create", instance) == expected


def test_anam_update_widget_config():
    good = {
        "widgetConfig": {
            "callToAction": "Chat with our assistant",
            "allowedOrigins": ["https://example.com"],
            "allowEverywhere": False,
            "layout": "floating",
            "initialState": "minimized",
            "position": "bottom-right",
            "showTextInput": True,
            "showMuteButton": True,
            "showTranscript": False,
        }
    }
    assert errors("anam-update", good) == []
    assert errors("anam-update", {"widgetConfig": {"layout": "sidebar"}}) == [("$.widgetConfig.layout", "enum")]
    assert errors("anam-update", {"widgetConfig": {"removeWatermark": True}}) == [
        ("$.widgetConfig", "additionalProperties")
    ]
    assert errors("anam-update", {"id": "00000000-0000-0000-0000-000000000000"}) == [("$", "additionalProperties")]


def test_anam_session_full_valid_request():
    body = {
        "clientLabel": "web",
        "personaConfig": {
            "name": "Cara",
            "avatarId": "071b0286-4cce-4808-bee2-e642f1062de3",
            "avatarModel": "cara-4",
            "voiceId": "de23e340-1416-4dd8-977d-065a7ca11697",
            "llmId": "a7cf662c-2ace-4de1-a21e-ef0fbf144bb7",
            "systemPrompt": "You are a helpful assistant",
            "maxSessionLengthSeconds": 600,
            "skipGreeting": False,
            "uninterruptibleGreeting": False,
            "initialMessage": "Hi there! I'm excited to chat with you today.",
            "voiceDetectionOptions": {"endOfSpeechSensitivity": 0.5},
            "languageCode": "en",
            "voiceGenerationOptions": {"volume": 1, "speed": 1, "emotion": "neutral"},
            "directorNotes": {"presetStyle": "warm", "expressivity": 0.5},
            "tools": [
                {
                    "type": "client",
                    "name": "open_calendar",
                    "description": "Open the calendar UI in the client app.",
                    "parameters": {"type": "object"},
                    "awaitResult": True,
                    "toolTimeoutSeconds": 10,
                },
                {
                    "type": "server",
                    "subtype": "webhook",
                    "name": "check_order",
                    "url": "https://api.example.com/webhook",
                    "method": "POST",
                    "headers": {"X-Key": "k"},
                    "queryParameters": {"type": "object"},
                    "somethingUndocumented": 1,
                },
                {
                    "type": "server",
                    "subtype": "knowledge",
                    "name": "search_docs",
                    "documentFolderIds": ["67d27a9f-0ce1-4432-848b-8ab2b97f024b"],
                },
                {"type": "system", "name": "end_call", "disableInterruptions": True},
            ],
            "toolIds": ["00000000-0000-0000-0000-000000000000"],
        },
        "sessionOptions": {
            "sessionReplay": {"enableSessionReplay": True},
            "videoQuality": "auto",
            "videoWidth": 1152,
            "videoHeight": 768,
            "egress": {
                "mode": "daily",
                "daily": {
                    "roomUrl": "https://your-domain.daily.co/avatar-room",
                    "token": "t",
                    "userName": "anam-avatar",
                },
            },
        },
    }
    assert errors("anam-session", body) == []


def test_anam_session_persona_id_with_inline_fields_is_left_to_a_rule():
    assert errors("anam-session", {"personaConfig": {"personaId": "p", "systemPrompt": "x"}}) == []


@pytest.mark.parametrize(
    "instance, expected",
    [
        # directorNotes: presetStyle and customStylePrompt are mutually exclusive
        ({"directorNotes": {"presetStyle": "warm", "customStylePrompt": "Calm"}}, [("$.directorNotes", "not")]),
        ({"directorNotes": {"customStylePrompt": "x" * 2001}}, [("$.directorNotes.customStylePrompt", "maxLength")]),
        ({"directorNotes": {"presetStyle": "excited"}}, [("$.directorNotes.presetStyle", "enum")]),
        ({"directorNotes": {"expressivity": 1.2}}, [("$.directorNotes.expressivity", "maximum")]),
        ({"maxSessionLengthSeconds": 0}, [("$.maxSessionLengthSeconds", "minimum")]),
        ({"enableAudioPassthrough": True}, [("$", "additionalProperties")]),
        ({"zeroDataRetention": True}, [("$", "additionalProperties")]),
        ({"avatarModel": "cara-2"}, [("$.avatarModel", "enum")]),
        ({"tools": [{"type": "client"}]}, [("$.tools[0]", "required")]),
        ({"tools": [{"type": "CLIENT", "name": "x"}]}, [("$.tools[0].type", "enum")]),
        ({"tools": [{"type": "server", "subtype": "rag", "name": "x"}]}, [("$.tools[0].subtype", "enum")]),
        (
            {"tools": [{"type": "client", "name": "x", "description": "d" * 1025}]},
            [("$.tools[0].description", "maxLength")],
        ),
        (
            {"tools": [{"type": "server", "subtype": "webhook", "name": "x", "method": "post"}]},
            [("$.tools[0].method", "enum")],
        ),
        ({"toolIds": [1]}, [("$.toolIds[0]", "type")]),
    ],
)
def test_anam_session_persona_config_failures(instance, expected):
    # bare personaConfig, and the same object inside a session-token body
    assert errors("anam-session", instance) == expected
    nested = [(path.replace("$", "$.personaConfig", 1), keyword) for path, keyword in expected]
    assert errors("anam-session", {"personaConfig": instance}) == nested


@pytest.mark.parametrize(
    "session_options, expected",
    [
        ({"videoWidth": 1152}, [("$.sessionOptions", "dependentRequired")]),
        ({"videoHeight": 768}, [("$.sessionOptions", "dependentRequired")]),
        ({"videoWidth": 1152.5, "videoHeight": 768}, [("$.sessionOptions.videoWidth", "type")]),
        ({"videoQuality": "low"}, [("$.sessionOptions.videoQuality", "enum")]),
        (
            {"sessionReplay": {"enableSessionReplay": "yes"}},
            [("$.sessionOptions.sessionReplay.enableSessionReplay", "type")],
        ),
        ({"sessionReplay": {"enabled": True}}, [("$.sessionOptions.sessionReplay", "additionalProperties")]),
        ({"egress": {"daily": {"roomUrl": "https://x.daily.co/r"}}}, [("$.sessionOptions.egress", "required")]),
        ({"egress": {"mode": "daily"}}, [("$.sessionOptions.egress", "required")]),
        ({"egress": {"mode": "livekit"}}, [("$.sessionOptions.egress.mode", "enum")]),
        ({"egress": {"mode": "daily", "daily": {"token": "t"}}}, [("$.sessionOptions.egress.daily", "required")]),
        ({"expiresIn": "1h"}, [("$.sessionOptions", "additionalProperties")]),
    ],
)
def test_anam_session_options_failures(session_options, expected):
    assert errors("anam-session", {"sessionOptions": session_options}) == expected


def test_anam_session_request_is_closed():
    assert errors("anam-session", {"clientLabel": "web", "expiresIn": "1h"}) == [("$", "additionalProperties")]
    assert errors("anam-session", {"clientLabel": 1}) == [("$.clientLabel", "type")]
    # a request body key next to inline persona fields: read as a request, so the persona fields are unknown
    assert errors("anam-session", {"clientLabel": "web", "name": "Cara"}) == [("$", "additionalProperties")]
    assert errors("anam-session", []) == [("$", "type")]


# ---------------------------------------------------------------------------
# Tavus
# ---------------------------------------------------------------------------


def test_tavus_required_parameters_only_example_validates():
    assert errors("tavus-create", TAVUS_REQUIRED_PARAMETERS_ONLY) == []


def test_tavus_full_customizations_example_mistakes():
    """Document mistake: the example nests document_ids/document_tags inside `layers`
    (they are top-level fields) and uses conversational_flow.turn_commitment, which the
    schema no longer has."""
    assert errors("tavus-create", TAVUS_FULL_CUSTOMIZATIONS) == [
        ("$.layers", "additionalProperties"),
        ("$.layers.conversational_flow", "additionalProperties"),
    ]
    text = " ".join(messages("tavus-create", TAVUS_FULL_CUSTOMIZATIONS))
    for key in ("'document_ids'", "'document_tags'", "'turn_commitment'"):
        assert key in text

    # with those three mistakes corrected, the rest of the example is valid
    fixed = copy.deepcopy(TAVUS_FULL_CUSTOMIZATIONS)
    fixed["document_ids"] = fixed["layers"].pop("document_ids")
    fixed["document_tags"] = fixed["layers"].pop("document_tags")
    del fixed["layers"]["conversational_flow"]["turn_commitment"]
    assert errors("tavus-create", fixed) == []


def test_tavus_full_valid_persona():
    persona = {
        "persona_name": "Support",
        "system_prompt": "You help customers.",
        "pipeline_mode": "full",
        "default_replica_id": "r90bbd427f71",
        "document_ids": ["d1234567890"],
        "document_tags": ["product_info"],
        "objectives_id": "o12345",
        "guardrail_ids": ["g1234567890ab"],
        "guardrail_tags": ["compliance"],
        "guardrails_id": "g12345",
        "layers": {
            "perception": {
                "perception_model": "off",
                "audio_tool_prompt": "x",
                "audio_tools": [],
                "visual_awareness_queries": [],
                "visual_tool_prompt": "y",
                "visual_tools": [],
            },
            "stt": {"stt_engine": "tavus-deepgram-medical", "hotwords": "Roey"},
            "conversational_flow": {
                "turn_detection_model": "sparrow-0",
                "turn_taking_patience": "high",
                "replica_interruptibility": "low",
                "voice_isolation": "off",
                "wake_phrase": "Hello Nova",
                "idle_engagement": "eager",
            },
            "llm": {
                "model": "my-model",
                "base_url": "https://llm.example.com/v1",
                "api_key": "k",
                "speculative_inference": False,
                "headers": {"X-Any": {"nested": True}},
                "extra_body": {"temperature": 0.7, "frequency_penalty": 1},
            },
            "tts": {
                "api_key": "k",
                "tts_engine": "elevenlabs",
                "external_voice_id": "v",
                "voice_settings": {
                    "speed": 1.1,
                    "stability": 0.5,
                    "similarity_boost": 0.7,
                    "style": 0,
                    "use_speaker_boost": True,
                    "volume": 1.2,
                },
                "tts_emotion_control": False,
                "tts_model_name": "eleven_flash_v2_5",
                "pronunciation_dictionary_id": "pd_abc123def456",
            },
        },
    }
    assert errors("tavus-create", persona) == []


@pytest.mark.parametrize(
    "instance, expected",
    [
        ({"pipeline_mode": "speech-to-speech"}, [("$.pipeline_mode", "enum")]),
        ({"context": "old field"}, [("$", "additionalProperties")]),
        ({"guardrail_ids": [f"g{i}" for i in range(51)]}, [("$.guardrail_ids", "maxItems")]),
        ({"guardrail_tags": [f"t{i}" for i in range(51)]}, [("$.guardrail_tags", "maxItems")]),
        ({"layers": {"vqa": {"enable_vision": True}}}, [("$.layers", "additionalProperties")]),
        ({"layers": {"perception": {"perception_model": "basic"}}}, [("$.layers.perception.perception_model", "enum")]),
        (
            {"layers": {"perception": {"ambient_awareness_queries": []}}},
            [("$.layers.perception", "additionalProperties")],
        ),
        ({"layers": {"stt": {"stt_engine": "tavus-turbo"}}}, [("$.layers.stt.stt_engine", "enum")]),
        ({"layers": {"stt": {"smart_turn_detection": True}}}, [("$.layers.stt", "additionalProperties")]),
        (
            {"layers": {"conversational_flow": {"turn_detection_model": "timebased"}}},
            [("$.layers.conversational_flow.turn_detection_model", "enum")],
        ),
        (
            {"layers": {"conversational_flow": {"turn_taking_patience": "very high"}}},
            [("$.layers.conversational_flow.turn_taking_patience", "enum")],
        ),
        # YAML 1.1 reads an unquoted off as the boolean false
        (
            {"layers": {"conversational_flow": {"idle_engagement": False}}},
            [
                ("$.layers.conversational_flow.idle_engagement", "enum"),
                ("$.layers.conversational_flow.idle_engagement", "type"),
            ],
        ),
        ({"layers": {"llm": {"speculative_inference": "true"}}}, [("$.layers.llm.speculative_inference", "type")]),
        ({"layers": {"llm": {"headers": "Authorization: x"}}}, [("$.layers.llm.headers", "type")]),
        ({"layers": {"tts": {"tts_engine": "playht"}}}, [("$.layers.tts.tts_engine", "enum")]),
        ({"layers": {"tts": {"playht_user_id": "u"}}}, [("$.layers.tts", "additionalProperties")]),
        (
            {"layers": {"tts": {"voice_settings": {"use_speaker_boost": "yes"}}}},
            [("$.layers.tts.voice_settings.use_speaker_boost", "type")],
        ),
    ],
)
def test_tavus_create_failures(instance, expected):
    assert errors("tavus-create", instance) == expected


@pytest.mark.parametrize(
    "tool, expected",
    [
        ({"type": "function"}, [("$.layers.llm.tools[0]", "required")]),
        ({"type": "webhook", "function": {"name": "x"}}, [("$.layers.llm.tools[0].type", "const")]),
        # the {name, description} item shape the OpenAPI schema declares for visual/audio tools
        (
            {"name": "x", "description": "d"},
            [
                ("$.layers.llm.tools[0]", "additionalProperties"),
                ("$.layers.llm.tools[0]", "required"),
                ("$.layers.llm.tools[0]", "required"),
            ],
        ),
        ({"type": "function", "function": {"description": "d"}}, [("$.layers.llm.tools[0].function", "required")]),
        (
            {"type": "function", "function": {"name": "x", "strict": True}},
            [("$.layers.llm.tools[0].function", "additionalProperties")],
        ),
        (
            {"type": "function", "function": {"name": "x", "parameters": "{}"}},
            [("$.layers.llm.tools[0].function.parameters", "type")],
        ),
    ],
)
def test_tavus_function_tool_failures(tool, expected):
    assert errors("tavus-create", {"layers": {"llm": {"tools": [tool]}}}) == expected
    for layer_key in ("visual_tools", "audio_tools"):
        got = errors("tavus-create", {"layers": {"perception": {layer_key: [tool]}}})
        assert got == [(p.replace("llm.tools", f"perception.{layer_key}"), k) for p, k in expected]


def test_tavus_function_tool_parameters_are_open():
    tool = {
        "type": "function",
        "function": {
            "name": "x",
            "parameters": {
                "type": "object",
                "properties": {"a": {"type": "string"}},
                "required": ["a"],
                "additionalProperties": False,
            },
        },
    }
    assert errors("tavus-create", {"layers": {"llm": {"tools": [tool]}}}) == []


@pytest.mark.parametrize("example", [TAVUS_PATCH_REPLACE_SYSTEM_PROMPT, TAVUS_PATCH_REMOVE_STT_HOTWORDS])
def test_tavus_patch_examples_validate(example):
    # Remove STT Hotwords has no value: valid under RFC 6902, although the OpenAPI schema lists value as required
    assert errors("tavus-patch", example) == []


def test_tavus_patch_values_of_any_type_and_every_op():
    ops = [
        {"op": "add", "path": "/layers/tts/tts_emotion_control", "value": True},
        {"op": "replace", "path": "/layers/llm/model", "value": "tavus-gpt-oss"},
        {"op": "add", "path": "/layers/conversational_flow", "value": {"turn_taking_patience": "high"}},
        {"op": "add", "path": "/document_ids/-", "value": "d1234567890"},
        {"op": "replace", "path": "/guardrail_ids", "value": ["g1"]},
        {"op": "test", "path": "/layers/llm/extra_body/temperature", "value": 0.7},
        {"op": "replace", "path": "/layers/tts/api_key", "value": None},
        {"op": "copy", "from": "/layers/llm/api_key", "path": "/layers/tts/api_key"},
        {"op": "move", "from": "/layers/stt/hotwords", "path": "/layers/stt/hotwords"},
        {"op": "remove", "path": "/layers/a~1b~0c"},
        {"op": "replace", "path": "", "value": {}},
    ]
    assert errors("tavus-patch", ops) == []
    assert errors("tavus-patch", []) == []


@pytest.mark.parametrize(
    "operation, expected",
    [
        ({"op": "replace", "path": "/system_prompt"}, [("$[0]", "required")]),
        ({"op": "add", "path": "/layers/stt/hotwords"}, [("$[0]", "required")]),
        ({"op": "test", "path": "/persona_name"}, [("$[0]", "required")]),
        ({"op": "move", "path": "/a", "value": 1}, [("$[0]", "required")]),
        ({"op": "copy", "path": "/a"}, [("$[0]", "required")]),
        ({"op": "merge", "path": "/a", "value": 1}, [("$[0].op", "enum")]),
        ({"path": "/a", "value": 1}, [("$[0]", "required")]),
        ({"op": "remove"}, [("$[0]", "required")]),
        ({"op": "replace", "path": "layers/llm/model", "value": "x"}, [("$[0].path", "pattern")]),
        ({"op": "replace", "path": "/layers/~2", "value": "x"}, [("$[0].path", "pattern")]),
        ({"op": "move", "path": "/a", "from": "a"}, [("$[0].from", "pattern")]),
        ({"op": "replace", "path": "/a", "value": "x", "note": "y"}, [("$[0]", "additionalProperties")]),
        ({"op": "replace", "path": 1, "value": "x"}, [("$[0].path", "type")]),
    ],
)
def test_tavus_patch_failures(operation, expected):
    assert errors("tavus-patch", [operation]) == expected


def test_tavus_patch_body_must_be_an_array():
    assert errors("tavus-patch", {"op": "replace", "path": "/a", "value": 1}) == [("$", "type")]
