"""What a check function sees and yields, and the one registry of check functions.

A check function gets a `Context` (the document, its kind, where its persona fields sit)
and the parameters its rule gives it, and yields `Hit`s: where, and the values its
message template may name. Paths are JSON Pointers relative to the persona fields, so
one rule serves a create body and the personaConfig of a session body.

A `*` in a path matches every key of an object or every item of a list
(`/layers/llm/tools/*/function/name`); a check runs once per match.

Every function a pack can name is registered here with `@check`, whether it belongs
to the data vocabulary (engine/vocabulary.py) or is the Python behind one pack
(engine/packs/<pack>.py). Each declares its parameters as JSON Schema; rules/pack.schema.json
is generated from these declarations, so a misspelt parameter fails with the pack.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Literal, NamedTuple

from personalint import pointer as jp

MISSING: Any = object()
At = Literal["value", "key", "container"]


def blank(value: Any) -> bool:
    """Missing, null, or a string of only white space."""
    return value is MISSING or value is None or (isinstance(value, str) and not value.strip())


class Hit(NamedTuple):
    pointer: str  # relative to the persona root
    at: At = "value"
    fields: Mapping[str, Any] = MappingProxyType({})  # the message's fields (read only)
    explains: tuple = ()  # more (relative pointer, JSON Schema keyword) pairs this hit replaces
    absolute: bool = False  # pointer is from the document's top (/sessionOptions/...), not the persona root
    span: Any = None  # a finding.Span already known (characters inside a string): wins over pointer and at
    # the operands of the rule's `fix:` edit (fix/intent.py): {"value": ...} to set, {"to": pointer} to
    # move (relative, as `pointer`), {} when the edit needs none; None: this hit has no fix
    fix: dict | None = None


class Tables(dict):
    """The packs' lifecycle tables by name, with each key-lifecycle table's entries indexed once."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._entries: dict[tuple[str, tuple[str, ...]], list[tuple[str, str, str | None, dict]]] = {}
        self._groups: dict[tuple[str, tuple[str, ...]], list[tuple[str | None, frozenset[str], list]]] = {}

    def key_entries(self, name: str, report: tuple[str, ...]) -> list[tuple[str, str, str | None, dict]]:
        """A key-lifecycle table's entries with a reported status, as (pattern, parent, leaf or None, entry)."""
        key = (name, report)
        if key not in self._entries:
            self._entries[key] = [
                (pattern, jp.parent(pattern), None if "*" in pattern else jp.split(pattern)[-1], entry)
                for pattern, entry in self[name].items()
                if entry["status"] in report
            ]
        return self._entries[key]

    def key_groups(self, name: str, report: tuple[str, ...]) -> list[tuple[str | None, frozenset[str], list]]:
        """`key_entries` grouped by the mapping that holds their key: (parent, its keys, [(pattern, leaf,
        entry)]), so a document looks at each mapping once; entries with a `*` last, parent None."""
        key = (name, report)
        if key not in self._groups:
            by_parent: dict[str | None, list[tuple[str, str | None, dict]]] = {}
            for pattern, parent, leaf, entry in self.key_entries(name, report):
                by_parent.setdefault(parent if leaf is not None else None, []).append((pattern, leaf, entry))
            self._groups[key] = [
                (parent, frozenset(leaf for _, leaf, _ in entries if leaf is not None), entries)
                for parent, entries in sorted(by_parent.items(), key=lambda item: item[0] is None)
            ]
        return self._groups[key]


class Context:
    __slots__ = ("document", "kind", "root", "tables", "inventory", "source", "_got", "_found")

    def __init__(
        self, document: Any, kind: str, root: str, tables: Mapping, inventory: Any = None, source: Any = None
    ) -> None:
        self.document = document
        self.kind = kind
        self.root = root  # where the persona fields sit ("" or "/personaConfig")
        self.tables = tables if isinstance(tables, Tables) else Tables(tables)  # a plain dict is indexed here
        self.inventory = inventory  # the organisation's resources (personalint.inventory), when given
        self.source = source  # the source.Document (format, YAML nodes), when the pipeline passes it
        # paths already resolved: the document does not change while its rules run
        self._got: dict = {}
        self._found: dict = {}

    def get(self, path: str) -> Any:
        # (a lookup with a default, not a KeyError caught: a third of a document's paths are asked
        # once, and raising costs ten lookups)
        value = self._got.get(path, _UNASKED)
        if value is _UNASKED:
            value = self._got[path] = jp.resolve(self.document, self.root + path, MISSING)
        return value

    def find(self, path: str) -> list[tuple[str, Any]]:
        """(relative pointer, value) of every value `path` matches; `*` matches any key or index."""
        found = self._found.get(path)
        if found is None:
            found = self._found[path] = self._find(path)
        return found

    def _find(self, path: str) -> list[tuple[str, Any]]:
        if "*" not in path:
            value = self.get(path)
            return [] if value is MISSING else [(path, value)]
        matches: list[tuple[str, Any]] = [("", jp.resolve(self.document, self.root, MISSING))]
        tokens = jp.split(path)
        for position, token in enumerate(tokens):
            found: list[tuple[str, Any]] = []
            # a `*` with more tokens after it keeps only what those can go into (a pointer is made
            # for each kept value: most values of a layer are scalars, which no further token enters)
            leads = _leads_on(tokens[position + 1]) if token == "*" and position + 1 < len(tokens) else None
            append = found.append
            for here, value in matches:
                if token != "*":
                    child = _child(value, token)
                    if child is not MISSING:
                        append((jp.join(here, token), child))
                elif isinstance(value, dict):
                    prefix = here + "/"
                    for k, v in value.items():
                        if leads is None or leads(v):
                            # jp.escape inline: most keys are strings with neither character
                            name = k if k.__class__ is str and "~" not in k and "/" not in k else jp.escape(k)
                            append((prefix + name, v))
                elif isinstance(value, list):
                    prefix = here + "/"
                    for i, v in enumerate(value):
                        if leads is None or leads(v):
                            append((prefix + str(i), v))
            matches = found
        return matches

    def absolute(self, path: str) -> str:
        return self.root + path

    def walk(self) -> list[tuple[str, Any]]:
        """Every (absolute pointer, value) of the persona fields, parents first: walked once per document."""
        walked = self._found.get(_WALK)
        if walked is None:
            walked = self._found[_WALK] = list(jp.walk(self.get(""), self.root))
        return walked


_WALK = ("walk",)  # the key of Context._found that no path can be
_UNASKED: Any = object()  # what Context._got has for a path not resolved yet


def _child(value: Any, token: str) -> Any:
    """What the pointer token `token` names in an object or a list, else MISSING."""
    if isinstance(value, dict):
        return value.get(token, MISSING)
    if isinstance(value, list) and token.isdigit() and int(token) < len(value):
        return value[int(token)]
    return MISSING


@lru_cache(maxsize=256)
def _leads_on(token: str) -> Callable[[Any], bool]:
    """Whether a value can hold what the path's next `token` names (any object or list for a `*`):
    what Context._find's next step keeps, asked one step early."""
    if token == "*":
        return lambda value: isinstance(value, (dict, list))
    return lambda value: _child(value, token) is not MISSING


CheckFunction = Callable[[Context, dict], Iterator[Hit]]
Reads = Callable[[dict, Tables], list[str]]


class Function(NamedTuple):
    """A check function as packs name it: what it does and the parameters it takes."""

    name: str
    run: CheckFunction
    params: dict  # parameter name -> JSON Schema of its value ({} for a check that takes none)
    required: tuple[str, ...] = ()
    supersedes: frozenset[str] = frozenset()  # JSON Schema keywords its hits explain better
    single_value: bool = False  # judges the value it points at alone (so it can judge a PATCH value)
    # where it looks, given its rule's parameters and the packs' tables: paths relative to the persona
    # root (`*` for any key), at and below which lie all the values its hits can be about, so that it
    # has nothing to say of a document that holds none of them (the run skips it there: engine/run.py,
    # and a JSON Patch value is judged by the checks that look where it is written); None: anywhere
    reads: Reads | None = None

    @property
    def doc(self) -> str:
        return (self.run.__doc__ or "").strip()


# every check function by name; the parameters all of them take are engine/packschema.COMMON
FUNCTIONS: dict[str, Function] = {}


def check(
    name: str | None = None,
    *,
    params: dict,
    required: tuple[str, ...] = (),
    supersedes: tuple[str, ...] = (),
    single_value: bool = False,
    reads: Reads | None = None,
) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check function under `name` (default: the function's own name).

    `params` is required: a check declares every parameter it reads (as JSON Schema), and
    rules/pack.schema.json, generated from these declarations, refuses any other. `reads` says
    where in the document it looks (`reading("path")` for a check of its `path` parameter), so a
    JSON Patch value is judged only by the rules that look where it is written (engine/patch.py).
    """

    def register(function: CheckFunction) -> CheckFunction:
        key = name or function.__name__
        if key in FUNCTIONS:
            raise ValueError(f"check function {key} defined twice")
        if set(required) - set(params):
            raise ValueError(f"check function {key} requires undeclared parameters {set(required) - set(params)}")
        FUNCTIONS[key] = Function(
            key,
            function,
            dict(params),
            tuple(required),
            frozenset(supersedes),
            single_value,
            reads,
        )
        return function

    return register


def reading(*names: str) -> Reads:
    """`reads` for a check that looks only at the paths its parameters `names` give (a path or a list of them)."""

    def reads(params: dict, tables: Tables) -> list[str]:
        found: list[str] = []
        for name in names:
            value = params.get(name, ())
            found.extend([value] if isinstance(value, str) else value)
        return found

    return reads


def looking_at(*paths: str) -> Reads:
    """`reads` for a check that looks only at and below the fixed `paths`, whatever its parameters."""
    fixed = list(paths)
    return lambda params, tables: fixed
