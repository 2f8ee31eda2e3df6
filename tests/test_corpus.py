"""Real persona configs from public repositories (../shared/corpus/wild): no crash, right findings."""

from __future__ import annotations

from pathlib import Path

from personalint.config import Settings
from personalint.pipeline import check_paths


def test_wild_corpus_checks_without_internal_errors(shared: Path) -> None:
    report = check_paths([str(shared / "corpus" / "wild")], Settings.default())
    assert len(report.files) >= 52
    assert report.errors == []
    assert not [f for f in report.findings if f.rule == "PI001"]
    assert all(f.span.line >= 1 and f.span.column >= 1 for f in report.findings)


def _findings(shared: Path, name: str) -> set[tuple[str, str]]:
    report = check_paths([str(shared / "corpus" / "wild" / name)], Settings.default())
    return {(f.rule, f.pointer) for f in report.findings}


def test_wild_corpus_mistakes_noticed_in_sources_md(shared: Path) -> None:
    # systemPrompt beside llmId CUSTOMER_CLIENT_V1 (SOURCES.md: anam-016, anam-017, anam-029)
    for name in (
        "anam-016-pooja-put-update.json",
        "anam-017-echo-clone-customer-client.json",
        "anam-029-hakim-create-customer-client.json",
    ):
        assert ("AN020", "/systemPrompt") in _findings(shared, name)
    # wrong layer name and invented fields (tavus-006), wrong field names (tavus-007, tavus-014, tavus-010)
    assert ("TV113", "/layers/conversational") in _findings(shared, "tavus-006-roofing-coach-pro.json")
    assert ("PS005", "/layers/tts/voice_id") in _findings(shared, "tavus-007-mira-document-tutor.json")
    assert ("PS005", "/layers/tts/voice_id") in _findings(shared, "tavus-014-erewhon-cashier-groq.json")
    assert ("PS005", "/replica_id") in _findings(shared, "tavus-010-livekit-echo-appointment.json")
    # a field at the wrong level (tavus-018)
    assert ("TV113", "/perception_model") in _findings(shared, "tavus-018-domo-recreate-raven.json")


def test_wild_corpus_clean_controls_have_no_findings(shared: Path) -> None:
    for name in (
        "tavus-016-harold-minimal.json",
        "anam-008-cookbook-basic.json",
        "anam-010-cookbook-custom-llm.json",
        "anam-018-loan-advisor-rakesh.json",
        "anam-026-ai-judge.json",
        "anam-027-muhaimin-cara4.json",
    ):
        assert _findings(shared, name) == set(), name
