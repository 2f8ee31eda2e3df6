"""YAML's fast paths load exactly what the plain way loads (hypothesis): a `!!str` scalar's value
taken as it is, as a key or a value (yaml_loader.py), on streams made of the pieces that matter
(tags, anchors, aliases, merge keys, keys that are not strings, duplicates, values the constructor
refuses); the tags the composer gives without asking the resolver (yaml_compose.py); the unusual
line breaks told without a search of ASCII text (yaml.py); and a stream within the limits
composed by libyaml itself, node for node and mark for mark what the events give (yaml.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml.events import MappingStartEvent, ScalarEvent, SequenceStartEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from personalint.ids import NESTED_TOO_DEEPLY
from personalint.source import load, yaml_loader
from personalint.source import yaml as yaml_module
from personalint.source.limits import MAX_DEPTH
from personalint.source.yaml import _UNUSUAL_BREAKS, unusual_breaks
from personalint.source.yaml_compose import Composer

PIECES = st.sampled_from(
    ["a", "b", "1", "on", "yes", "null", "~", "<<", "&x ", "*x", "&y ", "*y", "!!str ", "!!int ", "!Ref "]
    + ["2001-13-01", "2001-12-01", "0x1F", "1.5", "'q'", '"d"', "[", "]", "{", "}", ", ", ": ", "- ", "? "]
    + ["\n", "\n  ", "\n    ", "\n- ", "\n---\n", "\u2028", "#c"]
)


def _loaded(text: str) -> tuple:
    source = load("fast.yaml", text.encode())
    documents = [(document.index, repr(document.value), document.problems) for document in source.documents]
    return documents, source.problems


@settings(max_examples=1500, deadline=None)
@given(st.lists(PIECES, max_size=24).map("".join))
def test_str_scalars_taken_as_they_are_load_what_the_constructor_makes(text: str) -> None:
    fast = _loaded(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yaml_loader, "_STR_TAG", "no tag: the fast paths never taken")
        plain = _loaded(text)
    assert fast == plain


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="aoyYnNtTfF0-+.~<=_ x:é\u2028", max_size=5), st.booleans(), st.booleans(), st.booleans())
def test_a_tag_given_without_the_resolver_is_the_one_it_resolves(
    value: str, plain: bool, quoted: bool, pure: bool
) -> None:
    loader = yaml_loader.loader_class(pure)("")
    composer, implicit = Composer(loader, None), (plain, quoted)
    if not (plain and value[:1] in composer.starts):
        assert composer.tags[ScalarEvent] == loader.resolve(ScalarNode, value, implicit)
    assert composer.tags[SequenceStartEvent] == loader.resolve(SequenceNode, None, implicit)
    assert composer.tags[MappingStartEvent] == loader.resolve(MappingNode, None, implicit)
    loader.dispose()


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="a \n\r\x85\u2028\u2029é\x80", max_size=8))
def test_unusual_breaks_are_those_the_pattern_finds(text: str) -> None:
    assert unusual_breaks(text) == (_UNUSUAL_BREAKS.search(text) is not None)


def _tree(node: object, seen: dict | None = None) -> object:
    """A node tree as data: every node's kind, tag, style, marks and children (a shared node once)."""
    seen = {} if seen is None else seen
    if id(node) in seen:
        return ("alias of", seen[id(node)])
    seen[id(node)] = len(seen)
    marks = tuple((m.line, m.column, m.index) for m in (node.start_mark, node.end_mark))  # type: ignore[attr-defined]
    head = (node.id, node.tag, marks)  # type: ignore[attr-defined]
    if isinstance(node, ScalarNode):
        return (*head, node.style, node.value)
    if isinstance(node, SequenceNode):
        return (*head, node.flow_style, [_tree(child, seen) for child in node.value])
    assert isinstance(node, MappingNode)
    return (*head, node.flow_style, [(_tree(k, seen), _tree(v, seen)) for k, v in node.value])


def _read(text: str) -> tuple:
    source = load("stream.yaml", text.encode())
    documents = [(d.index, repr(d.value), d.problems, _tree(d.node)) for d in source.documents]
    return documents, source.problems


NESTING = st.sampled_from(["[", "]", "{", "}", "- ", ": ", "? ", "a", ", ", "\n", "\n  ", "\n    ", "\n---\n"])


def _composed_as_by_events(text: str) -> None:
    """What libyaml's own composer gives a text within the limits (yaml._read_composed) is what the
    composer of events gives: the same documents, values, problems, nodes and marks; a text it
    cannot compose (a syntax error, an undefined alias, a value the constructor refuses) is read by
    events, whatever it had composed before."""
    composed = _read(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yaml_module, "_within_the_limits", lambda text: False)
        by_events = _read(text)
    assert composed == by_events


@settings(max_examples=2000, deadline=None)
@given(st.one_of(st.lists(PIECES, max_size=24).map("".join), st.lists(NESTING, max_size=40).map("".join)))
def test_a_stream_the_parser_composes_is_the_stream_read_by_events(text: str) -> None:
    _composed_as_by_events(text)


@settings(max_examples=1500, deadline=None)
@given(st.lists(NESTING, max_size=60).map("".join))
def test_a_text_within_the_limits_never_reaches_one(text: str) -> None:
    """A text `_within_the_limits` lets libyaml compose nests no deeper than MAX_DEPTH: the counts
    are of every character a collection can start at."""
    if yaml_module._within_the_limits(text):
        assert all(problem.rule != NESTED_TOO_DEEPLY for problem in load("n.yaml", text.encode()).problems)


STREAMS = [
    "a: 1\na: 2\nb: {c: 1, c: 2}\n",  # repeated keys
    "---\na: 1\n...\n---\n- x\n---\n",  # several documents, an end marker, an empty one
    "# only a comment\n",
    "a: !!str 1\nb: !!int '2'\nc: !Ref x\n1: one\non: yes\nnull: ~\n",  # tags, keys that are not strings
    "a: 'q'\nb: \"d\"\nc: |\n  block\nd: >\n  folded\n",  # scalar styles
    "a: 1\n---\nb: [1, 2\n---\nc: 3\n",  # a syntax error in the second document
    "a: *x\n",  # an undefined alias
    "a: !!int abc\nb: 2001-13-01\n",  # values the constructor refuses
    "? [a, b]\n: c\n",  # a key that is a collection
]


@pytest.mark.parametrize("text", STREAMS)
def test_streams_the_parser_composes_as_the_events_do(text: str) -> None:
    _composed_as_by_events(text)


def test_the_limits_send_a_text_to_the_events() -> None:
    assert yaml_module._within_the_limits("a: 1\nb: [x, y]\n")
    assert not yaml_module._within_the_limits("a: &x 1\nb: *x\n")  # an anchor: its aliases are counted
    deep_block = "".join("  " * level + "a:\n" for level in range(MAX_DEPTH + 1)) + "  " * (MAX_DEPTH + 1) + "b\n"
    for deep in ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), "- " * (MAX_DEPTH + 1) + "x\n", deep_block):
        assert not yaml_module._within_the_limits(deep)
        assert [problem.rule for problem in load("deep.yaml", deep.encode()).problems] == [NESTED_TOO_DEEPLY]
    assert yaml_module._within_the_limits("[" * MAX_DEPTH)


def test_a_plain_stream_is_composed_by_the_parser(monkeypatch) -> None:
    """The parser's composer is what reads a plain stream: the events' composer is not asked."""

    def refuse(self: Composer) -> None:
        raise AssertionError("composed by events")

    monkeypatch.setattr(Composer, "compose", refuse)
    source = load("plain.yaml", b"persona_name: Jo\nlayers:\n  llm: {model: m}\n---\n- 1\n")
    assert [document.value for document in source.documents] == [
        {"persona_name": "Jo", "layers": {"llm": {"model": "m"}}},
        [1],
    ]
    assert source.documents[1].node.start_mark.line == 4  # the file's lines
