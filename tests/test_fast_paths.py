"""The fast paths of the slowest checks find exactly what the plain spelling of their test finds
(hypothesis, on strings made of the characters that matter to each)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from personalint import files, mojibake
from personalint.engine.packs.file import STRING_BOOLEANS, _too_long
from personalint.kinds import VENDOR_KEYS
from personalint.patterns import deferred, lazy
from personalint.secrets.formats import KEY_FORMATS
from personalint.secrets.text import SECRET_STARTS, holding_secret_starts, may_hold_secrets
from personalint.source import code, python_scan
from personalint.source.text import LINE_BREAK, LineIndex

# the prefilter as the key formats' prefixes spell it (secrets/formats.py): what the fast one must equal
PLAIN_SECRET_START = re.compile(
    r"sk-|sk_|rk_|gsk_|AIza|AKIA|ASIA|gh[pousr]_|github_pat_|xox|hf_|eyJ|-----BEGIN|Bearer|Basic|Token|://"
)
SECRET_LETTERS = "skrgh_-AIzaKSpousrtbxfeyJBEGINarcTon:/ "
SECRET_PARTS = st.sampled_from(
    ["sk", "-", "_", "rk", "gsk", "AIza", "AKIA", "ASIA", "gh", "p", "github", "pat", "xox", "hf", "eyJ"]
    + ["-----BEGIN", "BEGIN", "Bearer", "Basic", "Token", "Tok", "en", ":", "//", "://", "a", " "]
)


@settings(max_examples=3000, deadline=None)
@given(st.one_of(st.text(alphabet=SECRET_LETTERS, max_size=40), st.lists(SECRET_PARTS, max_size=12).map("".join)))
def test_the_secret_prefilter_finds_what_the_plain_alternation_finds(text: str) -> None:
    assert may_hold_secrets(text) == (PLAIN_SECRET_START.search(text) is not None)


SECRET_TEXTS = st.lists(
    st.one_of(
        st.text(alphabet=SECRET_LETTERS + "é\0\ud800", max_size=20), st.lists(SECRET_PARTS, max_size=6).map("".join)
    ),
    max_size=8,
)


@settings(max_examples=2000, deadline=None)
@given(SECRET_TEXTS)
def test_strings_searched_at_once_are_those_that_each_hold_a_secret_start(texts: list[str]) -> None:
    """One search over the strings joined finds just the strings a search of each finds: no match runs
    from one string into the next, and a match is told to its string (non-ASCII and NUL inside too)."""
    assert holding_secret_starts(texts) == {i for i, text in enumerate(texts) if may_hold_secrets(text)}


def test_the_secret_starts_cover_the_plain_alternation() -> None:
    for start in ("sk-", "gsk_", "ghr_", "github_pat_", "-----BEGIN", "://", "Token"):
        assert may_hold_secrets(f"x {start}y") and PLAIN_SECRET_START.search(start)
    assert len(set(SECRET_STARTS)) == len(SECRET_STARTS)
    assert holding_secret_starts(["a sk", "-b", "c"]) == set()  # sk- split across two strings: none
    assert holding_secret_starts(["\ud800", "x sk-1"]) == {1} and may_hold_secrets("\ud800Bearer")


PLAIN_RUN = re.compile("[\u0080-\u00ff" + mojibake._CP1252_SPECIALS + "]{2,}")
MOJIBAKE_LETTERS = "aé—’€ÃÂâ©¢\u00a0\u0080\u00ffœ " + mojibake._CP1252_SPECIALS[:6]


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=MOJIBAKE_LETTERS, max_size=30))
def test_the_mojibake_runs_are_those_of_the_plain_pattern(text: str) -> None:
    assert [m.span() for m in mojibake._RUN.finditer(text)] == [m.span() for m in PLAIN_RUN.finditer(text)]


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="abcé—’€ñ漢", max_size=12))
def test_text_mangled_on_its_way_is_found_and_text_without_a_c3_byte_never_is(text: str) -> None:
    mangled = text.encode("utf-8").decode("cp1252", errors="ignore")
    if b"\xc3" not in mangled.encode("utf-8", "surrogatepass"):
        assert mojibake.mojibake(mangled) is None
    if "é" in text:  # é is C3 A9 in UTF-8: read as Windows-1252 it is Ã©
        assert mojibake.mojibake(mangled) is not None


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=MOJIBAKE_LETTERS + "éÃ©\u00c2\u00f4\u00f5\u00e9Š™", max_size=16))
def test_mojibake_is_told_by_its_utf8_lead_as_by_every_run_searched(text: str) -> None:
    for candidate in (text, text.encode("utf-8").decode("cp1252", errors="ignore")):
        assert mojibake.mojibake(candidate) == mojibake.first_mangled(candidate)


@given(st.text(alphabet=" \t\nTRUEfalsyOnN\u2003", max_size=14))
def test_a_string_too_long_to_be_a_boolean_is_told_without_copying_it(text: str) -> None:
    if _too_long(text):
        assert text.strip().lower() not in STRING_BOOLEANS


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="ab \n\r\u2028\u0085", max_size=40))
def test_line_starts_are_where_the_line_break_pattern_ends(text: str) -> None:
    """LineIndex finds \\n breaks with str.find when the text has no \\r: the same starts as LINE_BREAK's."""
    assert LineIndex(text).starts == [0] + [m.end() for m in LINE_BREAK.finditer(text)]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from([*files.HINTS, b"V", b"I", b"_", b"avu", b"anam-", b"x", b"\n"]), max_size=8))
def test_the_gated_byte_prefilter_answers_as_every_hint_searched(parts: list[bytes]) -> None:
    data = b"".join(parts)
    assert files.hinted(data) == any(hint in data for hint in files.HINTS)


def test_the_python_walk_lists_children_as_ast_does() -> None:
    source = (Path(python_scan.__file__)).read_text(encoding="utf-8") + "\nx = {'a': [1, f'{y}'], **z}\n"
    for node in ast.walk(ast.parse(source)):
        expected = [c for c in ast.iter_child_nodes(node) if not isinstance(c, python_scan._LEAVES)]
        assert python_scan._children(node) == expected


def test_a_pattern_compiled_on_first_use_answers_as_the_compiled_one() -> None:
    text = "key gsk_FAKE0a1B2c3D4e5F6g7H8i9J0k and sk-ant-FAKE0a1B2c3D4e5F6g7H8i9J0k"
    for label, pattern in KEY_FORMATS:
        compiled = re.compile(pattern.pattern)
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in compiled.finditer(text)], label
        assert bool(pattern.search(text)) == bool(compiled.search(text))
    fresh = lazy(r"(?i)b(a)r")
    assert fresh.sub("-", "BAR bar") == "- -" and fresh.match("Bar").group(1) == "a"
    assert fresh.flags == re.compile(r"(?i)b(a)r").flags


def test_a_deferred_pattern_is_compiled_when_first_used_and_no_other_is() -> None:
    compile_ = re.compile
    with deferred(r"d(e)ferred"):
        later = re.compile(r"d(e)ferred")
        now = re.compile(r"n(o)w")
    assert re.compile is compile_
    assert isinstance(now, re.Pattern) and not isinstance(later, re.Pattern)
    assert "search" not in vars(later)  # not compiled yet
    assert later.search("a deferred one").group(1) == "e" and now.match("now").group(1) == "o"
    with deferred(r"o(u)ter"), deferred(r"i(n)ner"):  # an import inside an import
        outer, inner = re.compile(r"o(u)ter"), re.compile(r"i(n)ner")
    assert re.compile is compile_ and not isinstance(outer, re.Pattern) and not isinstance(inner, re.Pattern)
    assert outer.match("outer").group(1) == "u" and inner.match("inner").group(1) == "n"


_PYYAML_PROBE = """
import re, sys
import personalint.source.yaml as ours  # the first import of PyYAML, as in a run
import yaml.reader
source = open(yaml.reader.__file__, encoding="utf-8").read().encode("ascii", "backslashreplace").decode("unicode_escape")
deferred = not isinstance(yaml.reader.Reader.NON_PRINTABLE, re.Pattern)
refused = []
for text in ["a: b", "a: \\x07", "a: \\ufffe", "a: \\u00e9\\U0001f600", "\\x00"]:
    try:
        yaml.reader.Reader(text)
        refused.append(None)
    except yaml.reader.ReaderError as exc:
        refused.append(hex(exc.character))
print(ours._PYYAML_NON_PRINTABLE in source, deferred, re.compile is re.__dict__["compile"], refused)
"""


def test_pyyaml_s_reader_refuses_what_it_did_when_its_pattern_was_deferred() -> None:
    # a fresh interpreter, as personalint runs: here PyYAML was imported already
    proc = subprocess.run([sys.executable, "-c", _PYYAML_PROBE], capture_output=True, text=True, check=True)
    spelt_as_ours, deferred, restored, refused = proc.stdout.strip().split(" ", 3)
    assert deferred == spelt_as_ours  # deferred exactly when PyYAML spells the pattern as we do
    assert restored == "True"
    assert refused == "[None, '0x7', '0xfffe', None, '0x0']"  # what the compiled pattern refuses


_CODE_PARTS = st.sampled_from(
    [*code._ENDPOINT_HINTS, *sorted(set().union(*VENDOR_KEYS.values()))]
    + ["persona", "Config", "voice", "Id", "_", "avatar", "system", "prompt", " ", "\n", "é", "{", ":"]
)


def _worth_parsing_plainly(text: str) -> bool:
    """code.worth_parsing as its docstring spells it: an endpoint hint, or two keys of one vendor, in the text."""
    return any(hint in text for hint in code._ENDPOINT_HINTS) or any(
        sum(key in text for key in keys) >= 2 for keys in VENDOR_KEYS.values()
    )


@settings(max_examples=3000, deadline=None)
@given(st.lists(_CODE_PARTS, max_size=8))
def test_a_code_file_is_worth_parsing_by_the_automaton_as_by_each_substring(parts: list[str]) -> None:
    text = "".join(parts)
    assert code.worth_parsing(text) == _worth_parsing_plainly(text)


def test_a_code_file_with_a_lone_surrogate_is_still_judged() -> None:
    assert code.worth_parsing("\ud800 personaConfig") and not code.worth_parsing("\ud800 avatarId only")
