"""PyYAML's safe loader, as personalint reads YAML: plain data, keys as written, duplicates kept.

Imported with yaml.py, on the first YAML file only, so a run over JSON files never imports PyYAML.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from personalint.source.positions import Duplicate, Node

_MERGE_TAG = "tag:yaml.org,2002:merge"
_CORE_PREFIX = "tag:yaml.org,2002:"
_STR_TAG = "tag:yaml.org,2002:str"


def tag_name(tag: str) -> str:
    """`!!int` for YAML's own tags, a local tag (`!Ref`) as written."""
    return "!!" + tag[len(_CORE_PREFIX) :] if tag.startswith(_CORE_PREFIX) else tag


def _key_identity(node: Node) -> tuple:
    return (node.value,) if node.id == "scalar" else (node.tag, id(node))


class _PlainData(SafeConstructor):
    """How personalint constructs values, before PyYAML's SafeConstructor (in either loader).

    It remembers keys repeated within one mapping in `duplicates` (which the reader empties
    before each document). Duplicates are found before PyYAML flattens merge keys (`<<`),
    since a key that overrides a merged one is not one. A value the constructor cannot make
    (a date with month 13, an integer too long to convert, `!!int abc`) is a YAML error at
    that value, not an exception of another kind.
    """

    duplicates: list[Duplicate]

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        if node.tag == _STR_TAG and node.id == "scalar":
            return node.value  # what PyYAML makes of it, without its cache, recursion check and lookup
        try:
            return super().construct_object(node, deep=deep)
        except (yaml.YAMLError, RecursionError, MemoryError):
            raise
        except Exception as exc:
            detail = str(exc).split("; use sys.set_int_max_str_digits", 1)[0]
            raise ConstructorError(
                None, None, f"cannot read this value as {tag_name(node.tag)}: {detail}", node.start_mark
            ) from None

    def construct_mapping(self, node: Node, deep: bool = False) -> dict:
        if node.id != "mapping":
            raise ConstructorError(None, None, f"expected a mapping, but found a {node.id}", node.start_mark)
        names = [key.value if key.id == "scalar" else id(key) for key, _ in node.value]
        if len(set(names)) != len(names):  # rare: look closer (merge keys are not duplicates)
            self._note_duplicates(node)
        self.flatten_mapping(node)
        mapping: dict = {}
        for key_node, value_node in node.value:
            # most keys, and most of their values, are `!!str` scalars: their values, as construct_object has them
            if key_node.tag == _STR_TAG and key_node.id == "scalar":
                if value_node.tag == _STR_TAG and value_node.id == "scalar":
                    mapping[key_node.value] = value_node.value
                else:
                    mapping[key_node.value] = self.construct_object(value_node, deep=deep)
                continue
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str):
                if key_node.id != "scalar":
                    raise ConstructorError(
                        "while constructing a mapping",
                        node.start_mark,
                        f"found a {key_node.id} as a key: keys must be strings",
                        key_node.start_mark,
                    )
                key = key_node.value  # `1:`, `on:`, `null:` as written, as JSON has them
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def _note_duplicates(self, node: Node) -> None:
        first: dict[tuple, Node] = {}
        for key, _ in node.value:
            identity = _key_identity(key)
            if key.tag == _MERGE_TAG:
                continue
            if identity in first:
                self.duplicates.append((node, key, first[identity]))
            else:
                first[identity] = key


@cache
def loader_class(pure: bool = False) -> type:
    """Safe loading (never arbitrary objects) of plain data, on libyaml's parser when PyYAML has
    it, unless `pure`: PyYAML's Python parser (same events, no nesting limit of its own: yaml.py)."""
    base = yaml.SafeLoader if pure else getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return type("Loader", (_PlainData, base), {})


def reset(loader: Any) -> None:
    """A constructor error leaves state behind; the next document starts clean."""
    loader.constructed_objects = {}
    loader.recursive_objects = {}
    loader.state_generators = []
    loader.deep_construct = False
