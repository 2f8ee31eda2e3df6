"""Kind detection: which request body a document is."""

from __future__ import annotations

import pytest

from personalint.kinds import persona_root
from personalint.kinds.detect import detect, from_modeline


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ([{"op": "replace", "path": "/system_prompt", "value": "x"}], "tavus-patch"),
        ({"persona_name": "Coach", "system_prompt": "x", "layers": {}}, "tavus-create"),
        ({"pipeline_mode": "echo"}, "tavus-create"),
        ({"name": "Cara", "avatarId": "a", "voiceId": "v", "llmId": "l", "systemPrompt": "x"}, "anam-create"),
        ({"systemPrompt": "Be brief.", "llmId": "CUSTOMER_CLIENT_V1"}, "anam-update"),
        ({"name": "Cara", "widgetConfig": {"layout": "inline"}}, "anam-update"),
        ({"personaConfig": {"personaId": "p"}}, "anam-session"),
        ({"clientLabel": "web", "personaConfig": {"avatarId": "a"}}, "anam-session"),
        ({"avatarId": "a", "voiceId": "v", "maxSessionLengthSeconds": 600}, "anam-session"),
        ({"personaId": "p", "name": "Cara"}, "anam-session"),
        ({"avatarId": "a", "tools": [{"type": "client", "name": "open"}]}, "anam-session"),
    ],
)
def test_detects_each_kind(value, kind) -> None:
    assert detect(value).kind == kind


@pytest.mark.parametrize("value", [{"title": "x"}, [1, 2], "text", 3, [], {}])
def test_undetectable_documents_say_why(value) -> None:
    decision = detect(value)
    assert decision.kind is None and decision.reason


def test_modeline_names_a_kind() -> None:
    text = "# yaml-language-server: $schema=https://example.org/s/tavus-patch.schema.json\n- op: remove\n"
    assert from_modeline(text) == "tavus-patch"
    assert from_modeline("# yaml-language-server: $schema=other.json\n") is None
    assert from_modeline("name: x\n") is None


def test_persona_root() -> None:
    assert persona_root("anam-session", {"personaConfig": {}}) == "/personaConfig"
    assert persona_root("anam-session", {"avatarId": "a"}) == ""
    assert persona_root("tavus-create", {}) == ""
    assert persona_root("tavus-patch", []) is None


def test_detection_keys_are_one_table_per_vendor() -> None:
    from personalint.kinds import VENDORS, detect

    assert set(detect.VENDOR_KEYS) == set(VENDORS)
    assert not detect.VENDOR_KEYS["anam"] & detect.VENDOR_KEYS["tavus"]  # a key tells one vendor only
