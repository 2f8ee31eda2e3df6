"""The vendors' own request examples, through the whole pipeline (detection, schema, rules).

They pass, except where the documents themselves are wrong; those findings are asserted
exactly, so a change in how they are reported is a deliberate one.
"""

from __future__ import annotations

import json

import pytest
from test_schemas import (
    ANAM_PERSONA_CREATE,
    ANAM_PERSONA_UPDATE,
    ANAM_SESSION_TOKEN_CREATE,
    SEED_001_CREATE,
    SEED_002_CREATE,
    SEED_003_UPDATE,
    TAVUS_FULL_CUSTOMIZATIONS,
    TAVUS_PATCH_REMOVE_STT_HOTWORDS,
    TAVUS_PATCH_REPLACE_SYSTEM_PROMPT,
    TAVUS_REQUIRED_PARAMETERS_ONLY,
)

from personalint.config import Settings
from personalint.pipeline import check_bytes


def findings(value: object) -> tuple[list[dict], list[tuple[str, str, str]]]:
    result = check_bytes("example.json", json.dumps(value, indent=2).encode(), Settings.default())
    return result.documents, [(f.rule, f.pointer, f.message) for f in result.findings]


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (ANAM_PERSONA_CREATE, "anam-create"),
        (SEED_001_CREATE, "anam-create"),
        (SEED_002_CREATE, "anam-create"),
        (ANAM_PERSONA_UPDATE, "anam-update"),
        (SEED_003_UPDATE, "anam-update"),
        (ANAM_SESSION_TOKEN_CREATE, "anam-session"),
        (TAVUS_REQUIRED_PARAMETERS_ONLY, "tavus-create"),
        (TAVUS_PATCH_REPLACE_SYSTEM_PROMPT, "tavus-patch"),
        (TAVUS_PATCH_REMOVE_STT_HOTWORDS, "tavus-patch"),
    ],
)
def test_document_examples_are_clean(value, kind) -> None:
    documents, found = findings(value)
    assert [(d.index, d.kind) for d in documents] == [(0, kind)]
    assert found == []


def test_tavus_full_customizations_example_has_the_documents_own_mistakes() -> None:
    documents, found = findings(TAVUS_FULL_CUSTOMIZATIONS)
    assert [(d.index, d.kind) for d in documents] == [(0, "tavus-create")]
    # turn_commitment is a removed field (TV111), document_ids/document_tags are nested in layers by
    # mistake (TV113), and tts_emotion_control needs a Phoenix-4 replica (TV264, a note)
    assert [(rule, pointer) for rule, pointer, _ in found] == [
        ("TV264", "/layers/tts/tts_emotion_control"),
        ("TV111", "/layers/conversational_flow/turn_commitment"),
        ("TV113", "/layers/document_ids"),
        ("TV113", "/layers/document_tags"),
    ]
    assert (
        found[2][2]
        == "document_ids is not a field here: it belongs at the top level of the body (/document_ids), beside layers"
    )
