"""Deterministic generator of an application repository for the `repo-10k` benchmark set.

    python bench/repo.py OUT_DIR [--files 10000] [--seed S] [--manifest FILE]

It writes a monorepo-like tree (apps/web and apps/admin in TypeScript/TSX, packages/ in
TypeScript and JavaScript, services/ in Python, docs/ in Markdown) of `--files` source files:
about 45% .ts/.tsx, 15% .js/.mjs, 25% .py and 15% .md, log-normal sizes (median about 2.5 KB,
from 200 bytes to 30 KB, plus a few of 60 to 150 KB), each built from templates (imports,
interfaces, functions, classes, React components, tests, docs with code blocks) with varied
names. Of those:

* most hold no vendor word at all (checked with personalint's own byte prefilter, so they
  are skipped unparsed);
* DECOYS (300 by default) mention a vendor in a comment or unrelated code (a Tavus
  conversation request, an `avatarId` in a type, a `system_prompt` in an LLM settings dict,
  the Anam SDK import): they pass the prefilter, are parsed, and hold no persona;
* PERSONAS (40) send a valid persona body the way apps do: `fetch`/`axios` to
  https://tavusapi.com/v2/personas or https://api.anam.ai/v1/auth/session-token with a
  personaConfig, `requests.post(json=...)`/`httpx.put` in Python, `curl -d` in a README. The
  bodies come from bench/generate.py (`config`), so personalint must report nothing.

Besides: package.json, tsconfig.json (with comments), locale JSON and workflow/compose YAML
files (no persona config: skipped silently), a .gitignore, and node_modules/ (about 300 files,
git-ignored, one of them holding an invalid persona as a canary: a walk must never reach it).
The tree is made a git repository with everything but node_modules/ committed.

Standard library, bench/generate.py and personalint (its byte prefilter and include suffixes).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import generate  # bench/generate.py: valid persona bodies (imported after the path is set)

from personalint.files import DEFAULT_INCLUDE, hinted

MIX = (("ts", 0.30), ("tsx", 0.15), ("js", 0.10), ("mjs", 0.05), ("py", 0.25), ("md", 0.15))
FOLDERS = {
    "ts": ("apps/web/src/lib", "apps/web/src/hooks", "apps/admin/src/api", "packages/core/src", "packages/ui/src"),
    "tsx": ("apps/web/src/components", "apps/web/src/pages", "apps/admin/src/views", "packages/ui/src/widgets"),
    "js": ("packages/legacy/lib", "scripts", "apps/web/config", "packages/cli/src"),
    "mjs": ("scripts/release", "packages/cli/bin", "tools/codegen"),
    "py": ("services/api/app", "services/api/app/routes", "services/worker/tasks", "services/etl", "tests"),
    "md": ("docs/guides", "docs/reference", "docs/adr", "packages/core", "services/api"),
}
NOUNS = (
    "user account order invoice cart item product report chart metric event queue job task token "
    "payment refund coupon address profile setting theme layout menu modal toast table column row filter "
    "query cache store record batch download upload file image thumbnail comment review rating "
    "message thread channel team member role permission audit log trace span schedule slot booking "
    "calendar reminder ticket label tag note draft widget panel tab page route region tenant plan quota"
).split()
VERBS = (
    "get load fetch save update create delete render build parse format validate compute sync merge "
    "sort group count resolve refresh apply reset track normalize serialize map reduce select toggle"
).split()
ADJECTIVES = "active pending recent primary default current next visible shared archived remote local".split()
PHRASES = (
    "Keeps the {noun} list in sync with the server.",
    "Returns the {adj} {noun} for the given {noun2}, or null when there is none.",
    "Called once per {noun2} when the {noun} changes; cheap enough to run on every render.",
    "The {noun} is cached for five minutes; {verb} it again to bypass the cache.",
    "Throws when the {noun2} is missing, so callers can show a proper error.",
    "See the {noun} guide for the rules about {adj} {noun2}s.",
    "Handles the {adj} case first, then falls back to the {noun2} defaults.",
)


def _words(rng: random.Random, n: int) -> list[str]:
    return [rng.choice(VERBS)] + [rng.choice(NOUNS) for _ in range(n - 1)]


def camel(words: list[str]) -> str:
    return words[0] + "".join(w.capitalize() for w in words[1:])


def pascal(words: list[str]) -> str:
    return "".join(w.capitalize() for w in words)


def snake(words: list[str]) -> str:
    return "_".join(words)


def phrase(rng: random.Random) -> str:
    return rng.choice(PHRASES).format(
        noun=rng.choice(NOUNS), noun2=rng.choice(NOUNS), adj=rng.choice(ADJECTIVES), verb=rng.choice(VERBS)
    )


def paragraph(rng: random.Random, sentences: int | None = None) -> str:
    return " ".join(phrase(rng) for _ in range(sentences or rng.randint(2, 5)))


def size_target(rng: random.Random) -> int:
    """Log-normal around 2.5 KB, 200 bytes to 30 KB; one file in a thousand 60 to 150 KB."""
    if rng.random() < 0.001:
        return rng.randint(60_000, 150_000)
    return int(min(max(math.exp(rng.gauss(math.log(2500), 0.9)), 200), 30_000))


# --- TypeScript / JavaScript ---------------------------------------------------------


def ts_interface(rng: random.Random, typed: bool) -> str:
    name = pascal([rng.choice(NOUNS), rng.choice(NOUNS)])
    if not typed:
        return f"/** @typedef {{{{ id: string, {rng.choice(NOUNS)}: number }}}} {name} */\n"
    fields = "".join(
        f"  {camel([rng.choice(NOUNS), rng.choice(NOUNS)])}{'?' if rng.random() < 0.3 else ''}: "
        f"{rng.choice(('string', 'number', 'boolean', 'string[]', 'Date', 'Record<string, unknown>'))};\n"
        for _ in range(rng.randint(2, 8))
    )
    return f"export interface {name} {{\n  id: string;\n{fields}}}\n"


JS_DEFAULTS = ("null", "0", "[]", "{}", '""')


def ts_function(rng: random.Random, typed: bool) -> str:
    fn, arg, field = camel(_words(rng, rng.randint(2, 3))), rng.choice(NOUNS), rng.choice(NOUNS)
    t = (lambda s: s) if typed else (lambda s: "")
    body = [f"  const {field} = {arg}.{field} ?? {rng.choice(JS_DEFAULTS)};"]
    for _ in range(rng.randint(1, 5)):
        other = rng.choice(NOUNS)
        body.append(f'  if (!{field}) {{\n    throw new Error("{phrase(rng)}");\n  }}')
        body.append(f"  const {other}List = [{field}].filter(Boolean).map((x) => ({{ ...x, {other}: true }}));")
    body.append(f"  return {{ id: {arg}.id, {field}, count: {rng.randint(0, 99)} }};")
    return (
        f"/** {phrase(rng)} */\nexport function {fn}({arg}{t(': ' + pascal([arg]))}){t(': unknown')} {{\n"
        + "\n".join(body)
        + "\n}\n"
    )


def ts_fetcher(rng: random.Random, typed: bool) -> str:
    noun = rng.choice(NOUNS)
    fn = camel([rng.choice(("fetch", "load", "get")), noun])
    cast = f" as {pascal([noun])}[]" if typed else ""
    sig = "id: string, signal?: AbortSignal" if typed else "id, signal"
    return (
        f"export async function {fn}({sig}) {{\n"
        f'  const res = await fetch(`/api/{noun}s/${{id}}`, {{ signal, headers: {{ Accept: "application/json" }} }});\n'
        f"  if (!res.ok) throw new Error(`{noun} ${{id}}: ${{res.status}}`);\n"
        f"  return (await res.json()){cast};\n}}\n"
    )


def ts_class(rng: random.Random, typed: bool) -> str:
    noun = rng.choice(NOUNS)
    name = pascal([noun, rng.choice(("Service", "Store", "Client", "Repository", "Manager"))])
    private = "private " if typed else ""
    methods = []
    for _ in range(rng.randint(2, 6)):
        m = camel([rng.choice(VERBS), rng.choice(NOUNS)])
        methods.append(
            f"  async {m}(key{': string' if typed else ''}) {{\n"
            f"    // {phrase(rng)}\n    const hit = this.cache.get(key);\n    if (hit) return hit;\n"
            f"    const value = await this.http.get(`/{noun}/${{key}}`);\n"
            f"    this.cache.set(key, value);\n    return value;\n  }}\n"
        )
    ctor = f"  constructor({private}http{': HttpClient' if typed else ''}) {{\n    this.http = http;\n  }}\n"
    return f"export class {name} {{\n  cache = new Map();\n\n{ctor}\n" + "\n".join(methods) + "}\n"


def tsx_component(rng: random.Random, typed: bool) -> str:
    noun = rng.choice(NOUNS)
    name = pascal([rng.choice(ADJECTIVES), noun, rng.choice(("List", "Card", "Panel", "Form", "Badge"))])
    props = f"{{ {noun}s, onSelect }}" + (
        f": {{ {noun}s: {pascal([noun])}[]; onSelect(id: string): void }}" if typed else ""
    )
    items = "\n".join(
        f'          <span className="{rng.choice(NOUNS)}-{rng.choice(NOUNS)}">{{x.{rng.choice(NOUNS)}}}</span>'
        for _ in range(rng.randint(1, 4))
    )
    return (
        f"export function {name}({props}) {{\n"
        f"  const [open, setOpen] = useState(false);\n"
        f"  useEffect(() => {{\n    if ({noun}s.length === 0) setOpen(false);\n  }}, [{noun}s]);\n"
        f'  return (\n    <section className="{noun}-section">\n'
        f"      <h2 onClick={{() => setOpen(!open)}}>{pascal([noun])}s</h2>\n"
        f"      {{open && {noun}s.map((x) => (\n        <div key={{x.id}} onClick={{() => onSelect(x.id)}}>\n"
        f"{items}\n        </div>\n      ))}}\n    </section>\n  );\n}}\n"
    )


def ts_test(rng: random.Random, typed: bool) -> str:
    fn, noun = camel(_words(rng, 2)), rng.choice(NOUNS)
    cases = "".join(
        f'  it("{rng.choice(("returns", "keeps", "drops", "sorts"))} the {rng.choice(ADJECTIVES)} {noun}", () => {{\n'
        f'    expect({fn}({{ id: "{noun}-{i}", {rng.choice(NOUNS)}: {i} }})).toEqual({{ id: "{noun}-{i}", count: {i} }});\n'
        f"  }});\n"
        for i in range(rng.randint(1, 5))
    )
    return f'describe("{fn}", () => {{\n{cases}}});\n'


TS_BLOCKS = (ts_interface, ts_function, ts_function, ts_fetcher, ts_class, ts_test)


def js_header(rng: random.Random, ext: str) -> str:
    modules = rng.sample(("react", "zod", "date-fns", "clsx", "swr", "./utils", "../api/client", "./types"), 3)
    lines = [f'import {{ {camel(_words(rng, 2))} }} from "{m}";' for m in modules]
    if ext == "tsx":
        lines.insert(0, 'import { useEffect, useState } from "react";')
    if ext == "js" and rng.random() < 0.5:
        lines = [f'const {{ {camel(_words(rng, 2))} }} = require("{m}");' for m in modules]
    return "\n".join(lines) + "\n\n"


def js_file(rng: random.Random, ext: str, target: int) -> list[str]:
    typed = ext in ("ts", "tsx")
    blocks = [js_header(rng, ext)]
    size = len(blocks[0])
    while size < target:
        make = tsx_component if ext == "tsx" and rng.random() < 0.5 else rng.choice(TS_BLOCKS)
        blocks.append(make(rng, typed) + "\n")
        size += len(blocks[-1])
    return blocks


# --- Python --------------------------------------------------------------------------


def py_header(rng: random.Random) -> str:
    modules = rng.sample(("os", "json", "logging", "datetime", "typing", "dataclasses", "re", "itertools"), 3)
    local = f"from app.{rng.choice(NOUNS)} import {camel(_words(rng, 2))}"
    return (
        f'"""{phrase(rng)}"""\n\nfrom __future__ import annotations\n\n'
        + "".join(f"import {m}\n" for m in sorted(modules))
        + f"\n{local}\n\nlog = logging.getLogger(__name__)\n\n\n"
    )


def py_function(rng: random.Random) -> str:
    fn, arg = snake(_words(rng, rng.randint(2, 3))), rng.choice(NOUNS)
    lines = [
        f"def {fn}({arg}: dict, *, limit: int = {rng.choice((10, 50, 100))}) -> list[dict]:",
        f'    """{phrase(rng)}"""',
    ]
    lines.append("    out = []")
    for _ in range(rng.randint(1, 5)):
        key = rng.choice(NOUNS)
        lines.append(f'    for {key} in {arg}.get("{key}s", [])[:limit]:')
        lines.append(f'        if {key}.get("{rng.choice(ADJECTIVES)}"):')
        lines.append(f'            out.append({{"id": {key}["id"], "{rng.choice(NOUNS)}": {rng.randint(0, 9)}}})')
    lines.append(f'    log.debug("{fn}: %d", len(out))\n    return out\n\n')
    return "\n".join(lines) + "\n"


def py_class(rng: random.Random) -> str:
    name = pascal([rng.choice(NOUNS), rng.choice(("Service", "Repository", "Handler", "Job"))])
    fields = "".join(
        f"    {rng.choice(NOUNS)}_{i}: {rng.choice(('str', 'int', 'bool', 'float | None'))}\n"
        for i in range(rng.randint(2, 6))
    )
    methods = "".join(
        f"    def {snake(_words(rng, 2))}(self, key: str) -> dict | None:\n"
        f'        """{phrase(rng)}"""\n        row = self._rows.get(key)\n'
        f'        return None if row is None else {{**row, "seen": True}}\n\n'
        for _ in range(rng.randint(1, 4))
    )
    return f"@dataclasses.dataclass\nclass {name}:\n{fields}\n{methods}\n"


def py_test(rng: random.Random) -> str:
    fn = snake(_words(rng, 2))
    return (
        f"def test_{fn}_{rng.choice(ADJECTIVES)}():\n"
        f'    result = {fn}({{"{rng.choice(NOUNS)}s": [{{"id": {rng.randint(1, 99)}, "active": True}}]}})\n'
        f"    assert len(result) == {rng.randint(0, 2)}\n\n\n"
    )


def py_file(rng: random.Random, target: int) -> list[str]:
    blocks = [py_header(rng)]
    size = len(blocks[0])
    while size < target:
        blocks.append(rng.choice((py_function, py_function, py_class, py_test))(rng))
        size += len(blocks[-1])
    return blocks


# --- Markdown ------------------------------------------------------------------------


def md_code(rng: random.Random) -> str:
    kind = rng.choice(("bash", "ts", "json", "yaml", "python"))
    noun = rng.choice(NOUNS)
    body = {
        "bash": f"pnpm install\npnpm --filter @acme/{noun} build\npnpm test -- --run {noun}",
        "ts": ts_fetcher(rng, True).rstrip(),
        "json": json.dumps({"name": f"@acme/{noun}", "private": True, "scripts": {"build": "tsc -b"}}, indent=2),
        "yaml": f"{noun}:\n  enabled: true\n  retries: {rng.randint(1, 5)}\n  region: eu-west-1",
        "python": py_test(rng).rstrip(),
    }[kind]
    return f"```{kind}\n{body}\n```\n\n"


def md_file(rng: random.Random, target: int) -> list[str]:
    title = " ".join(w.capitalize() for w in _words(rng, 3))
    blocks = [f"# {title}\n\n{paragraph(rng)}\n\n"]
    size = len(blocks[0])
    while size < target:
        roll = rng.random()
        if roll < 0.3:
            text = f"## {' '.join(_words(rng, 2)).capitalize()}\n\n{paragraph(rng)}\n\n"
        elif roll < 0.55:
            text = "".join(f"- {phrase(rng)}\n" for _ in range(rng.randint(2, 6))) + "\n"
        elif roll < 0.65:
            rows = "".join(f"| `{rng.choice(NOUNS)}` | {phrase(rng)} |\n" for _ in range(rng.randint(2, 6)))
            text = f"| option | meaning |\n| --- | --- |\n{rows}\n"
        elif roll < 0.85:
            text = md_code(rng)
        else:
            text = paragraph(rng) + "\n\n"
        blocks.append(text)
        size += len(text)
    return blocks


# --- decoys: vendor words in comments and unrelated code, no persona --------------------

JS_DECOYS = (
    "// The video call itself runs on Tavus; this module only tracks its state in the UI.\n",
    "export interface AvatarProps {\n  avatarId: string;\n  size?: number;\n  rounded?: boolean;\n}\n\n"
    'export const fallbackAvatar = { avatarId: "initials", size: 32 };\n',
    "// https://docs.tavus.io/api-reference/conversations/create-conversation\n"
    "export async function startConversation(personaId) {\n"
    '  const res = await fetch("https://tavusapi.com/v2/conversations", {\n'
    '    method: "POST",\n'
    '    headers: { "x-api-key": process.env.TAVUS_API_KEY, "Content-Type": "application/json" },\n'
    '    body: JSON.stringify({ persona_id: personaId, replica_id: "r79e1c033f", conversation_name: "Support" }),\n'
    "  });\n  return res.json();\n}\n",
    'import { createClient } from "@anam-ai/js-sdk";\n\n'
    "export async function startAvatar(sessionToken) {\n"
    "  const client = createClient(sessionToken);\n"
    '  await client.streamToVideoElement("avatar-video");\n  return client;\n}\n',
    "const summarizerSettings = {\n"
    '  system_prompt: "Summarise the ticket in two sentences.",\n  temperature: 0.2,\n  max_tokens: 256,\n};\n',
    'analytics.track("persona_picker_opened", { source: "header", step: 2 });\n',
    "// mocked reply of GET /v2/personas/{id}, see the Tavus docs\n"
    'const reply = { persona_id: "p5a1b2c3", persona_name: "Support", created_at: "2024-05-01T10:00:00Z" };\n',
)
PY_DECOYS = (
    "# Tavus posts conversation events to /webhooks/video (see https://tavusapi.com/v2/conversations).\n",
    'SUMMARY_LLM = {"model": "gpt-4o-mini", "system_prompt": "You summarise support tickets.", "temperature": 0.2}\n',
    "def end_conversation(conversation_id: str) -> None:\n"
    "    requests.post(\n"
    '        f"https://tavusapi.com/v2/conversations/{conversation_id}/end",\n'
    '        headers={"x-api-key": os.environ["TAVUS_API_KEY"]},\n        timeout=10,\n    )\n',
    "class AvatarRef(typing.TypedDict):\n    avatarId: str\n    size: int\n",
    'def label_for(row: dict) -> str:\n    return row.get("persona") or "default"\n',
)
MD_DECOYS = (
    "Video calls use Tavus; the persona is created once by the ops team, not by this service.\n\n",
    'The conversation request sends only the ids:\n\n```json\n{"persona_id": "p1a2b3c4", '
    '"replica_id": "r79e1c033f", "conversation_name": "Demo"}\n```\n\n',
    '```ts\nimport { createClient } from "@anam-ai/js-sdk";\n\n'
    "const client = createClient(sessionToken);\n"
    'await client.streamToVideoElement("avatar-video");\n```\n\n',
    "```yaml\nsummarizer:\n  model: gpt-4o-mini\n  system_prompt: Summarise the ticket in two sentences.\n```\n\n",
)


# --- personas: valid bodies sent the way apps send them ---------------------------------

IDENT = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*\Z")


def literal(value: object, python: bool, level: int = 1) -> str:
    """`value` as a multi-line JS object literal, or a Python dict literal."""
    pad, end = "  " * level, "  " * (level - 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        key = (lambda k: json.dumps(k)) if python else (lambda k: k if IDENT.match(k) else json.dumps(k))
        items = [f"{pad}{key(k)}: {literal(v, python, level + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f",\n{end}}}"
    if isinstance(value, list):
        items = [literal(v, python, level + 1) for v in value]
        if all(not isinstance(v, dict | list) for v in value) and sum(map(len, items)) < 60:
            return "[" + ", ".join(items) + "]"
        return "[\n" + "".join(f"{pad}{item},\n" for item in items) + f"{end}]"
    if python and (value is None or isinstance(value, bool)):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)


def _session_body(value: dict) -> dict:
    return value if "personaConfig" in value else {"personaConfig": value}


def js_persona(rng: random.Random, kind: str, value: object, typed: bool) -> tuple[str, str]:
    """(import lines, code) sending `value` as a `kind` body from TypeScript/JavaScript."""
    bang, fn = ("!" if typed else ""), camel([rng.choice(VERBS), rng.choice(NOUNS), "persona"])
    if kind == "tavus-create":
        head = f"const payload = {literal(value, False)};\n\n" if rng.random() < 0.5 else ""
        body = "payload" if head else literal(value, False, 3)
        return "", (
            f"{head}export async function {fn}() {{\n"
            '  const res = await fetch("https://tavusapi.com/v2/personas", {\n    method: "POST",\n'
            f'    headers: {{ "x-api-key": process.env.TAVUS_API_KEY{bang}, "Content-Type": "application/json" }},\n'
            f"    body: JSON.stringify({body}),\n  }});\n"
            "  if (!res.ok) throw new Error(`tavus: ${res.status}`);\n  return res.json();\n}\n"
        )
    if kind == "anam-session":
        return "", (
            "export async function POST() {\n"
            '  const res = await fetch("https://api.anam.ai/v1/auth/session-token", {\n    method: "POST",\n'
            '    headers: { "Content-Type": "application/json", Authorization: `Bearer ${process.env.ANAM_API_KEY}` },\n'
            f"    body: JSON.stringify({literal(_session_body(value), False, 3)}),\n  }});\n"
            "  const { sessionToken } = await res.json();\n  return Response.json({ sessionToken });\n}\n"
        )
    verb, url = {
        "anam-create": ("post", '"https://api.anam.ai/v1/personas"'),
        "anam-update": ("put", "`https://api.anam.ai/v1/personas/${id}`"),
    }.get(kind, ("patch", "`https://tavusapi.com/v2/personas/${id}`"))
    auth = "{ headers: { Authorization: `Bearer ${process.env.ANAM_API_KEY}` } }"
    if kind == "tavus-patch":
        auth = '{ headers: { "x-api-key": process.env.TAVUS_API_KEY } }'
    arg = "id: string" if typed else "id"
    return 'import axios from "axios";\n', (
        f"export async function {fn}({arg if kind != 'anam-create' else ''}) {{\n"
        f"  const {{ data }} = await axios.{verb}({url}, {literal(value, False, 2)}, {auth});\n  return data;\n}}\n"
    )


def py_persona(rng: random.Random, kind: str, value: object) -> tuple[str, str]:
    """(import lines, code) sending `value` as a `kind` body from Python."""
    fn = snake([rng.choice(VERBS), rng.choice(NOUNS), "persona"])
    if kind == "tavus-create":
        return "import requests\n", (
            f"PAYLOAD = {literal(value, True)}\n\n\ndef {fn}() -> dict:\n"
            '    response = requests.post(\n        "https://tavusapi.com/v2/personas",\n'
            '        headers={"x-api-key": os.environ["TAVUS_API_KEY"]},\n        json=PAYLOAD,\n        timeout=30,\n'
            "    )\n    response.raise_for_status()\n    return response.json()\n\n\n"
        )
    if kind == "anam-session":
        return "import requests\n", (
            f"def {fn}() -> str:\n    response = requests.post(\n"
            '        "https://api.anam.ai/v1/auth/session-token",\n'
            '        headers={"Authorization": f"Bearer {os.environ[\'ANAM_API_KEY\']}"},\n'
            f"        json={literal(_session_body(value), True, 3)},\n        timeout=10,\n    )\n"
            '    return response.json()["sessionToken"]\n\n\n'
        )
    return "import httpx\n", (
        f"def {fn}(persona_id: str) -> dict:\n    body = {literal(value, True, 2)}\n"
        '    response = httpx.put(\n        f"https://api.anam.ai/v1/personas/{persona_id}",\n'
        '        headers={"Authorization": "Bearer " + os.environ["ANAM_API_KEY"]},\n        json=body,\n    )\n'
        "    return response.json()\n\n\n"
    )


def md_persona(rng: random.Random, kind: str, value: object) -> str:
    """A README section with a `curl -d` block sending `value` (single quotes escaped in the JSON)."""
    if kind == "tavus-create":
        url, auth, title = "https://tavusapi.com/v2/personas", '-H "x-api-key: $TAVUS_API_KEY"', "Create the persona"
    else:
        url, auth, title = (
            "https://api.anam.ai/v1/auth/session-token",
            '-H "Authorization: Bearer $ANAM_API_KEY"',
            ("Start a session"),
        )
        value = _session_body(value)  # type: ignore[arg-type]
    data = json.dumps(value, indent=2, ensure_ascii=False).replace("'", "\\u0027")
    return (
        f"## {title}\n\n{paragraph(rng, 2)}\n\n```bash\ncurl -X POST {url} \\\n  {auth} \\\n"
        f"  -H \"Content-Type: application/json\" \\\n  -d '{data}'\n```\n\n"
    )


# (language, kind, count): the 40 persona files
PERSONAS = (
    ("ts", "tavus-create", 5),
    ("ts", "anam-session", 4),
    ("tsx", "anam-create", 3),
    ("js", "tavus-patch", 2),
    ("mjs", "anam-update", 2),
    ("py", "tavus-create", 6),
    ("py", "anam-session", 5),
    ("py", "anam-update", 3),
    ("md", "tavus-create", 6),
    ("md", "anam-session", 4),
)


# --- the tree ------------------------------------------------------------------------


def source_paths(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """`count` (relative path, extension) pairs, unique, in MIX's proportions."""
    exts = [ext for ext, share in MIX for _ in range(round(share * count))]
    exts = (exts + [MIX[0][0]] * count)[:count]
    rng.shuffle(exts)
    taken: set[str] = set()
    out = []
    for ext in exts:
        folder = rng.choice(FOLDERS[ext])
        if rng.random() < 0.6:
            folder += "/" + rng.choice(NOUNS)
        words = [rng.choice(NOUNS), rng.choice(NOUNS)]
        if ext == "py":
            name = ("test_" if folder.startswith("tests") else "") + snake(words)
        elif ext == "md":
            name = "README" if rng.random() < 0.1 else "-".join(words)
        else:
            name = (pascal(words) if ext == "tsx" else camel(words)) + (".test" if rng.random() < 0.15 else "")
        path, n = f"{folder}/{name}.{ext}", 2
        while path in taken:
            path, n = f"{folder}/{name}{n}.{ext}", n + 1
        taken.add(path)
        out.append((path, ext))
    return out


def body_blocks(rng: random.Random, ext: str, target: int) -> list[str]:
    if ext == "py":
        return py_file(rng, target)
    if ext == "md":
        return md_file(rng, target)
    return js_file(rng, ext, target)


def insert(rng: random.Random, blocks: list[str], imports: str, code: str, ext: str) -> None:
    """Put `code` among the blocks (never before the header) and `imports` right after the header."""
    blocks.insert(rng.randint(1, len(blocks)), code + ("\n" if ext != "py" else "\n\n"))
    if imports:
        blocks.insert(1, imports + "\n")


def source_text(rng: random.Random, ext: str, role: tuple[str, str] | None, seed: int, index: int) -> str:
    """One source file's text; `role` is ("decoy", "") or ("persona", kind) or None."""
    blocks = body_blocks(rng, ext, size_target(rng))
    if role and role[0] == "decoy":
        pool = PY_DECOYS if ext == "py" else MD_DECOYS if ext == "md" else JS_DECOYS
        insert(rng, blocks, "", rng.choice(pool), ext)
    elif role:
        kind = role[1]
        value = generate.config(kind, random.Random(f"{seed}:repo:{kind}:{index}"))
        if ext == "md":
            insert(rng, blocks, "", md_persona(rng, kind, value), ext)
        elif ext == "py":
            insert(rng, blocks, *py_persona(rng, kind, value), ext)
        else:
            insert(rng, blocks, *js_persona(rng, kind, value, ext in ("ts", "tsx")), ext)
    return "".join(blocks)


def roles(rng: random.Random, paths: list[tuple[str, str]], decoys: int) -> dict[int, tuple[str, str]]:
    """Which files are personas (PERSONAS) and which decoys (`decoys` of the rest, any language)."""
    by_ext: dict[str, list[int]] = {}
    for i, (_, ext) in enumerate(paths):
        by_ext.setdefault(ext, []).append(i)
    out: dict[int, tuple[str, str]] = {}
    for ext, kind, count in PERSONAS:
        free = [i for i in by_ext[ext] if i not in out]
        for i in rng.sample(free, count):
            out[i] = ("persona", kind)
    free = [i for i in range(len(paths)) if i not in out]
    for i in rng.sample(free, decoys):
        out[i] = ("decoy", "")
    return out


def config_files(rng: random.Random) -> dict[str, str]:
    """package.json, tsconfig.json (JSONC), locale JSON, workflow and compose YAML: no persona config."""
    files: dict[str, str] = {}
    for folder in ("", "apps/web/", "apps/admin/", "packages/core/", "packages/ui/", "packages/cli/"):
        deps = {
            d: f"^{rng.randint(1, 18)}.{rng.randint(0, 9)}.0"
            for d in rng.sample(("react", "zod", "swr", "clsx", "axios", "date-fns", "vitest", "typescript"), 4)
        }
        if folder == "apps/web/":
            deps["@anam-ai/js-sdk"] = "^3.4.0"
        pkg = {
            "name": f"@acme/{folder.strip('/').split('/')[-1] or 'root'}",
            "version": "0.0.0",
            "private": True,
            "scripts": {"build": "tsc -b", "test": "vitest run", "lint": "eslint ."},
            "dependencies": deps,
        }
        files[folder + "package.json"] = json.dumps(pkg, indent=2) + "\n"
        files[folder + "tsconfig.json"] = (
            '{\n  // shared settings live in the root config\n  "extends": "../../tsconfig.base.json",\n'
            '  "compilerOptions": { "outDir": "dist", "jsx": "react-jsx", "strict": true, },\n  "include": ["src"]\n}\n'
        )
    for lang in ("en", "de", "fr", "es"):
        files[f"apps/web/public/locales/{lang}.json"] = json.dumps(
            {f"{camel(_words(rng, 2))}": phrase(rng) for _ in range(60)}, indent=2, ensure_ascii=False
        )
    for name in ("ci", "release", "nightly"):
        files[f".github/workflows/{name}.yml"] = (
            f"name: {name}\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  test:\n"
            "    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
            "      - uses: pnpm/action-setup@v4\n      - run: pnpm install --frozen-lockfile\n      - run: pnpm test\n"
        )
    files["docker-compose.yml"] = (
        "services:\n  api:\n    build: services/api\n    environment:\n      TAVUS_API_KEY: ${TAVUS_API_KEY}\n"
        "      ANAM_API_KEY: ${ANAM_API_KEY}\n    ports: ['8000:8000']\n  redis:\n    image: redis:7\n"
    )
    files["tsconfig.base.json"] = json.dumps({"compilerOptions": {"target": "ES2022", "module": "ESNext"}}, indent=2)
    files[".gitignore"] = "node_modules/\ndist/\n.env\n"
    files["LICENSE"] = "MIT License\n\nCopyright (c) Acme\n"
    return files


NODE_PACKAGES = (
    "react",
    "react-dom",
    "axios",
    "zod",
    "swr",
    "clsx",
    "date-fns",
    "@anam-ai/js-sdk",
    "vitest",
    "typescript",
)
CANARY = (  # an invalid persona (a removed avatar model, a voice name for a voice id): a walk must not read it
    'fetch("https://api.anam.ai/v1/auth/session-token", { method: "POST", body: JSON.stringify({ personaConfig: '
    '{ name: "Demo", avatarId: "30fa96d0-26c4-4e55-94a0-517025942e18", voiceId: "Arabella", avatarModel: "cara-2" } }) });\n'
)


def node_modules(rng: random.Random, count: int) -> dict[str, str]:
    """About `count` files of installed packages (git-ignored, never walked)."""
    files: dict[str, str] = {}
    per = count // len(NODE_PACKAGES)
    for package in NODE_PACKAGES:
        root = f"node_modules/{package}/"
        files[root + "package.json"] = json.dumps({"name": package, "version": "1.0.0", "main": "dist/index.js"})
        files[root + "README.md"] = "".join(md_file(rng, rng.randint(500, 4000)))
        for i in range(per - 2):
            ext = "d.ts" if i % 4 == 3 else "js"
            text = "".join(js_file(rng, "ts" if ext == "d.ts" else "js", size_target(rng)))
            files[f"{root}dist/{camel(_words(rng, 2))}{i}.{ext}"] = text
    files["node_modules/@anam-ai/js-sdk/examples/session.js"] = CANARY
    return files


def _write(root: str, relative: str, text: str) -> int:
    path = os.path.join(root, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = text.encode("utf-8")
    with open(path, "wb") as handle:
        handle.write(data)
    return len(data)


def walked(relative: str) -> bool:
    """Whether a personalint walk looks at this file (its include suffixes; node_modules skipped)."""
    return not relative.startswith("node_modules/") and relative.lower().endswith(DEFAULT_INCLUDE)


def generate_repo(root: str, count: int = 10_000, seed: int = 0, decoys: int = 300, vendored: int = 300) -> dict:
    """Write the repository into `root` (which must not exist or be empty); return the manifest."""
    rng = random.Random(f"{seed}:repo")
    paths = source_paths(rng, count)
    role_of = roles(rng, paths, decoys)
    manifest: dict = {"seed": seed, "personas": {}, "decoys": [], "sizes": {}, "walked": []}
    for i, (relative, ext) in enumerate(paths):
        role = role_of.get(i)
        text = source_text(random.Random(f"{seed}:repo:{i}"), ext, role, seed, i)
        if hinted(text.encode()) != (role is not None):
            raise AssertionError(f"{relative}: the prefilter {'misses' if role else 'finds'} a vendor word")
        manifest["sizes"][relative] = _write(root, relative, text)
        if role and role[0] == "persona":
            manifest["personas"][relative] = role[1]
        elif role:
            manifest["decoys"].append(relative)
    configs = config_files(rng)
    vendor = node_modules(rng, vendored)
    for relative, text in {**configs, **vendor}.items():
        manifest["sizes"][relative] = _write(root, relative, text)
    manifest["configs"] = sorted(configs)
    manifest["node_modules"] = len(vendor)
    manifest["source_files"] = count
    manifest["walked"] = sorted(p for p in manifest["sizes"] if walked(p))
    git_commit(root)
    return manifest


def git_commit(root: str) -> None:
    """`git init` and one commit of everything git does not ignore (node_modules/ is ignored)."""
    env = {**os.environ, "GIT_AUTHOR_DATE": "2025-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2025-01-01T00:00:00Z"}
    ident = ["-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "-c", "commit.gpgsign=false"]
    for argv in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "generated app repository"]):
        subprocess.run(["git", *ident, "-C", root, *argv], check=True, env=env)


def summary(manifest: dict) -> str:
    sizes = manifest["sizes"]
    by_ext: dict[str, list[int]] = {}
    for path in manifest["walked"]:
        by_ext.setdefault(path.rsplit(".", 1)[-1], []).append(sizes[path])
    parts = ", ".join(f"{len(v)} .{k} ({sum(v) / 1e6:.1f} MB)" for k, v in sorted(by_ext.items()))
    total = sum(sizes[p] for p in manifest["walked"])
    return (
        f"{len(manifest['walked'])} files walked, {total / 1e6:.1f} MB: {parts}; {len(manifest['personas'])} with "
        f"personas, {len(manifest['decoys'])} decoys, {manifest['node_modules']} in node_modules/"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir")
    parser.add_argument("--files", type=int, default=10_000, help="source files (default 10000)")
    parser.add_argument("--decoys", type=int, default=300, help="files with vendor words and no persona (300)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--manifest", help="write the manifest as JSON here (keep it outside OUT_DIR)")
    args = parser.parse_args(argv)
    if os.path.exists(args.out_dir) and os.listdir(args.out_dir):
        parser.error(f"{args.out_dir} is not empty")
    manifest = generate_repo(args.out_dir, args.files, args.seed, args.decoys)
    if args.manifest:
        with open(args.manifest, "w", encoding="utf-8") as handle:
            json.dump(manifest, handle, indent=1)
    print(f"wrote {args.out_dir}: {summary(manifest)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
