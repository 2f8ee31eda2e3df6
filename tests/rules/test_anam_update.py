"""rules/anam-update.yaml: what an update changes besides its fields (AN310-AN313): findings and positions."""

from __future__ import annotations

from helpers import lint, where

AVATAR = "071b0286-4cce-4808-bee2-e642f1062de3"
VOICE = "de23e340-1416-4dd8-977d-065a7ca11697"


def test_update_notes() -> None:
    text = f"avatarId: {AVATAR}\nvoiceId: {VOICE}\ntoolIds: [527a112e-9d4d-4501-bab8-a0c02fb67f47]\n"
    result = lint(text, kind="anam-update")
    assert [(f.rule, str(f.level)) for f in result.findings] == [
        ("AN311", "note"),
        ("AN310", "note"),
        ("AN312", "note"),
    ]
    assert where(result, "AN311") == [(1, 1, 1, 9)]
    assert where(result, "AN310") == [(2, 1, 2, 8)]
    assert where(result, "AN312") == [(3, 1, 3, 8)]
    complete = (
        f"avatarId: {AVATAR}\navatarModel: cara-4\nvoiceId: {VOICE}\n"
        "voiceGenerationOptions: {stability: 0.5, speed: 1.0}\n"
    )
    assert lint(complete, kind="anam-update").findings == []
    # the same fields in a create body are not changes
    assert lint(text).findings == []


def test_empty_update() -> None:
    result = lint("{}\n", name="u.json", kind="anam-update")
    assert [(f.rule, str(f.level)) for f in result.findings] == [("AN313", "warning")]
    assert where(result, "AN313") == [(1, 1, 1, 2)]
    assert lint('{"systemPrompt": "Be brief."}', name="u.json").findings == []
