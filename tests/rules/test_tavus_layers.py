"""Tavus layer rules (rules/tavus-layers.yaml): perception, conversational flow, LLM, tools, TTS."""

from __future__ import annotations

import json

from helpers import lint, rules_of, where

# --- perception ---------------------------------------------------------------------------


def test_audio_fields_need_raven_1() -> None:
    result = lint("""\
        system_prompt: x
        layers:
          perception:
            perception_model: raven-0
            audio_awareness_queries: [Does the user sound hesitant?]
            audio_tool_prompt: Call `escalate_to_human` when the user is upset.
            audio_tools:
              - {type: function, function: {name: escalate_to_human}}
        """)
    assert rules_of(result) == ["TV101", "TV200", "TV200", "TV200"]
    assert where(result, "TV200") == [(5, 5, 5, 28), (6, 5, 6, 22), (7, 5, 7, 16)]
    assert (
        result.findings[1].message
        == "audio_awareness_queries works only with raven-1, but perception_model is 'raven-0'"
    )
    assert lint("system_prompt: x\nlayers:\n  perception:\n    audio_awareness_queries: [Hesitant?]\n").findings == []


def test_perception_off_with_settings() -> None:
    result = lint("""\
        system_prompt: x
        layers:
          perception:
            perception_model: 'off'
            visual_awareness_queries: [Is the user showing an ID card?]
            audio_tool_prompt: ''
        """)
    assert [(f.rule, f.pointer) for f in result.findings] == [
        ("TV201", "/layers/perception/visual_awareness_queries"),
        ("TV017", "/layers/perception/audio_tool_prompt"),
    ]
    assert where(result, "TV201") == [(5, 5, 5, 29)]
    assert (
        result.findings[0].message
        == "visual_awareness_queries is not used: perception_model 'off' disables all perception"
    )


def test_tool_prompt_names_undefined_tool() -> None:
    result = lint("""\
        system_prompt: x
        layers:
          perception:
            visual_tool_prompt: Call `notify_if_id_shown` on an ID, then `final_ask()`; use `notify_if_id_shown` once.
            visual_tools:
              - {type: function, function: {name: notify_id_shown}}
            audio_tool_prompt: Use `escalate_to_human` when the user is `upset`.
        """)
    assert sorted((f.rule, f.message) for f in result.findings) == [
        ("TV202", "audio_tool_prompt names the tool `escalate_to_human`, but audio_tools is not set"),
        ("TV202", "visual_tool_prompt names the tool `final_ask`, but visual_tools defines no tool of that name"),
        (
            "TV202",
            "visual_tool_prompt names the tool `notify_if_id_shown`, but visual_tools defines no tool of that name",
        ),
    ]  # a repeated name is reported once; the backticked plain word `upset` is not taken for a tool
    assert where(result, "TV202") == [(4, 5, 4, 23), (4, 5, 4, 23), (7, 5, 7, 22)]


# --- conversational flow ------------------------------------------------------------------


def _wake(phrase: str):
    return lint(f"system_prompt: x\nlayers:\n  conversational_flow:\n    wake_phrase: {json.dumps(phrase)}\n")


def test_wake_phrases() -> None:
    generic = _wake("Hey!")
    assert [(f.rule, str(f.level)) for f in generic.findings] == [("TV220", "warning")]
    assert where(generic, "TV220") == [(4, 18, 4, 24)]
    assert generic.findings[0].message == (
        "wake_phrase 'Hey!' is a generic greeting, which would wake the persona on "
        "small talk: choose a distinctive phrase"
    )
    starts = _wake("hey Facilitator")
    assert [(f.rule, str(f.level)) for f in starts.findings] == [("TV221", "note")]
    assert where(starts, "TV221") == [(4, 18, 4, 35)]
    assert rules_of(_wake("good morning there")) == ["TV220"]
    for fine in ("Facilitator, a question", "Hilda", "Heyward, listen", "ok computer"):
        assert _wake(fine).findings == [], fine


# --- LLM ----------------------------------------------------------------------------------


def _llm(**llm: object):
    return lint(json.dumps({"system_prompt": "x", "layers": {"llm": llm}}, indent=1), name="p.json")


def test_custom_model_without_base_url() -> None:
    result = _llm(model="tavus-llama-3-8b-instruct")
    assert [(f.rule, str(f.level)) for f in result.findings] == [("TV230", "error")]
    assert where(result, "TV230") == [(5, 13, 5, 40)]
    assert result.findings[0].message == (
        "model 'tavus-llama-3-8b-instruct' is not a Tavus-hosted model, so Tavus treats it as your own LLM, which "
        "needs base_url and api_key; the hosted models are tavus-gpt-oss, tavus-gemini-2.5-flash, "
        "tavus-claude-haiku-4.5, tavus-gpt-5.2, tavus-gemini-3-flash"
    )
    assert _llm(model="tavus-gpt-4o").findings[0].rule == "TV102"  # an old hosted name is hosted
    assert rules_of(_llm()) == ["TV270"]  # an empty llm layer configures nothing


def test_custom_llm_companions() -> None:
    no_key = _llm(model="llama-3.3-70b", base_url="https://api.groq.com/openai/v1")
    assert [(f.rule, str(f.level)) for f in no_key.findings] == [("TV231", "warning")]
    assert where(no_key, "TV231") == [(4, 3, 4, 8)]  # api_key is missing: at the "llm" key that should hold it
    assert no_key.findings[0].pointer == "/layers/llm"
    header = _llm(
        model="llama-3.3-70b",
        base_url="https://api.groq.com/openai/v1",
        headers={"Authorization": "Bearer ${GROQ_API_KEY}"},
    )
    assert header.findings == []
    no_model = _llm(base_url="https://api.groq.com/openai/v1", api_key="${GROQ_API_KEY}")
    assert [(f.rule, str(f.level)) for f in no_model.findings] == [("TV232", "error")]
    assert where(no_model, "TV232") == [(4, 3, 4, 8)]  # model is missing: at the "llm" key
    assert no_model.findings[0].pointer == "/layers/llm"
    hosted = _llm(model="tavus-gpt-oss", base_url="https://llm.example.com/v1")
    assert [(f.rule, str(f.level)) for f in hosted.findings] == [("TV233", "warning")]
    assert where(hosted, "TV233") == [(6, 4, 6, 14)]


def test_missing_llm_keys_are_reported_at_the_llm_mapping() -> None:
    flow = lint(
        "system_prompt: x\nlayers:\n  llm: {model: llama-3.3-70b, base_url: 'https://api.groq.com/openai/v1'}\n"
    )
    assert [(f.rule, *where(flow, f.rule)[0]) for f in flow.findings] == [("TV231", 3, 3, 3, 6)]
    block = lint("system_prompt: x\nlayers:\n  llm:\n    base_url: https://api.groq.com/openai/v1\n    api_key: k\n")
    assert [(f.rule, *where(block, f.rule)[0]) for f in block.findings] == [("TV232", 3, 3, 3, 6)]
    # a combination stays at the key that makes it one: base_url beside a hosted model (TV233)
    hosted = lint("system_prompt: x\nlayers:\n  llm:\n    model: tavus-gpt-oss\n    base_url: https://l.example.com\n")
    assert [(f.rule, *where(hosted, f.rule)[0]) for f in hosted.findings] == [("TV233", 5, 5, 5, 13)]


SPREAD_LLM = """\
    const llmDefaults = loadDefaults();
    await fetch("https://tavusapi.com/v2/personas", {
      method: "POST",
      body: JSON.stringify({
        system_prompt: "You help.",
        layers: { llm: { ...llmDefaults, LLM_FIELDS } },
      }),
    });
    """


def test_llm_object_with_an_unknown_spread_misses_no_key() -> None:
    """An llm object that spreads a value computed at run time may hold base_url, api_key or model."""
    for fields in (
        'model: "llama-3.3-70b"',
        'model: "llama-3.3-70b", base_url: "https://l.example.com/v1"',
        'base_url: "https://l.example.com/v1", api_key: "${K}"',
    ):
        assert lint(SPREAD_LLM.replace("LLM_FIELDS", fields), name="p.ts").findings == [], fields
    closed = lint(SPREAD_LLM.replace("...llmDefaults, LLM_FIELDS", 'model: "llama-3.3-70b"'), name="p.ts")
    assert [(f.rule, *where(closed, f.rule)[0]) for f in closed.findings] == [("TV230", 6, 29, 6, 44)]


def test_base_url_problems() -> None:
    invalid = _llm(model="m", base_url="your-base-url", api_key="${K}")
    hidden = _llm(model="m", base_url="ftp://user:hunter2@llm.example.com/v1?key=abc", api_key="${K}")
    assert rules_of(hidden) == ["TV234"] and "hunter2" not in hidden.findings[0].message
    assert "abc" not in hidden.findings[0].message
    assert rules_of(invalid) == ["TV234"]
    assert where(invalid, "TV234") == [(6, 16, 6, 31)]
    assert invalid.findings[0].message == (
        "base_url must be the absolute https URL of your OpenAI-compatible endpoint; got 'your-base-url'"
    )
    route = _llm(model="m", base_url="https://llm.example.com/v1/chat/completions", api_key="${K}")
    assert rules_of(route) == ["TV235"]
    assert where(route, "TV235") == [(6, 16, 6, 61)]
    assert route.findings[0].message == (
        "base_url must not include the route /chat/completions: Tavus appends "
        "/chat/completions itself; use 'https://llm.example.com/v1'"
    )
    local = _llm(model="m", base_url="http://localhost:5000", api_key="${K}")
    assert rules_of(local) == ["TV236"]  # not also an http finding: it cannot be reached at all
    assert where(local, "TV236") == [(6, 16, 6, 39)]
    private = _llm(model="m", base_url="https://192.168.1.20:8000/v1", api_key="${K}")
    assert "points at 192.168.1.20" in private.findings[0].message
    plain = _llm(model="m", base_url="http://llm.example.com/v1")
    assert [(f.rule, str(f.level)) for f in plain.findings] == [("TV231", "warning"), ("TV238", "warning")]
    assert where(plain, "TV238") == [(6, 16, 6, 43)]
    keyed = _llm(model="m", base_url="http://llm.example.com/v1", api_key="${K}")
    assert rules_of(keyed) == ["SE003"]  # a credential over http is the secrets pack's
    # a credential header is the secrets pack's notion (personalint.secrets.is_credential_header) here too
    for name in ("X-Auth-Token", "Cookie", "Password"):
        carried = _llm(model="m", base_url="http://llm.example.com/v1", headers={name: "abc"})
        assert rules_of(carried) == ["SE003"], name
    slash = _llm(model="m", base_url="https://e9f3.ngrok-free.app/", api_key="${K}")
    assert [(f.rule, str(f.level)) for f in slash.findings] == [("TV239", "note")]
    assert where(slash, "TV239") == [(6, 16, 6, 46)]
    # user info and queries never reach a message
    secret = _llm(model="m", base_url="https://user:hunter2@llm.example.com/chat/completions?key=abc", api_key="${K}")
    assert all("hunter2" not in f.message and "abc" not in f.message for f in secret.findings)
    assert "TV235" in rules_of(secret)


def test_hosted_sampling_ranges() -> None:
    result = _llm(model="tavus-gpt-oss", extra_body={"temperature": 2.5, "top_p": 0.9})
    assert [(f.rule, f.message) for f in result.findings] == [
        ("TV241", "temperature must be between 0 and 2 for Tavus-hosted models; got 2.5")
    ]
    assert where(result, "TV241") == [(7, 20, 7, 23)]
    assert rules_of(_llm(extra_body={"top_p": 1.5})) == ["TV241"]  # no model: Tavus's default, hosted
    assert (
        _llm(model="m", base_url="https://x.example.com", api_key="${K}", extra_body={"temperature": 5}).findings == []
    )


# --- tools --------------------------------------------------------------------------------


def _tools(*tools: dict, where_: str = "llm"):
    layer = {"tools": list(tools)} if where_ == "llm" else {"visual_tools": list(tools)}
    key = "llm" if where_ == "llm" else "perception"
    return lint(json.dumps({"system_prompt": "x", "layers": {key: layer}}, indent=1), name="p.json")


def _fn(name: str, parameters: dict | None = None) -> dict:
    function: dict = {"name": name, "description": "d"}
    if parameters is not None:
        function["parameters"] = parameters
    return {"type": "function", "function": function}


def test_tool_names() -> None:
    result = _tools(_fn("clickElement"), _fn("get_time"), _fn("get_time"))
    assert [(f.rule, f.pointer) for f in result.findings] == [
        ("TV250", "/layers/llm/tools/0/function/name"),
        ("TV251", "/layers/llm/tools/2/function/name"),
    ]
    assert where(result, "TV250") == [(9, 15, 9, 29)]
    assert where(result, "TV251") == [(23, 15, 23, 25)]
    assert result.findings[1].message == "tool name 'get_time' is already defined by the tool at index 1 of this list"
    visual = _tools(_fn("Notify-ID"), where_="visual")
    assert rules_of(visual) == ["TV250"]


def test_tool_parameters() -> None:
    result = _tools(
        _fn("get_weather", {"type": "object", "properties": {"location": {"type": "string"}}, "required": ["locaton"]}),
        _fn("roll_dice", {"type": "object", "properties": {"side": {"type": "text"}}}),
        _fn("ping", {"type": "string"}),
    )
    assert [(f.rule, f.pointer) for f in result.findings] == [
        ("TV252", "/layers/llm/tools/0/function/parameters/required/0"),
        ("TV253", "/layers/llm/tools/1/function/parameters/properties/side/type"),
        ("TV253", "/layers/llm/tools/2/function/parameters/type"),
    ]
    assert where(result, "TV252") == [(19, 9, 19, 18)]
    assert where(result, "TV253") == [(33, 18, 33, 24), (45, 16, 45, 24)]
    assert (
        result.findings[0].message == "required lists 'locaton', which tool get_weather does not define in properties"
    )
    assert result.findings[1].message.startswith(
        "parameters of tool roll_dice is not a valid JSON Schema: 'text' is not valid"
    )
    assert result.findings[2].message == (
        "parameters of tool ping is not a valid JSON Schema: a function's parameters "
        "must be of type object, not 'string'"
    )


# --- TTS ----------------------------------------------------------------------------------


def _tts(**tts: object):
    return lint(json.dumps({"system_prompt": "x", "layers": {"tts": tts}}, indent=1), name="p.json")


def test_voice_settings_of_the_other_engine() -> None:
    result = _tts(
        tts_engine="cartesia", voice_settings={"speed": "normal", "stability": 0.5, "use_speaker_boost": True}
    )
    assert [(f.rule, f.message) for f in result.findings] == [
        ("TV260", "stability is a voice setting of ElevenLabs: with tts_engine cartesia it has no effect"),
        ("TV260", "use_speaker_boost is a voice setting of ElevenLabs: with tts_engine cartesia it has no effect"),
    ]
    assert where(result, "TV260") == [(8, 5, 8, 16), (9, 5, 9, 24)]
    eleven = _tts(tts_engine="elevenlabs", voice_settings={"emotion": ["positivity:high"]})
    assert [f.message for f in eleven.findings] == [
        "emotion is a voice setting of Cartesia: with tts_engine elevenlabs it has no effect"
    ]


def test_cartesia_values() -> None:
    result = _tts(
        tts_engine="cartesia",
        tts_model_name="sonic-3",
        voice_settings={
            "speed": 2.0,
            "emotion": ["enthusiastic:high", "positivity:highest", "friendly", "calm", "curiosity:extreme"],
        },
    )
    assert [(f.pointer.rsplit("/", 2)[-2:], f.message) for f in result.findings] == [
        (["voice_settings", "speed"], "Cartesia speed 2.0: sonic-3 takes a speed between 0.6 and 1.5"),
        (
            ["emotion", "0"],
            "Cartesia emotion 'enthusiastic:high': enthusiastic takes no level: write enthusiastic alone "
            "(a level (:high) goes only with anger, positivity, surprise, sadness, curiosity)",
        ),
        (["emotion", "2"], "Cartesia emotion 'friendly': not a Cartesia emotion"),
        (
            ["emotion", "4"],
            "Cartesia emotion 'curiosity:extreme': the level is one of lowest, low, medium, high, highest",
        ),
    ]
    assert where(result, "TV261")[0] == (8, 14, 8, 17)
    named = _tts(tts_engine="cartesia", voice_settings={"speed": "fast"})
    assert named.findings == []  # one of Cartesia's named speeds
    odd = _tts(tts_engine="cartesia", voice_settings={"speed": "quick"})
    assert [f.message for f in odd.findings] == [
        "Cartesia speed 'quick': a named speed is one of slowest, slow, normal, fast, fastest"
    ]
    # without a model, the generation (and its numeric range) is unknown
    assert _tts(tts_engine="cartesia", voice_settings={"speed": 2.0}).findings == []


def test_provider_pronunciation_fields() -> None:
    result = _tts(tts_engine="elevenlabs", voice_settings={"pronunciation_dictionary_locators": [{"id": "x"}]})
    assert [(f.rule, f.message) for f in result.findings] == [
        (
            "TV262",
            "pronunciation_dictionary_locators is the ElevenLabs field Tavus writes itself: set "
            "layers.tts.pronunciation_dictionary_id instead",
        )
    ]
    assert where(result, "TV262") == [(7, 5, 7, 40)]


def test_elevenlabs_pronunciation_scope_note() -> None:
    result = _tts(tts_engine="elevenlabs", api_key="${ELEVENLABS_API_KEY}", pronunciation_dictionary_id="pd_abc123")
    assert [(f.rule, str(f.level)) for f in result.findings] == [("TV263", "note")]
    assert where(result, "TV263") == [(7, 4, 7, 33)]
    assert _tts(tts_engine="elevenlabs", pronunciation_dictionary_id="pd_abc123").findings == []


def test_emotion_control_note() -> None:
    result = _tts(tts_engine="cartesia", tts_emotion_control=True)
    assert [(f.rule, str(f.level)) for f in result.findings] == [("TV264", "note")]
    assert where(result, "TV264") == [(6, 4, 6, 25)]
    assert _tts(tts_engine="cartesia", tts_emotion_control=False).findings == []


# --- every layer --------------------------------------------------------------------------


def test_empty_layers_object() -> None:
    """tavus-018-domo-recreate-raven.json (../shared/corpus/wild) sends `"layers": {}`."""
    body = '{\n  "system_prompt": "You demo.",\n  "layers": {},\n  "default_replica_id": "rf4703150052"\n}\n'
    result = lint(body, name="domo.json")
    assert [(f.rule, str(f.level), f.pointer) for f in result.findings] == [("TV270", "note", "/layers")]
    assert where(result, "TV270") == [(3, 3, 3, 11)]
    assert result.findings[0].message == (
        "layers is empty, so it configures nothing (Tavus uses its defaults there): set the fields you mean, or remove it"
    )


def test_empty_layer_objects() -> None:
    result = lint("""\
        system_prompt: x
        layers:
          tts: {}
          llm: {model: tavus-gpt-oss}
          conversational_flow: {}
          stt: {hotwords: Roey}
        """)
    assert [(f.rule, f.pointer) for f in result.findings] == [
        ("TV270", "/layers/tts"),
        ("TV270", "/layers/conversational_flow"),
    ]
    assert where(result, "TV270") == [(3, 3, 3, 6), (5, 3, 5, 22)]
    assert result.findings[0].message == (
        "layers.tts is empty, so it configures nothing (Tavus uses its defaults there): set the fields you mean, "
        "or remove it"
    )
    assert result.findings[1].message == (
        "layers.conversational_flow is empty, so it configures nothing (the layer stays off until one of its fields "
        "is set): set the fields you mean, or remove it"
    )
    # only the layer itself: an empty object inside a layer is that layer's setting
    assert rules_of(lint("system_prompt: x\nlayers:\n  llm: {model: tavus-gpt-oss, headers: {}}\n")) == []


def test_layers_that_configure_something_or_are_not_objects() -> None:
    for body in (
        "system_prompt: x\n",
        "system_prompt: x\nlayers:\n  tts: {tts_engine: cartesia}\n",
        "system_prompt: x\nlayers:\n  perception: {perception_model: 'off'}\n",
    ):
        assert lint(body).findings == [], body
    assert "TV270" not in rules_of(lint("system_prompt: x\nlayers:\n"))  # null: the schema's
    assert "TV270" not in rules_of(lint("system_prompt: x\nlayers: []\n"))
    assert rules_of(lint("system_prompt: x\nlayers:\n  vqa: {}\n")) == ["TV111"]  # a removed layer is TV111's
    patch = '[{"op": "replace", "path": "/layers/tts", "value": {}}]'  # clears the layer: a PATCH means it
    assert "TV270" not in rules_of(lint(patch, name="p.json", kind="tavus-patch"))


SPREAD_LAYERS = """\
    const voice = loadVoice();
    await fetch("https://tavusapi.com/v2/personas", {
      method: "POST",
      body: JSON.stringify({ system_prompt: "You help.", layers: LAYERS }),
    });
    """


def test_empty_layer_filled_at_run_time_is_not_reported() -> None:
    for layers in ("{ tts: { ...voice } }", "{ ...voice }", "voice"):
        assert lint(SPREAD_LAYERS.replace("LAYERS", layers), name="p.ts").findings == [], layers
    empty = lint(SPREAD_LAYERS.replace("LAYERS", "{ tts: {}, ...voice }"), name="p.ts")
    assert [(f.rule, *where(empty, f.rule)[0]) for f in empty.findings] == []  # the spread may hold tts
    literal = lint(SPREAD_LAYERS.replace("LAYERS", "{ tts: {}, llm: { ...voice } }"), name="p.ts")
    assert [(f.rule, *where(literal, f.rule)[0]) for f in literal.findings] == [("TV270", 4, 64, 4, 67)]


def test_a_cartesia_emotion_message_blames_what_is_wrong() -> None:
    """A sonic-3 emotion written with a level: the level; a word Cartesia has in no form: the word
    (tavus-006's 'friendly:medium' was blamed on its level only)."""
    text = """\
        system_prompt: x
        layers:
          tts:
            tts_engine: cartesia
            voice_settings:
              emotion: ["enthusiastic:high", "friendly:medium", "positivity:high"]
        """
    result = lint(text)
    messages = [f.message for f in result.findings if f.rule == "TV261"]
    assert where(result, "TV261") == [(6, 17, 6, 36), (6, 38, 6, 55)]
    assert messages[0].startswith(
        "Cartesia emotion 'enthusiastic:high': enthusiastic takes no level: write enthusiastic"
    )
    assert messages[1].startswith("Cartesia emotion 'friendly:medium': friendly is not a Cartesia emotion in any form")
