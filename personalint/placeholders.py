"""Template placeholders: values left for a person to fill in (`your-avatar-id`, `<API_KEY>`, `xxx`).

The one place that says what a placeholder looks like. `is_placeholder(text)` is true for a
value that stands for something without being it:

- a template or a variable: `${GROQ_API_KEY}`, `{{ key }}`, `{% key %}`, `%KEY%`, `$KEY`, `<API_KEY>`,
  `[API KEY]`, `process.env.KEY`, `os.environ[...]` (deploy-time substitutions are the
  recommended way to keep values out of a file: they count as placeholders here);
- filler: `xxxxxxxx`, `********`, `...`, one character repeated;
- a phrase of words one of which is a placeholder word (`your api key`, `random-api-key`,
  `test token`), or anything with `your`, `example`, `placeholder`, `replace`, `insert`, `here`,
  `xxxx`, `redacted`, `***` or `...` inside;
- a scheme with nothing real after it (`Bearer <token>`, `Basic`);
- a string shaped like a known key (secrets/formats.py) only when what follows its prefix is
  filler or a placeholder word (`sk-xxxxxxxxxxxxxxxxxxxxxxxx`, `AKIAIOSFODNN7EXAMPLE`);
- any other value shorter than 8 characters that holds no key.

`is_stand_in(text)` is the narrower notion of a placeholder sent as it is: a stand-in left to be
filled in by hand (`random-api-key`, `<API_KEY>`, `xxx`, `sk-...`), not a deploy-time substitution
(`${KEY}`), not a value that says on purpose that no key is checked (`EMPTY`, `dummy`), and never a
short or random string that could be a real secret (SE004).

It is a notion for secrets first (a credential field holding a placeholder is not a leak);
other checks that ask "was this left to be filled in?" should use it too.
"""

from __future__ import annotations

import re

from personalint.patterns import lazy
from personalint.secrets.formats import KEY_FORMATS, KEY_PREFIX

# deploy-time substitutions: the value is filled in when the body is sent. The inside of each is
# bounded and has no brace of its own, so that a search stays linear on `{{{{...` or `${${...`
# (an unbounded `\{\{.*?\}\}` took 4 s on 32,000 characters: tests/test_linear.py)
_SUBSTITUTION_TEXT = (
    r"\$\{[^{}]{0,256}\}|\$\([^()]{0,256}\)|\{\{[^{}]{0,256}\}\}|\{%[^%]{0,256}%\}|%[A-Za-z_][A-Za-z0-9_]{0,64}%"
    r"|^\$[A-Za-z_][A-Za-z0-9_]*$"
    r"|\b(?:process\.env|os\.environ|os\.getenv|import\.meta\.env|env)\b[.\[(]"
)
_SUBSTITUTION = lazy(_SUBSTITUTION_TEXT, re.S)
_BRACKETED = lazy(r"^<[^<>]*>$|^\[[^\[\]]*\]$")  # <API_KEY>, [API KEY]: left for a person to fill in
_TEMPLATE = lazy(_SUBSTITUTION_TEXT + r"|^<[^<>]*>$|^\[[^\[\]]*\]$", re.S)
_WORDS_ONLY = lazy(r"^[A-Za-z]+(?:[\s_\-.:]+[A-Za-z]+)*$")
_PLACEHOLDER_WORDS = frozenset(
    {
        "your",
        "my",
        "the",
        "a",
        "an",
        "api",
        "key",
        "apikey",
        "keys",
        "token",
        "secret",
        "here",
        "goes",
        "put",
        "placeholder",
        "example",
        "sample",
        "dummy",
        "fake",
        "test",
        "testing",
        "random",
        "changeme",
        "change",
        "replace",
        "insert",
        "enter",
        "xxx",
        "none",
        "null",
        "nil",
        "empty",
        "na",
        "todo",
        "tbd",
        "foo",
        "bar",
        "password",
        "redacted",
        "required",
        "no",
        "not",
        "set",
        "unset",
        "needed",
        "value",
        "string",
        "demo",
        "mock",
        "default",
        "local",
        "anything",
        "any",
        "openai",
        "groq",
        "tavus",
        "anam",
        "cartesia",
        "elevenlabs",
        "llm",
        "tts",
        "bearer",
        "basic",
        "custom",
        "me",
        "with",
        "real",
        "actual",
        "new",
    }
)
_FILLER = lazy(r"^[xX*.\-_0#•]+$|^(.)\1+$")
_PLACEHOLDER_INSIDE = lazy(r"your|example|placeholder|replace|insert|here|xxxx|redacted|\*\*\*|\.\.\.", re.I)


def is_placeholder(text: str) -> bool:
    """A value that stands for something without being it: a template, a variable, filler, a dummy phrase
    (the module docstring lists what counts)."""
    value = text.strip()
    if not value:
        return True
    scheme = re.match(r"(?i)(?:bearer|basic|token)\s+(.*)$", value, re.S)
    if scheme:
        value = scheme.group(1).strip()
        if not value:
            return True
    if _TEMPLATE.search(value) or _FILLER.match(value) or _PLACEHOLDER_INSIDE.search(value):
        return True
    if any(regex.fullmatch(value) for _, regex in KEY_FORMATS):
        return is_key_stand_in(value)
    if _WORDS_ONLY.match(value):
        words = [w.lower() for w in re.split(r"[\s_\-.:]+", value) if w]
        if any(w in _PLACEHOLDER_WORDS for w in words):
            return True
    return len(value) < 8 and not any(regex.search(value) for _, regex in KEY_FORMATS)


def is_key_stand_in(match: str) -> bool:
    """A key-shaped string that is a documentation stand-in (sk-xxxxxxxx…, AKIAIOSFODNN7EXAMPLE)."""
    body = KEY_PREFIX.sub("", match)
    return bool(_FILLER.match(body) or _PLACEHOLDER_INSIDE.search(match) or _TEMPLATE.search(match))


# Words of a stand-in that asks to be filled in, and words of a value written on purpose for a
# service that checks no key (`EMPTY` for vLLM, `sk-no-key-required` for llama.cpp, `dummy`, `none`).
_FILL_IN_WORDS = frozenset(
    {"your", "my", "placeholder", "example", "sample", "replace", "insert", "enter", "here", "goes", "put"}
    | {"changeme", "change", "xxx", "todo", "tbd", "redacted", "random", "real", "actual", "new", "string"}
)
_NAMING_WORDS = frozenset(
    {"api", "key", "apikey", "keys", "token", "secret", "password", "bearer", "basic", "the", "a", "an", "value"}
    | {"openai", "groq", "tavus", "anam", "cartesia", "elevenlabs", "llm", "tts", "custom", "access", "auth"}
)
_NO_KEY_WORDS = frozenset(
    {"none", "null", "nil", "empty", "na", "no", "not", "unset", "anything", "any", "dummy", "fake", "mock"}
    | {"test", "testing", "demo", "local", "unused", "ignored", "optional", "needed", "required"}
)


def is_stand_in(text: str) -> bool:
    """A value left for a person to fill in by hand (`your-api-key`, `random-api-key`, `API_KEY`, `xxx`,
    `<API_KEY>`, `sk-xxxxxxxx…`, `sk-...`): a placeholder that is sent as it is.

    Not a deploy-time substitution (`${API_KEY}`, `{{ key }}`, `$KEY`, `process.env.KEY`), not a value
    that says on purpose that no key is needed (`EMPTY`, `none`, `dummy`, `sk-no-key-required`), not
    blank, and never a value that could be a real secret (a short or random string)."""
    value = text.strip()
    scheme = re.match(r"(?i)(?:bearer|basic|token)\s+(.*)$", value, re.S)
    if scheme:
        value = scheme.group(1).strip()
    if not value or _SUBSTITUTION.search(value) or not is_placeholder(value):
        return False
    if _BRACKETED.match(value):
        return True
    words = [w.lower() for w in re.split(r"[\s_\-.:]+", value) if w]
    if any(w in _NO_KEY_WORDS for w in words):
        return False
    if _FILLER.match(value):
        return len(value) >= 3
    if _WORDS_ONLY.match(value):
        filler = any(_FILLER.match(w) and len(w) >= 3 for w in words)  # sk-xxxxxxxx, sk-proj-xxxx
        return filler or any(w in _FILL_IN_WORDS for w in words) or all(w in _NAMING_WORDS for w in words)
    return bool(_PLACEHOLDER_INSIDE.search(value)) or (bool(KEY_PREFIX.match(value)) and is_key_stand_in(value))
