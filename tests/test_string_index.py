"""The one walk of a document's strings (secrets/strings.py) lists what each rule's own walk found:
the plain spellings below are those walks as the rules had them, and hypothesis compares them on
documents made of the keys and strings that matter to each (credential fields, headers, JSON Patch
operations, URL fields, boolean-named keys, ids, escapes in keys, lists of strings)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from personalint import pointer as jp
from personalint.engine.context import MISSING, Context
from personalint.engine.packs import file, tavus
from personalint.placeholders import is_stand_in
from personalint.secrets import strings
from personalint.secrets.formats import is_credential_field, is_credential_header, normal
from personalint.secrets.scan import _URL_FIELDS, _http_url_fields, _string_secrets, scan, stand_ins

KEYS = st.sampled_from(
    ["api_key", "apiKey", "headers", "Authorization", "x-api-key", "value", "op", "path", "url", "base_url"]
    + ["enable_vision", "isOn", "model", "default_replica_id", "guardrail_ids", "tools", "my_tools", "personaConfig"]
    + ["a~b", "c/d", "a/b~c", "1", "", "name"]
) | st.integers(0, 3)
TEXTS = st.sampled_from(
    ["", " ", "x", "true", " Off\n", "yes", "your-id", "http://example.com", " HTTP://10.0.0.1", "https://a.b"]
    + ["/layers/llm/api_key", "/x/Authorization", "add", "gsk_FAKE0a1B2c3D4e5F6g7H8i9J0k", "é", "Ã©", "<ID>"]
)
LEAVES = TEXTS | st.sampled_from([None, True, 0, 1.5])
# objects that each rule has something to say about, mixed in among random ones
OPERATIONS = st.fixed_dictionaries(
    {"op": st.sampled_from(["add", "replace"]), "path": TEXTS | st.just("/"), "value": TEXTS}
)
FRAGMENTS = st.fixed_dictionaries(
    {"base_url": TEXTS},
    optional={"api_key": TEXTS, "headers": st.dictionaries(KEYS, TEXTS, max_size=3), "enable_vision": TEXTS}
    | {"default_replica_id": TEXTS, "guardrail_ids": st.lists(TEXTS, max_size=3)},
)


def _containers(children: st.SearchStrategy) -> st.SearchStrategy:
    mixed = st.dictionaries(KEYS, children, max_size=5)
    return (
        st.lists(children, max_size=4)
        | mixed
        | OPERATIONS
        | FRAGMENTS
        | st.builds(lambda a, b: {**a, **b}, FRAGMENTS, mixed)
    )


DOCUMENTS = st.recursive(LEAVES, _containers, max_leaves=24)
BODIES = (
    st.dictionaries(KEYS, DOCUMENTS, max_size=5)
    | st.lists(DOCUMENTS, max_size=3)
    | st.builds(
        lambda persona, rest: {**rest, "personaConfig": persona},
        DOCUMENTS,
        st.dictionaries(KEYS, DOCUMENTS, max_size=2),
    )
)


def _scan_walk(value: Any, base: str) -> Iterator[tuple[str, str, bool]]:
    """The secrets scan's own walk, as it was: (pointer, string, in a credential field or header)."""
    stack: list[tuple[str, Any, bool]] = [(base, value, False)]
    while stack:
        pointer, item, in_headers = stack.pop()
        if isinstance(item, dict):
            operation_path = item.get("path") if isinstance(item.get("op"), str) else None
            credential = is_credential_header if in_headers else is_credential_field
            children = []
            for key, child in item.items():
                if isinstance(child, str):
                    name = str(key)
                    if name == "value" and isinstance(operation_path, str):
                        name = strings._operation_field(operation_path) or name
                    yield jp.join(pointer, str(key)), child, credential(name)
                elif isinstance(child, (dict, list)):
                    children.append((jp.join(pointer, str(key)), child, normal(str(key)) == "headers"))
            stack.extend(reversed(children))
        elif isinstance(item, list):
            for index in range(len(item) - 1, -1, -1):
                child = item[index]
                if isinstance(child, str):
                    yield f"{pointer}/{index}", child, False
                elif isinstance(child, (dict, list)):
                    stack.append((f"{pointer}/{index}", child, False))


def _url_walk(value: Any) -> Iterator[tuple[str, dict, list[tuple[Any, str]]]]:
    """SE003's own walk, as it was: objects with a URL field that starts with http://, parents first."""
    for pointer, node in jp.walk(value):
        if isinstance(node, dict):
            urls = [
                (key, child)
                for key, child in node.items()
                if isinstance(child, str)
                and child.lstrip()[:7].lower() == "http://"
                and normal(str(key)) in _URL_FIELDS
            ]
            if urls:
                yield pointer, node, urls


@settings(max_examples=500, deadline=None)
@given(BODIES)
def test_the_walk_lists_every_string_as_jp_walk_does(document: Any) -> None:
    expected = [(p, v) for p, v in jp.walk(document) if isinstance(v, str) and p]
    assert [(entry[0], entry[1]) for entry in strings.of(document)] == expected
    for root in ("/personaConfig", "/a~1b~0c"):
        under = jp.resolve(document, root, MISSING)
        expected = [(p, v) for p, v in jp.walk(under, root) if isinstance(v, str) and p != root]
        assert [(entry[0], entry[1]) for entry in strings.within(document, root)] == expected


@settings(max_examples=500, deadline=None)
@given(BODIES)
def test_the_scan_sees_the_strings_and_credential_fields_its_own_walk_saw(document: Any) -> None:
    entries = sorted(strings.walk(document, "/base"), key=lambda entry: (entry[5], -entry[6]))
    assert [(entry[0], entry[1], entry[3]) for entry in entries] == list(_scan_walk(document, "/base"))
    walked = list(_scan_walk(document, ""))
    assert scan(document) == [
        secret for p, text, credential in walked for secret in _string_secrets(p, text, credential)
    ]
    assert stand_ins(document) == [(p, text) for p, text, credential in walked if credential and is_stand_in(text)]


@settings(max_examples=500, deadline=None)
@given(BODIES)
def test_plain_http_url_fields_are_those_of_their_own_walk(document: Any) -> None:
    expected = [(id(node), [(jp.join(p, str(k)), url) for k, url in urls]) for p, node, urls in _url_walk(document)]
    assert [(id(holder), urls) for holder, urls in _http_url_fields(document, "")] == expected


def _plain_booleans(value: Any, base: str) -> Iterator[tuple[str, str]]:
    """PF008's own walk, as it was: strings that read as a boolean under a key named like one."""
    stack: list[tuple[str, Any]] = [(base, value)] if isinstance(value, (dict, list)) else []
    while stack:
        pointer, node = stack.pop()
        if isinstance(node, str):
            yield pointer, node
            continue
        children: list[tuple[str, Any]] = []
        if isinstance(node, dict):
            for key, child in node.items():
                if isinstance(child, str):
                    if child.strip().lower() not in file.STRING_BOOLEANS or not file._BOOLEAN_NAME.search(str(key)):
                        continue
                elif not isinstance(child, (dict, list)):
                    continue
                children.append((jp.join(pointer, str(key)), child))
        elif isinstance(node, list):
            children = [(jp.join(pointer, i), v) for i, v in enumerate(node) if isinstance(v, (dict, list))]
        stack.extend(reversed(children))


def _plain_placeholders(ctx: Context) -> list[tuple[str, str]]:
    """TV016's loop, as it was over ctx.walk(): (pointer, key) of each placeholder id."""
    found = []
    for pointer, value in ctx.walk():
        if not isinstance(value, str) or not (pointer.endswith(tavus._IDENTIFIER_ENDS) or pointer[-1:].isdigit()):
            continue
        tokens = jp.split(pointer[len(ctx.root) :])
        if not tokens:
            continue
        key = tokens[-1] if not tokens[-1].isdigit() else (tokens[-2] if len(tokens) > 1 else "")
        if not tavus._IDENTIFIER_KEY.search(key):
            continue
        if "tools" in tokens[:-1] or any(t.endswith("_tools") for t in tokens):
            continue
        if tavus._PLACEHOLDER.fullmatch(value):
            found.append((pointer[len(ctx.root) :], key))
    return found


@settings(max_examples=500, deadline=None)
@given(BODIES)
def test_the_rules_reading_the_walk_find_what_their_own_walks_found(document: Any) -> None:
    for root in ("", "/personaConfig"):
        ctx = Context(document, "tavus-create", root, {})
        body = ctx.get("")
        assert list(file._named_like_booleans(ctx)) == list(_plain_booleans(body, root))
        if isinstance(body, dict):
            hits = [(hit.pointer, hit.fields["key"]) for hit in tavus.tavus_placeholders(ctx, {})]
            assert hits == _plain_placeholders(ctx)


@given(st.text(alphabet=" \t\nTRUEfalsyOnNİ\u2003\u0130", max_size=14))
def test_a_boolean_text_is_told_as_stripping_and_lowering_it_tells(text: str) -> None:
    lowered = text.strip().lower()
    assert file._boolean_text(text) == (lowered if lowered in file.STRING_BOOLEANS else None)


def _expand_every_value(document: Any, path: str) -> list[tuple[str, Any]]:
    """Context.find as it was: each `*` expanded into every key or item before the next token looks."""
    matches: list[tuple[str, Any]] = [("", document)]
    for token in jp.split(path):
        found: list[tuple[str, Any]] = []
        for here, value in matches:
            if token == "*":
                if isinstance(value, dict):
                    found.extend((jp.join(here, k), v) for k, v in value.items())
                elif isinstance(value, list):
                    found.extend((jp.join(here, i), v) for i, v in enumerate(value))
            elif (child := jp.resolve(value, jp.join("", token), MISSING)) is not MISSING:
                found.append((jp.join(here, token), child))
        matches = found
    return matches


STAR_PATHS = st.sampled_from(
    ["/*", "/*/*", "/*/value", "/*/1", "/*/0/*", "/*/*/name", "/*/*/*/headers/*", "/tools/*/path", "/*/a~1b/*"]
)


@settings(max_examples=500, deadline=None)
@given(BODIES, STAR_PATHS)
def test_a_star_path_finds_what_expanding_every_value_finds(document: Any, path: str) -> None:
    """Context.find keeps, at a `*`, only the values the next token can go into: the same matches in
    the same order as expanding every value (what TV250's /layers/*/*/*/function/name relies on)."""
    assert Context(document, "tavus-create", "", {}).find(path) == _expand_every_value(document, path)
