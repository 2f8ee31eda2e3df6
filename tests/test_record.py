"""personalint/record.py: the mutable records compare, show and copy themselves as dataclasses did."""

from __future__ import annotations

import pytest

from personalint.record import Record
from personalint.result import DocumentInfo, FileResult
from personalint.source.document import Document, Text


def test_records_compare_by_their_fields() -> None:
    a = FileResult("a.json", [DocumentInfo(0, "tavus-create")])
    assert a == FileResult("a.json", [DocumentInfo(0, "tavus-create")])
    assert a != FileResult("a.json")
    assert a != FileResult("a.json", [DocumentInfo(0, "tavus-create")], skipped="why")
    assert a != ("a.json",)  # another type is never equal
    with pytest.raises(TypeError):
        hash(a)  # mutable: not hashable


def test_defaults_are_not_shared() -> None:
    a, b = FileResult("a"), FileResult("b")
    a.findings.append("x")  # type: ignore[arg-type]
    assert b.findings == []


def test_replace_copies_and_changes_only_what_it_is_given() -> None:
    a = FileResult("a.json", error="cannot read")
    b = a._replace(path="b.json")
    assert (b.path, b.error) == ("b.json", "cannot read") and a.path == "a.json"
    with pytest.raises(TypeError, match="no field nope"):
        a._replace(nope=1)


def test_repr_names_every_field() -> None:
    assert repr(FileResult("a")).startswith("FileResult(path='a', documents=[], findings=[]")


def test_a_document_compares_without_its_composer() -> None:
    text = Text("{}", "json")
    assert Document(0, {}, text, compose=lambda *_: None) == Document(0, {}, text)
    assert Document(0, {}, text) != Document(1, {}, text)


def test_every_record_lists_its_fields_in_slots() -> None:
    for cls in Record.__subclasses__():
        assert isinstance(cls.__slots__, tuple) and cls.__slots__, cls
        assert cls.__dictoffset__ == 0, cls  # no per-instance __dict__: a misspelt attribute fails
