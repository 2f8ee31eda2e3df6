"""YAML's fast paths load exactly what the plain way loads (hypothesis): a `!!str` scalar's value
taken as it is, as a key or a value (yaml_loader.py), on streams made of the pieces that matter
(tags, anchors, aliases, merge keys, keys that are not strings, duplicates, values the constructor
refuses); the tags the composer gives without asking the resolver (yaml_compose.py); and the
unusual line breaks told without a search of ASCII text (yaml.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml.events import MappingStartEvent, ScalarEvent, SequenceStartEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from personalint.source import load, yaml_loader
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
