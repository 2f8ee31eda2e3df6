"""Python checks of the anam rule packs (see `personalint.custom`).

Each function is named by a rule of rules/anam*.yaml (`check: {function: python, name: ...}`)
and does what the data vocabulary cannot say: classify a string that is not an id, suggest
a language code, look at sessionOptions beside the personaConfig, or look inside inline tools.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from typing import Any

from personalint import messages
from personalint import pointer as jp
from personalint.engine.context import MISSING, Context, Hit, check

# --- identifiers ---------------------------------------------------------------------------

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_NIL_UUID = "00000000-0000-0000-0000-000000000000"
_PLACEHOLDER = re.compile(
    r"[<>{}\[\]$]|\b(your|my|placeholder|here|todo|tbd|changeme|change[-_ ]me|replace|insert|example|sample|"
    r"dummy|fake|test|xxx+|id[-_ ]?here)\b|^(your|my)[-_]|^\.\.\.$",
    re.IGNORECASE,
)
_ENV_NAME = re.compile(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)+")  # ANAM_AVATAR_ID, NEXT_PUBLIC_VOICE_ID
_HEXISH = re.compile(r"[0-9a-fA-F-]{8,}")
_CONSTANT = re.compile(r"[A-Z][A-Za-z0-9]*(_[A-Za-z0-9]+)+")  # CUSTOMER_CLIENT_V2, ANAM_GPT_4O_V1
_SLUG = re.compile(r"[a-z0-9]+([-_.][a-z0-9]+)+")
_NAME = re.compile(r"[A-Z][\w'&.-]*(\s+[\w'&.()-]+)*|.*\s.*", re.UNICODE)


def classify_id(value: str) -> str | None:
    """What a string that should be an Anam id (a UUID) looks like instead; None when it is one.

    Returns one of: empty, nil, placeholder, malformed, constant, name, slug, other.
    """
    text = value.strip()
    if not text:
        return "empty"
    if _UUID.fullmatch(text):
        return "nil" if text == _NIL_UUID else None
    if _PLACEHOLDER.search(text):
        return "placeholder"
    if _ENV_NAME.fullmatch(text) and ("ID" in text.split("_") or text.endswith("_ID")):
        return "placeholder"
    if _HEXISH.fullmatch(text) and "-" in text:
        return "malformed"
    if _CONSTANT.fullmatch(text):
        return "constant"
    if _SLUG.fullmatch(text):
        return "slug"
    if _NAME.fullmatch(text):
        return "name"
    return "other"


_ID_HINTS = {
    "empty": "it is empty",
    "nil": "the nil UUID is the placeholder the Anam documents use in examples",
    "placeholder": "it is a placeholder",
    "malformed": "it is not a well-formed UUID",
    "constant": "it is not a UUID, nor one of the documented constants",
    "name": "it looks like a display name",
    "slug": "it looks like a name or slug",
    "other": "it is not a UUID",
}


@check()
def anam_id(ctx: Context, params: dict) -> Iterator[Hit]:
    """Each string at `path` is a UUID, or one of `allow`.

    Reported: placeholders, display names, slugs, the nil UUID and malformed UUIDs. Any other
    non-UUID string (a one-word stub such as `x`) only with `strict: true`. Values that differ
    from one of `allow` only in case are left to the `sentinel_case` rule.
    """
    allow = params.get("allow", [])
    lowered = {a.lower() for a in allow}
    for path, value in ctx.find(params["path"]):
        if not isinstance(value, str) or value in allow:
            continue
        if value.strip().lower() in lowered:
            continue  # a miscased sentinel: sentinel_case says "did you mean"
        if params.get("skip_empty") and not value.strip():
            continue
        kind = classify_id(value)
        if kind is None or (kind == "other" and not params.get("strict")):
            continue
        yield Hit(path, "value", {"value": messages.value(value, path), "hint": _ID_HINTS[kind], "class": kind})


@check()
def sentinel_case(ctx: Context, params: dict) -> Iterator[Hit]:
    """A string at `path` that equals one of `values` except for case (or surrounding spaces)."""
    values = params["values"]
    by_lower = {v.lower(): v for v in values}
    for path, value in ctx.find(params["path"]):
        if not isinstance(value, str) or value in values:
            continue
        meant = by_lower.get(value.strip().lower())
        if meant:
            yield Hit(path, "value", {"value": messages.value(value, path), "suggestion": meant})


# --- a persona configured inline -----------------------------------------------------------


def _blank(value: Any) -> bool:
    return value is MISSING or value is None or (isinstance(value, str) and not value.strip())


def _non_blank_string(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


@check()
def inline_persona_requires(ctx: Context, params: dict) -> Iterator[Hit]:
    """An inline persona (no personaId) without `trigger` (avatarId) lacks its required `fields`.

    Reported when the trigger field is missing or blank, listing every missing field; with
    `strict: true`, whenever any field is missing. `passthrough_drops` are not required when
    enableAudioPassthrough is true (the client supplies the audio, so no voice is used).
    """
    persona = ctx.get("")
    if not isinstance(persona, dict) or _non_blank_string(persona.get("personaId")):
        return
    fields = list(params["fields"])
    if persona.get("enableAudioPassthrough") is True:
        fields = [f for f in fields if f not in params.get("passthrough_drops", [])]
    missing = [f for f in fields if _blank(persona.get(f, MISSING))]
    trigger = params.get("trigger")
    if not missing or (not params.get("strict") and trigger and trigger not in missing):
        return
    yield Hit("", "container", {"missing": " and ".join(missing)})


_SESSION_PERSONA_FIELDS = (
    "name",
    "avatarId",
    "avatarModel",
    "voiceId",
    "llmId",
    "systemPrompt",
    "skipGreeting",
    "uninterruptibleGreeting",
    "initialMessage",
    "voiceDetectionOptions",
    "languageCode",
    "voiceGenerationOptions",
    "tools",
    "toolIds",
    "brainType",
    "brain",
    "personaPreset",
)


@check()
def persona_id_with_inline(ctx: Context, params: dict) -> Iterator[Hit]:
    """personaId beside inline persona fields: non-blank (`empty: false`) or blank (`empty: true`)."""
    persona = ctx.get("")
    if not isinstance(persona, dict) or "personaId" not in persona:
        return
    persona_id = persona["personaId"]
    blank = isinstance(persona_id, str) and not persona_id.strip()
    if not isinstance(persona_id, str) or blank != bool(params.get("empty")):
        return
    inline = [k for k in persona if k in params.get("fields", _SESSION_PERSONA_FIELDS)]
    if inline:
        shown = ", ".join(inline[:5]) + (f" and {len(inline) - 5} more" if len(inline) > 5 else "")
        yield Hit("/personaId", "key", {"value": messages.value(persona_id, "/personaId"), "fields": shown})


@check()
def audio_passthrough_unused(ctx: Context, params: dict) -> Iterator[Hit]:
    """enableAudioPassthrough true beside fields that only matter when Anam generates the speech."""
    if ctx.get("/enableAudioPassthrough") is not True:
        return
    persona = ctx.get("")
    unused = [f for f in params["fields"] if isinstance(persona, dict) and f in persona and not _blank(persona[f])]
    if unused:
        yield Hit("/enableAudioPassthrough", "key", {"fields": _and(unused)})


@check()
def director_notes_model(ctx: Context, params: dict) -> Iterator[Hit]:
    """directorNotes set while avatarModel is not a cara-4 model (or not set at all)."""
    notes = ctx.get("/directorNotes")
    if not isinstance(notes, dict) or not notes:
        return
    model = ctx.get("/avatarModel")
    if model in params["models"]:
        return
    if (model is MISSING or model is None) and _non_blank_string(ctx.get("/personaId")):
        reason = "avatarModel is not set here, so they apply only if the saved persona uses a cara-4 model"
    elif model is MISSING or model is None:
        reason = (
            "this config does not set avatarModel, so they apply only if the avatar's default version is a cara-4 model"
        )
    elif model in params.get("other_models", []):
        reason = f"avatarModel is {messages.value(model)}, where Anam strips them silently"
    else:
        return  # an unknown model: the avatarModel lifecycle rules report it
    yield Hit("/directorNotes", "key", {"reason": reason})


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# --- sessionOptions (beside personaConfig in a session-token body) ------------------------


@check()
def video_size(ctx: Context, params: dict) -> Iterator[Hit]:
    """sessionOptions.videoWidth x videoHeight is a size the avatar model supports."""
    options = jp.resolve(ctx.document, "/sessionOptions", MISSING)
    if not isinstance(options, dict):
        return
    width, height = options.get("videoWidth"), options.get("videoHeight")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (width, height)):
        return  # a lone or non-integer dimension: the schema reports it
    sizes = {model: tuple(size) for model, size in params["sizes"].items()}
    model = ctx.get("/avatarModel")
    if model in sizes:
        if (width, height) == sizes[model]:
            return
        expected = f"avatarModel {model} takes {sizes[model][0]}x{sizes[model][1]}"
    elif model is MISSING or model is None or model in params.get("either", []):
        if (width, height) in sizes.values():
            return
        expected = "the documented sizes are " + _and([f"{m} {w}x{h}" for m, (w, h) in sizes.items()])
    else:
        return  # an unknown or removed model: its sizes are not documented
    yield Hit("/sessionOptions/videoWidth", "key", {"size": f"{width}x{height}", "expected": expected}, absolute=True)


@check()
def egress_needs_passthrough(ctx: Context, params: dict) -> Iterator[Hit]:
    """sessionOptions.egress is set, but personaConfig.enableAudioPassthrough is not true."""
    egress = jp.resolve(ctx.document, "/sessionOptions/egress", MISSING)
    if egress is MISSING or not ctx.root:
        return
    persona = ctx.get("")
    value = persona.get("enableAudioPassthrough", MISSING) if isinstance(persona, dict) else MISSING
    if value is True:
        return
    if not isinstance(persona, dict):
        yield Hit("/sessionOptions/egress", "key", {"state": "there is no personaConfig"}, absolute=True)
    elif value is MISSING:
        yield Hit("", "container", {"state": "it is not set"})
    else:
        yield Hit("/enableAudioPassthrough", "value", {"state": f"it is {messages.value(value)}"})


# --- inline tools (session-token personaConfig.tools) --------------------------------------

_TOOL_COMMON = ("type", "name", "description", "disableInterruptions")
_TOOL_FIELDS = {
    "client": ("parameters", "awaitResult", "toolTimeoutSeconds"),
    "server/knowledge": ("subtype", "documentFolderIds"),
    "server/webhook": ("subtype", "url", "method", "headers", "bodyTemplate", "parameters", "queryParameters"),
    "system": ("action",),  # SystemToolConfig.action (POST /v1/tools); its inline place is inferred
}
_TOOL_LABEL = {"client": "client", "server/knowledge": "knowledge", "server/webhook": "webhook", "system": "system"}
_TOOL_REQUIRED = {"server/knowledge": ("documentFolderIds",), "server/webhook": ("url", "method")}


def _tool_kind(tool: dict) -> str | None:
    kind = tool.get("type")
    if kind == "server":
        subtype = tool.get("subtype")
        return f"server/{subtype}" if subtype in ("knowledge", "webhook") else None
    return kind if kind in ("client", "system") else None


def _tools(ctx: Context) -> Iterator[tuple[str, dict]]:
    for path, tool in ctx.find("/tools/*"):
        if isinstance(tool, dict):
            yield path, tool


@check()
def server_tool_subtype(ctx: Context, params: dict) -> Iterator[Hit]:
    """An inline tool of type server without a subtype (knowledge or webhook)."""
    for path, tool in _tools(ctx):
        if tool.get("type") == "server" and _blank(tool.get("subtype", MISSING)):
            name = tool.get("name")
            yield Hit(
                jp.join(path, "type"), "key", {"name": messages.value(name) if isinstance(name, str) else f"at {path}"}
            )


@check()
def inline_tool_fields(ctx: Context, params: dict) -> Iterator[Hit]:
    """Keys of an inline tool that the documents do not give for its kind (client, knowledge, webhook, system)."""
    for path, tool in _tools(ctx):
        kind = _tool_kind(tool)
        if kind is None:
            continue
        known = _TOOL_COMMON + _TOOL_FIELDS[kind]
        for key in tool:
            if key in known:
                continue
            owners = [_TOOL_LABEL[k] for k, fields in _TOOL_FIELDS.items() if key in fields]
            if owners:
                hint = f"; it is documented for {_and(owners)} tools only"
            else:
                everything = sorted(set(_TOOL_COMMON).union(*_TOOL_FIELDS.values()))
                close = difflib.get_close_matches(key, everything, n=1, cutoff=0.6)
                if close:
                    where = [_TOOL_LABEL[k] for k, fields in _TOOL_FIELDS.items() if close[0] in fields]
                    scope = f" (documented for {_and(where)} tools)" if where and close[0] not in known else ""
                    hint = f"; did you mean '{close[0]}'{scope}?"
                else:
                    hint = ""
            yield Hit(jp.join(path, key), "key", {"key": key, "tool": _TOOL_LABEL[kind], "hint": hint})


@check()
def incomplete_server_tool(ctx: Context, params: dict) -> Iterator[Hit]:
    """A knowledge tool without documentFolderIds, or a webhook tool without url or method."""
    for path, tool in _tools(ctx):
        kind = _tool_kind(tool)
        missing = [f for f in _TOOL_REQUIRED.get(kind or "", ()) if _blank(tool.get(f, MISSING))]
        if missing:
            yield Hit(path, "container", {"tool": _TOOL_LABEL[kind], "missing": _and(missing)})


@check()
def tool_schema_size(ctx: Context, params: dict) -> Iterator[Hit]:
    """An inline tool's parameters (or queryParameters) serialises to more than `max` bytes of UTF-8.

    Measured on the most compact JSON (no spaces), so a finding is certain: any other
    serialisation is at least as long.
    """
    limit = params.get("max", 10_000)
    for path, tool in _tools(ctx):
        for key in ("parameters", "queryParameters"):
            schema = tool.get(key)
            if not isinstance(schema, dict):
                continue
            try:
                size = len(json.dumps(schema, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
            except (TypeError, ValueError):
                continue  # a YAML date or other value JSON cannot hold: the schema reports it
            if size > limit:
                yield Hit(jp.join(path, key), "key", {"key": key, "count": f"{size:,}", "max": f"{limit:,}"})


# --- an update that changes nothing --------------------------------------------------------


@check()
def empty_body(ctx: Context, params: dict) -> Iterator[Hit]:
    """The persona body is an empty object."""
    if ctx.get("") == {}:
        yield Hit("", "container")


# --- languageCode --------------------------------------------------------------------------

# ISO 639-1 (the 183 two-letter codes in force), with English names for "did you mean".
ISO_639_1 = {
    "aa": "Afar",
    "ab": "Abkhazian",
    "ae": "Avestan",
    "af": "Afrikaans",
    "ak": "Akan",
    "am": "Amharic",
    "an": "Aragonese",
    "ar": "Arabic",
    "as": "Assamese",
    "av": "Avaric",
    "ay": "Aymara",
    "az": "Azerbaijani",
    "ba": "Bashkir",
    "be": "Belarusian",
    "bg": "Bulgarian",
    "bi": "Bislama",
    "bm": "Bambara",
    "bn": "Bengali",
    "bo": "Tibetan",
    "br": "Breton",
    "bs": "Bosnian",
    "ca": "Catalan",
    "ce": "Chechen",
    "ch": "Chamorro",
    "co": "Corsican",
    "cr": "Cree",
    "cs": "Czech",
    "cu": "Church Slavic",
    "cv": "Chuvash",
    "cy": "Welsh",
    "da": "Danish",
    "de": "German",
    "dv": "Divehi",
    "dz": "Dzongkha",
    "ee": "Ewe",
    "el": "Greek",
    "en": "English",
    "eo": "Esperanto",
    "es": "Spanish",
    "et": "Estonian",
    "eu": "Basque",
    "fa": "Persian",
    "ff": "Fulah",
    "fi": "Finnish",
    "fj": "Fijian",
    "fo": "Faroese",
    "fr": "French",
    "fy": "Western Frisian",
    "ga": "Irish",
    "gd": "Scottish Gaelic",
    "gl": "Galician",
    "gn": "Guarani",
    "gu": "Gujarati",
    "gv": "Manx",
    "ha": "Hausa",
    "he": "Hebrew",
    "hi": "Hindi",
    "ho": "Hiri Motu",
    "hr": "Croatian",
    "ht": "Haitian Creole",
    "hu": "Hungarian",
    "hy": "Armenian",
    "hz": "Herero",
    "ia": "Interlingua",
    "id": "Indonesian",
    "ie": "Interlingue",
    "ig": "Igbo",
    "ii": "Sichuan Yi",
    "ik": "Inupiaq",
    "io": "Ido",
    "is": "Icelandic",
    "it": "Italian",
    "iu": "Inuktitut",
    "ja": "Japanese",
    "jv": "Javanese",
    "ka": "Georgian",
    "kg": "Kongo",
    "ki": "Kikuyu",
    "kj": "Kuanyama",
    "kk": "Kazakh",
    "kl": "Kalaallisut",
    "km": "Khmer",
    "kn": "Kannada",
    "ko": "Korean",
    "kr": "Kanuri",
    "ks": "Kashmiri",
    "ku": "Kurdish",
    "kv": "Komi",
    "kw": "Cornish",
    "ky": "Kyrgyz",
    "la": "Latin",
    "lb": "Luxembourgish",
    "lg": "Ganda",
    "li": "Limburgish",
    "ln": "Lingala",
    "lo": "Lao",
    "lt": "Lithuanian",
    "lu": "Luba-Katanga",
    "lv": "Latvian",
    "mg": "Malagasy",
    "mh": "Marshallese",
    "mi": "Maori",
    "mk": "Macedonian",
    "ml": "Malayalam",
    "mn": "Mongolian",
    "mr": "Marathi",
    "ms": "Malay",
    "mt": "Maltese",
    "my": "Burmese",
    "na": "Nauru",
    "nb": "Norwegian Bokmål",
    "nd": "North Ndebele",
    "ne": "Nepali",
    "ng": "Ndonga",
    "nl": "Dutch",
    "nn": "Norwegian Nynorsk",
    "no": "Norwegian",
    "nr": "South Ndebele",
    "nv": "Navajo",
    "ny": "Chichewa",
    "oc": "Occitan",
    "oj": "Ojibwa",
    "om": "Oromo",
    "or": "Odia",
    "os": "Ossetian",
    "pa": "Punjabi",
    "pi": "Pali",
    "pl": "Polish",
    "ps": "Pashto",
    "pt": "Portuguese",
    "qu": "Quechua",
    "rm": "Romansh",
    "rn": "Rundi",
    "ro": "Romanian",
    "ru": "Russian",
    "rw": "Kinyarwanda",
    "sa": "Sanskrit",
    "sc": "Sardinian",
    "sd": "Sindhi",
    "se": "Northern Sami",
    "sg": "Sango",
    "si": "Sinhala",
    "sk": "Slovak",
    "sl": "Slovenian",
    "sm": "Samoan",
    "sn": "Shona",
    "so": "Somali",
    "sq": "Albanian",
    "sr": "Serbian",
    "ss": "Swati",
    "st": "Southern Sotho",
    "su": "Sundanese",
    "sv": "Swedish",
    "sw": "Swahili",
    "ta": "Tamil",
    "te": "Telugu",
    "tg": "Tajik",
    "th": "Thai",
    "ti": "Tigrinya",
    "tk": "Turkmen",
    "tl": "Tagalog",
    "tn": "Tswana",
    "to": "Tonga",
    "tr": "Turkish",
    "ts": "Tsonga",
    "tt": "Tatar",
    "tw": "Twi",
    "ty": "Tahitian",
    "ug": "Uyghur",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "uz": "Uzbek",
    "ve": "Venda",
    "vi": "Vietnamese",
    "vo": "Volapük",
    "wa": "Walloon",
    "wo": "Wolof",
    "xh": "Xhosa",
    "yi": "Yiddish",
    "yo": "Yoruba",
    "za": "Zhuang",
    "zh": "Chinese",
    "zu": "Zulu",
}

# Codes withdrawn from ISO 639-1, or never in it but still met in the wild, and what replaced them.
WITHDRAWN = {
    "iw": ("the withdrawn code for Hebrew", ["he"]),
    "in": ("the withdrawn code for Indonesian", ["id"]),
    "ji": ("the withdrawn code for Yiddish", ["yi"]),
    "jw": ("the withdrawn code for Javanese", ["jv"]),
    "mo": ("the withdrawn code for Moldavian", ["ro"]),
    "sh": ("the deprecated code for Serbo-Croatian", ["hr", "bs", "sr"]),
    "bh": ("the withdrawn code for the Bihari languages", ["hi"]),
}

# The languages Anam documents (anam-facts.md "Languages": the system tool change_language).
ANAM_LANGUAGES = frozenset(
    "en af ar hy az be bs bg ca zh hr cs da nl et fi fr gl de el he hi hu is id it ja kn kk ko lv lt mk ms mi "
    "mr ne no fa pl pt ro ru sr sk sl es sw sv tl ta th tr uk ur vi cy".split()
)

# ISO 639-2 (three-letter, /T and /B) codes of the languages Anam documents, for "did you mean".
ISO_639_2 = {
    "eng": "en",
    "afr": "af",
    "ara": "ar",
    "hye": "hy",
    "arm": "hy",
    "aze": "az",
    "bel": "be",
    "bos": "bs",
    "bul": "bg",
    "cat": "ca",
    "zho": "zh",
    "chi": "zh",
    "hrv": "hr",
    "ces": "cs",
    "cze": "cs",
    "dan": "da",
    "nld": "nl",
    "dut": "nl",
    "est": "et",
    "fin": "fi",
    "fra": "fr",
    "fre": "fr",
    "glg": "gl",
    "deu": "de",
    "ger": "de",
    "ell": "el",
    "gre": "el",
    "heb": "he",
    "hin": "hi",
    "hun": "hu",
    "isl": "is",
    "ice": "is",
    "ind": "id",
    "ita": "it",
    "jpn": "ja",
    "kan": "kn",
    "kaz": "kk",
    "kor": "ko",
    "lav": "lv",
    "lit": "lt",
    "mkd": "mk",
    "mac": "mk",
    "msa": "ms",
    "may": "ms",
    "mri": "mi",
    "mao": "mi",
    "mar": "mr",
    "nep": "ne",
    "nor": "no",
    "nob": "nb",
    "nno": "nn",
    "fas": "fa",
    "per": "fa",
    "pol": "pl",
    "por": "pt",
    "ron": "ro",
    "rum": "ro",
    "rus": "ru",
    "srp": "sr",
    "slk": "sk",
    "slo": "sk",
    "slv": "sl",
    "spa": "es",
    "swa": "sw",
    "swe": "sv",
    "tgl": "tl",
    "fil": "tl",
    "tam": "ta",
    "tha": "th",
    "tur": "tr",
    "ukr": "uk",
    "urd": "ur",
    "vie": "vi",
    "cym": "cy",
    "wel": "cy",
}

_LANGUAGE_NAMES = {name.lower(): code for code, name in ISO_639_1.items()}
_LANGUAGE_NAMES.update(
    {
        "farsi": "fa",
        "castilian": "es",
        "flemish": "nl",
        "mandarin": "zh",
        "cantonese": "zh",
        "filipino": "tl",
        "moldovan": "ro",
        "norwegian bokmal": "nb",
        "bokmål": "nb",
        "bokmal": "nb",
        "nynorsk": "nn",
        "gaelic": "gd",
        "haitian": "ht",
        "oriya": "or",
        "panjabi": "pa",
        "pushto": "ps",
        "sinhalese": "si",
        "uighur": "ug",
        "valencian": "ca",
        "brazilian portuguese": "pt",
    }
)
_BCP47 = re.compile(r"([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})+")


def _quoted(codes: list[str]) -> str:
    quoted = [f"'{c}'" for c in codes]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def judge_language(value: str) -> tuple[str | None, dict]:
    """(verdict, message fields) for a languageCode string.

    verdict: None (an ISO 639-1 code Anam documents), "undocumented" (a valid ISO 639-1 code
    outside Anam's list), "tag" (a BCP 47 tag, a miscased or withdrawn code, with the ISO
    639-1 code to use), "invalid" (anything else, with a suggestion when one is clear).
    """
    if value in ISO_639_1:
        return (None, {}) if value in ANAM_LANGUAGES else ("undocumented", {"name": ISO_639_1[value]})
    text = value.strip()
    lower = text.lower()
    if lower in WITHDRAWN:
        reason, codes = WITHDRAWN[lower]
        return "tag", {"reason": reason, "suggestion": _quoted(codes)}
    if lower in ISO_639_1:
        return "tag", {
            "reason": "not written as an ISO 639-1 code (lower case, no spaces)",
            "suggestion": _quoted([lower]),
        }
    match = _BCP47.fullmatch(text)
    if match:
        primary = match.group(1).lower()
        code = primary if primary in ISO_639_1 else ISO_639_2.get(primary)
        if primary in WITHDRAWN:
            code = WITHDRAWN[primary][1][0]
        if code:
            return "tag", {"reason": "a BCP 47 language tag, not an ISO 639-1 code", "suggestion": _quoted([code])}
    if lower in ISO_639_2:
        code = ISO_639_2[lower]
        return "invalid", {"hint": f" (it is the ISO 639-2 code); did you mean '{code}'?"}
    if lower in _LANGUAGE_NAMES:
        return "invalid", {"hint": f" (it is a language name); did you mean '{_LANGUAGE_NAMES[lower]}'?"}
    if not text:
        return "invalid", {"hint": " (it is empty); omit languageCode to keep multilingual mode"}
    return "invalid", {"hint": ""}


@check()
def language_code(ctx: Context, params: dict) -> Iterator[Hit]:
    """languageCode judged by `judge_language`; the rule reports the verdict named by `report`."""
    for path, value in ctx.find(params.get("path", "/languageCode")):
        if not isinstance(value, str):
            continue  # the schema reports the type (YAML's unquoted `no` is a boolean)
        verdict, fields = judge_language(value)
        if verdict == params["report"]:
            yield Hit(path, "value", {"value": messages.value(value, path), **fields})
