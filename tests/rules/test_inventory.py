"""The inventory rules (rules/inventory.yaml): every reference check with and without an inventory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import CALENDAR, CARA, GPT4O, GRACE, LEO, LIV, LLAMA, LUCY, MARCUS, ORG, SARAH, ilint, rules, where

from personalint import inventory

# --- Anam rules -------------------------------------------------------------------------------


def test_unknown_anam_references(org) -> None:
    text = f"""\
        avatarId: {LIV}
        voiceId: Lucy - Fresh & Casual
        llmId: {GPT4O[:-1]}8
        toolIds: [{CALENDAR}, search_product]
        """
    result = ilint(text, inventory=org)
    assert rules(result) == ["IV001", "IV001", "IV001"]
    assert where(result, "IV001") == [(2, 10, 2, 31), (3, 8, 3, 44), (4, 49, 4, 63)]
    messages = [f.message for f in result.findings if f.rule == "IV001"]
    assert (
        messages[0]
        == f"voiceId 'Lucy - Fresh & Casual' is not a voice in the inventory; 'Lucy - Fresh & Casual' is the name of voice {LUCY}: use its id"
    )
    assert messages[1] == f"llmId '{GPT4O[:-1]}8' is not an LLM in the inventory; did you mean 'GPT-4o' ({GPT4O})?"
    assert (
        messages[2]
        == "toolIds item 'search_product' is not a tool in the inventory; did you mean 'search_products' (5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9)?"
    )
    # the sentinels are not references; without the inventory IV001 does not run
    assert rules(ilint(f"avatarId: {LIV}\nllmId: CUSTOMER_CLIENT_V1\n", inventory=org)) == []
    assert rules(ilint(f"avatarId: {LIV}\nllmId: ANAM_GPT_4O_MINI_V1\n", inventory=org)) == []
    assert rules(ilint(text)) == []
    # the personaConfig of a session-token body
    session = ilint(
        json.dumps({"personaConfig": {"avatarId": LIV[:-1] + "4", "voiceId": LUCY}}), name="s.json", inventory=org
    )
    assert [(f.rule, f.pointer) for f in session.findings if f.rule.startswith("IV")] == [
        ("IV001", "/personaConfig/avatarId")
    ]


def test_a_list_the_inventory_lacks_is_not_checked(tmp_path: Path) -> None:
    (tmp_path / "voices-1.json").write_text((ORG / "anam" / "voices-1.json").read_text())
    only_voices = inventory.load(str(tmp_path))
    result = ilint("avatarId: nope\nvoiceId: nope\n", inventory=only_voices)
    assert [(f.rule, f.pointer) for f in result.findings if f.rule.startswith("IV")] == [("IV001", "/voiceId")]


def test_zero_data_retention_against_the_inventory(org) -> None:
    both = ilint(f"avatarId: {LIV}\nvoiceId: {SARAH}\nllmId: {GPT4O}\nzeroDataRetention: true\n", inventory=org)
    assert rules(both, "") == ["IV002"]  # AN010 (the offline note) gives way to the exact check
    assert where(both, "IV002") == [(4, 20, 4, 24)]
    assert both.findings[0].message == (
        "zeroDataRetention needs a ZDR-compatible voice and LLM, but voice 'Sarah - Calm' "
        f"({SARAH}) and LLM 'GPT-4o' ({GPT4O}) are not ZDR-compatible (isZdr false)"
    )
    llm_only = ilint(f"avatarId: {LIV}\nvoiceId: {LUCY}\nllmId: {GPT4O}\nzeroDataRetention: true\n", inventory=org)
    assert [f.message for f in llm_only.findings] == [
        f"zeroDataRetention needs a ZDR-compatible voice and LLM, but LLM 'GPT-4o' ({GPT4O}) is not "
        "ZDR-compatible (isZdr false)"
    ]
    client = ilint(
        f"avatarId: {LIV}\nvoiceId: {MARCUS}\nllmId: CUSTOMER_CLIENT_V1\nzeroDataRetention: true\n", inventory=org
    )
    assert [f.message for f in client.findings] == [
        "zeroDataRetention needs a ZDR-compatible voice (llmId CUSTOMER_CLIENT_V1 runs no Anam LLM), but voice "
        f"'Marcus - Deep' ({MARCUS}) is not ZDR-compatible (isZdr false)"
    ]
    fine = f"avatarId: {LIV}\nvoiceId: {LUCY}\nllmId: {LLAMA}\nzeroDataRetention: true\n"
    assert ilint(fine, inventory=org).findings == []
    assert (
        ilint(
            f"avatarId: {LIV}\nvoiceId: {LUCY}\nllmId: CUSTOMER_CLIENT_V1\nzeroDataRetention: true\n", inventory=org
        ).findings
        == []
    )
    assert ilint(f"avatarId: {LIV}\nvoiceId: {SARAH}\nzeroDataRetention: false\n", inventory=org).findings == []
    # without an inventory: the offline note, never IV002
    assert rules(ilint(fine), "") == ["AN010"]
    assert rules(ilint(f"avatarId: {LIV}\nvoiceId: {SARAH}\nllmId: {GPT4O}\nzeroDataRetention: true\n"), "") == [
        "AN010"
    ]


@pytest.mark.parametrize(
    ("avatar", "model", "offered"),
    [
        (CARA, "cara-4", "cara-3"),
        (CARA, "cara-4-latest", "cara-3"),
        (LEO, "cara-4-latest", "cara-3, cara-4"),
        (LIV, "cara-2", None),  # v1 is cara-2
        (LIV, "cara-3", None),  # v2 is cara-3 (seed 001: activeVersion v2, avatarModel cara-3)
        (LIV, "cara-4", None),  # cara-4-3 is a Cara 4 build
        (LIV, "cara-4-latest", None),
        (LEO, "cara-4", None),
    ],
)
def test_avatar_model_against_available_versions(org, avatar: str, model: str, offered: str | None) -> None:
    result = ilint(f"avatarId: {avatar}\navatarModel: {model}\n", inventory=org)
    found = [f for f in result.findings if f.rule == "IV003"]
    if offered is None:
        assert found == []
        return
    assert where(result, "IV003") == [(2, 14, 2, 14 + len(model))]
    assert found[0].message.endswith(f"it offers {offered}")
    assert rules(ilint(f"avatarId: {avatar}\navatarModel: {model}\n")) == []


def test_avatar_model_messages_show_internal_names(tmp_path: Path) -> None:
    (tmp_path / "avatars.json").write_text(
        json.dumps(
            {
                "data": [
                    {"id": "a1", "displayName": "Old", "availableVersions": ["v1", "v2"], "activeVersion": "v2"},
                    {"id": "a2", "displayName": "Odd", "availableVersions": ["cara-3", "bespoke-9"]},
                ],
                "meta": {},
            }
        )
    )
    loaded = inventory.load(str(tmp_path))
    result = ilint("avatarId: a1\navatarModel: cara-4\n", inventory=loaded)
    assert [f.message for f in result.findings if f.rule == "IV003"] == [
        "avatarModel 'cara-4' is not available for avatar 'Old' (a1): it offers cara-2, cara-3 (availableVersions: v1, v2)"
    ]
    # a name that maps to nothing known may be the model: nothing is said
    assert rules(ilint("avatarId: a2\navatarModel: cara-4\n", inventory=loaded)) == []
    # an unknown model is AN001's, not IV003's
    unknown_model = rules(ilint("avatarId: a1\navatarModel: cara-9\n", inventory=loaded), "")
    assert "AN001" in unknown_model and "IV003" not in unknown_model


def test_voice_options_against_the_voice(org) -> None:
    fish_shape = "voiceGenerationOptions:\n  volume: 1.0\n  speed: 1.8\n"
    cartesia = ilint(f"avatarId: {LIV}\nvoiceId: {SARAH}\n{fish_shape}", inventory=org)
    assert rules(cartesia, "") == ["IV004"]
    assert where(cartesia, "IV004") == [(5, 10, 5, 13)]
    assert cartesia.findings[0].message == (
        "voiceGenerationOptions: Cartesia Sonic-3 speed must be between 0.6 and 1.5; got 1.8 "
        f"(voice 'Sarah - Calm' ({SARAH}) is CARTESIA sonic-3)"
    )
    assert ilint(f"avatarId: {LIV}\nvoiceId: {MARCUS}\n{fish_shape}", inventory=org).findings == []
    assert ilint(f"avatarId: {LIV}\nvoiceId: {SARAH}\n{fish_shape}").findings == []  # offline: a valid Fish shape
    eleven = ilint(f"avatarId: {LIV}\nvoiceId: {LUCY}\n{fish_shape}", inventory=org)
    assert [f.message for f in eleven.findings] == [
        f"voiceGenerationOptions: volume is not an option of ElevenLabs V2 voices (voice 'Lucy - Fresh & Casual' "
        f"({LUCY}) is ELEVENLABS eleven_flash_v2_5); they take stability, similarityBoost, style, useSpeakerBoost, "
        "speed, model",
        f"voiceGenerationOptions: ElevenLabs V2 speed must be between 0.7 and 1.2; got 1.8 (voice 'Lucy - Fresh & "
        f"Casual' ({LUCY}) is ELEVENLABS eleven_flash_v2_5)",
    ]
    assert where(eleven, "IV004") == [(4, 3, 4, 9), (5, 10, 5, 13)]
    v1 = ilint(
        f"avatarId: {LIV}\nvoiceId: {GRACE}\nvoiceGenerationOptions: {{stability: 0.4, style: 0.2}}\n", inventory=org
    )
    assert [f.message.split(";")[0] for f in v1.findings] == [
        "voiceGenerationOptions: style is not an option of ElevenLabs V1 voices (voice 'Grace - Storyteller' "
        f"({GRACE}) is ELEVENLABS eleven_multilingual_v1)"
    ]
    elevenlabs_on_cartesia = ilint(
        f"avatarId: {LIV}\nvoiceId: {SARAH}\nvoiceGenerationOptions: {{stability: 0.5}}\n", inventory=org
    )
    assert rules(elevenlabs_on_cartesia) == ["IV004"]
    # options that fit no shape at all are the schema's (and AN030's) findings, not IV004's
    out_of_every_range = ilint(
        f"avatarId: {LIV}\nvoiceId: {LUCY}\nvoiceGenerationOptions: {{stability: 0.5, speed: 2.0}}\n", inventory=org
    )
    assert rules(out_of_every_range, "") == ["AN030"]


def test_voice_options_of_an_openai_voice(tmp_path: Path) -> None:
    (tmp_path / "voices.json").write_text(
        json.dumps(
            {
                "data": [
                    {"id": "o1", "displayName": "Alloy", "provider": "OPENAI_ADVANCED_VOICE", "providerModelId": None}
                ],
                "meta": {},
            }
        )
    )
    loaded = inventory.load(str(tmp_path))
    result = ilint("avatarId: a\nvoiceId: o1\nvoiceGenerationOptions: {speed: 1.0}\n", inventory=loaded)
    assert where(result, "IV004") == [(3, 1, 3, 23)]
    assert "no documented voiceGenerationOptions apply" in result.findings[0].message


# --- Tavus rules ------------------------------------------------------------------------------


def test_unknown_tavus_references(org) -> None:
    text = """\
        persona_name: Clinic Receptionist
        system_prompt: You greet patients.
        default_replica_id: r90bbd427f72
        document_ids: [d1234567890, Product FAQ]
        objectives_id: o12346
        guardrail_ids: [g1234567890ab, g1234567890zz]
        layers:
          tts:
            pronunciation_dictionary_id: pd_unknown
        """
    result = ilint(text, inventory=org)
    assert rules(result) == ["IV010"] * 5
    assert where(result, "IV010") == [(3, 21, 3, 33), (4, 29, 4, 40), (5, 16, 5, 22), (6, 32, 6, 45), (9, 34, 9, 44)]
    assert [f.message for f in result.findings] == [
        "default_replica_id 'r90bbd427f72' is not a replica in the inventory; did you mean 'Anna' (r90bbd427f71)?",
        "document_ids item 'Product FAQ' is not a document in the inventory; 'Product FAQ' is the name of document d1234567890: use its id",
        "objectives_id 'o12346' is not an objective in the inventory; did you mean 'ask_if_new_patient' (o12345)?",
        "guardrail_ids item 'g1234567890zz' is not a guardrail in the inventory; did you mean "
        "'healthcare_compliance_guardrail' (g1234567890ab)?",
        "pronunciation_dictionary_id 'pd_unknown' is not a pronunciation dictionary in the inventory; it has "
        "'Brand Terms' (pd_abc123def456gh)",
    ]
    assert rules(ilint(text)) == []


def test_tavus_references_in_a_patch(org) -> None:
    text = """\
        - op: replace
          path: /default_replica_id
          value: r00000000000
        - op: add
          path: /document_ids/-
          value: d999
        - op: add
          path: /guardrail_tags
          value: [compliance, complience]
        """
    result = ilint(text, inventory=org)
    assert [(f.rule, f.pointer) for f in result.findings] == [
        ("IV010", "/0/value"),
        ("IV010", "/1/value"),
        ("IV012", "/2/value/1"),
    ]
    assert where(result, "IV010") == [(3, 10, 3, 22), (6, 10, 6, 14)]
    assert ilint(text).findings == []


def test_guardrail_total_counted_through_tags(org) -> None:
    text = "system_prompt: You coach.\nguardrail_ids: [g1234567890ab, g0987654321cd]\nguardrail_tags: [policy]\n"
    result = ilint(text, inventory=org)
    assert rules(result, "") == ["IV011"]
    assert where(result, "IV011") == [(3, 1, 3, 15)]
    assert result.findings[0].message == (
        "guardrail_ids and guardrail_tags attach 51 guardrails (2 by id, 49 more "
        "through tags); Tavus allows at most 50 per persona"
    )
    # a guardrail named by id and by tag counts once
    overlap = "system_prompt: x\nguardrail_ids: [g1234567890ab, g000000000001]\nguardrail_tags: [policy]\n"
    assert ilint(overlap, inventory=org).findings == []
    # without an inventory: only the offline lower bound (TV011), and only when the ids reach 50
    assert ilint(text).findings == []
    ids = json.dumps([f"g{i:012d}" for i in range(1, 50)] + ["g1234567890ab"])
    at_limit = f"system_prompt: x\nguardrail_ids: {ids}\nguardrail_tags: [sales]\n"
    assert rules(ilint(at_limit), "") == ["TV011"]
    exact = ilint(at_limit, inventory=org)  # sales adds g0987654321cd: 51
    assert rules(exact, "") == ["IV011"]


def test_tags_that_match_nothing(org) -> None:
    text = "system_prompt: x\nguardrail_tags: [complience, policy]\ndocument_tags: [product_info, pricing]\n"
    result = ilint(text, inventory=org)
    assert [(f.rule, str(f.level)) for f in result.findings] == [("IV012", "warning"), ("IV012", "warning")]
    assert where(result, "IV012") == [(2, 18, 2, 28), (3, 31, 3, 38)]
    assert [f.message for f in result.findings] == [
        "guardrail_tags entry 'complience' matches no guardrail in the inventory; did you mean 'compliance'?",
        "document_tags entry 'pricing' matches no document in the inventory",
    ]
    assert ilint(text).findings == []


def test_emotion_control_needs_a_phoenix_4_replica(org) -> None:
    text = "system_prompt: x\ndefault_replica_id: {replica}\nlayers:\n  tts:\n    tts_emotion_control: true\n"
    result = ilint(text.format(replica="r79e1c033f"), inventory=org)
    assert [(f.rule, str(f.level)) for f in result.findings] == [("IV013", "warning")]
    assert where(result, "IV013") == [(5, 5, 5, 24)]
    assert result.findings[0].message == (
        "tts_emotion_control is only available with Phoenix-4 replicas; "
        "default_replica_id 'Nathan' (r79e1c033f) is phoenix-3"
    )
    assert ilint(text.format(replica="r90bbd427f71"), inventory=org).findings == []
    assert ilint(text.format(replica="r79e1c033f").replace("true", "false"), inventory=org).findings == []
    # without an inventory, the Tavus pack's offline note (if enabled) speaks instead of IV013
    assert "IV013" not in rules(ilint(text.format(replica="r79e1c033f")))


def test_every_inventory_rule_is_documented_as_needing_an_inventory() -> None:
    from personalint.engine.registry import registry

    pack = [r for r in registry().rules if r.pack == "inventory"]
    assert [r.id for r in pack] == ["IV001", "IV002", "IV003", "IV004", "IV010", "IV011", "IV012", "IV013"]
    for rule in pack:
        assert rule.needs_inventory and rule.check.get("uses"), rule.id
        assert all(e.get("inventory") for e in rule.examples), rule.id
