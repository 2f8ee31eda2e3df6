"""Objects of application code that look a little like personas, found by no request: never judged.

kinds/detect.py persona_shape weighs an object's keys: keys only persona configs have count 3,
keys other code has too (COMMON_KEYS) 1, `name`/`description` 1, keys no persona has -1. The
traps below came from a generated app repository (bench/repo.py) and would each have been
reported (PS005, AN100/AN101, PS001, TV111/TV113) by a looser test.
"""

from __future__ import annotations

import pytest
from helpers import lint

from personalint.kinds.detect import persona_shape

SHAPES = {
    # (keys) -> the kind, or None for "not a persona"
    ("persona_name", "system_prompt"): "tavus-create",
    ("persona_name", "pipeline_mode"): "tavus-create",
    ("system_prompt", "layers", "persona_name", "typo_key"): "tavus-create",
    ("name", "avatarId", "voiceId"): "anam-create",
    ("avatarId", "llmId"): "anam-create",
    ("name", "avatarId", "voiceId", "systemPrompt"): "anam-create",
    ("name", "personaId", "brainType"): "anam-session",
    ("system_prompt", "context"): None,  # an LLM call's settings
    ("system_prompt", "context", "temperature", "model"): None,
    ("system_prompt", "layers"): None,
    ("avatarId", "voiceId", "size"): None,  # a user's profile in a UI component
    ("avatarId", "voiceId", "name", "size", "color"): None,
    ("name", "description"): None,
    ("systemPrompt", "temperature"): None,
    ("persona_name",): None,  # one key is never enough
}


@pytest.mark.parametrize(("keys", "kind"), SHAPES.items(), ids=["-".join(k) for k in SHAPES])
def test_shape_weighs_the_keys(keys: tuple[str, ...], kind: str | None) -> None:
    decision = persona_shape(dict.fromkeys(keys, "x"))
    assert (decision.kind if decision else None) == kind


TRAPS = {
    "Avatar.tsx": """\
        export function Avatar({ user }: Props) {
          const props = { avatarId: user.avatarId, voiceId: user.voiceId, size: 48 };
          const fixture = { avatarId: "u123", voiceId: "v1", size: 48 };
          return <Img {...props} />;
        }
        """,
    "settings.ts": """\
        export const SUMMARY = { system_prompt: "Summarise the ticket.", layers: 3 };
        """,
    "llm.py": """\
        SETTINGS = {"system_prompt": "You summarise tickets.", "context": "support", "temperature": 0.2}
        """,
    "README.md": """\
        # LLM settings

        ```json
        {"system_prompt": "You summarise tickets.", "temperature": 0.3}
        ```

        ```yaml
        model: gpt-4o
        system_prompt: You summarise tickets.
        temperature: 0.3
        ```
        """,
}


@pytest.mark.parametrize("name", list(TRAPS))
def test_look_alikes_in_code_are_not_personas(name: str) -> None:
    result = lint(TRAPS[name], name=name)
    assert result.findings == [] and result.documents == []


def test_the_same_keys_sent_to_a_persona_endpoint_are_judged() -> None:
    """Context beats shape: what the traps lack is a request."""
    text = """\
        const body = { system_prompt: "Summarise.", layers: 3 };
        await fetch("https://tavusapi.com/v2/personas", { method: "POST", body: JSON.stringify(body) });
        """
    result = lint(text, name="route.ts")
    assert [d.kind for d in result.documents] == ["tavus-create"]
    assert [(f.rule, f.span.line, f.span.column) for f in result.findings if f.rule == "PS001"] == [("PS001", 1, 53)]
