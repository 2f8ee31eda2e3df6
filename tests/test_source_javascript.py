"""Persona objects in TypeScript, TSX and JavaScript (personalint/source/javascript*.py)."""

from __future__ import annotations

import time

from helpers import lint, rules_of, where

from personalint.source import load
from personalint.source.code import Unknown


def kinds(text: str, name: str = "app.ts") -> list[str | None]:
    import textwrap

    source = load(name, textwrap.dedent(text).encode())
    return [document.kind for document in source.documents]


ROUTE = """\
    // app/api/persona/route.ts
    import { NextResponse } from "next/server";

    const TAVUS_API = "https://tavusapi.com/v2";
    const PROMPT = "You are Élodie, a café barista ☕.";

    export async function POST(req: Request) {
      const { name } = await req.json();
      const payload = {
        persona_name: name,
        system_prompt: PROMPT,
        pipeline_mode: "half",
        default_replica_id: process.env.TAVUS_REPLICA_ID ?? "r79e1c033f",
        layers: { llm: { model: "tavus-gpt-4o" } },
      };
      const res = await fetch(`${TAVUS_API}/personas`, {
        method: "POST",
        headers: { "x-api-key": process.env.TAVUS_API_KEY! },
        body: JSON.stringify(payload),
      });
      return NextResponse.json(await res.json());
    }
"""


def test_a_next_route_handler_creates_a_tavus_persona():
    result = lint(ROUTE, name="route.ts")
    assert kinds(ROUTE) == ["tavus-create"]
    assert where(result, "PS002") == [(12, 20, 12, 26)]  # "half", quotes included
    assert where(result, "TV102") == [(14, 29, 14, 43)]
    assert "TV001" not in rules_of(result)  # system_prompt followed to PROMPT


def test_kinds_from_endpoints_and_methods():
    text = """\
        import axios from "axios";
        const BASE = process.env.ANAM_BASE ?? "https://api.anam.ai";
        export async function update(id: string) {
          await axios.put(`${BASE}/v1/personas/${id}`, { systemPrompt: "नमस्ते", llmId: "CUSTOMER_CLIENT_V1" });
          await fetch(`https://tavusapi.com/v2/personas/${id}`, {
            method: "PATCH",
            body: JSON.stringify([{ op: "replace", path: "/layers/perception/perception_tool_prompt", value: "x" }]),
          });
          await axios({ url: "https://api.anam.ai/v1/personas", method: "post", data: { name: "Leo", avatarId: "a" } });
          await fetch("https://api.anam.ai/v1/auth/session-token", {
            method: "POST",
            body: JSON.stringify({ clientLabel: "web", personaConfig: { name: "Cara", llmId: "x" } }),
          });
        }
    """
    assert kinds(text) == ["anam-update", "tavus-patch", "anam-create", "anam-session"]
    result = lint(text, name="scripts/update.ts")
    assert where(result, "AN020")[0][:2] == (4, 50)  # the systemPrompt key
    assert where(result, "TV111")[0][:2] == (7, 50)  # the value of the operation's path


def test_session_token_body_is_the_wrapper():
    text = """\
        const personaConfig = { name: "Cara", avatarId: "a", voiceId: "v", llmId: "l", systemPrompt: "hi" };
        export async function POST() {
          const r = await fetch("https://api.anam.ai/v1/auth/session-token", {
            method: "POST",
            body: JSON.stringify({ personaConfig, sessionOptions: {} }),
          });
        }
    """
    source = load("route.ts", text.encode())
    assert [d.kind for d in source.documents] == ["anam-session"]
    assert set(source.documents[0].value) == {"personaConfig", "sessionOptions"}
    assert source.documents[0].span("/personaConfig/name").line == 1


def test_persona_config_in_a_react_component():
    text = """\
        "use client";
        interface PersonaConfig { avatarId: string; voiceId: string; systemPrompt: string }
        type Props = { personaConfig: PersonaConfig };

        export default function Coach({ user }: Props) {
          const start = async () => {
            await fetch("/api/session", {
              method: "POST",
              body: JSON.stringify({
                personaConfig: {
                  name: "Cara",
                  avatarId: "30fa96d0-26c4-4e55-94a0-517025942e18",
                  voiceId: "Arabella",
                  brainType: "ANAM_GPT_4O_MINI_V1",
                  systemPrompt: buildPrompt(user),
                },
              }),
            });
          };
          return <button onClick={start}>Start</button>;
        }
    """
    assert kinds(text, "Coach.tsx") == ["anam-session"]
    result = lint(text, name="Coach.tsx")
    assert where(result, "AN101") == [(13, 20, 13, 30)]
    assert where(result, "AN005")[0][:2] == (14, 11)


def test_unknown_values_are_present_and_never_judged():
    text = """\
        export function personaBody(mode: string, x: Input) {
          return {
            persona_name: `Coach ${x.name}`,
            system_prompt: buildPrompt(x),
            pipeline_mode: mode,
            default_replica_id: process.env.REPLICA || "r1",
            layers: x.layers,
          };
        }
    """
    result = lint(text, name="lib/tavus.ts")
    assert kinds(text) == ["tavus-create"]
    assert rules_of(result) == []
    # with a literal pipeline_mode and no system_prompt at all, TV001 speaks
    missing = text.replace("    system_prompt: buildPrompt(x),\n", "").replace(
        "pipeline_mode: mode", 'pipeline_mode: "full"'
    )
    assert "TV001" in rules_of(lint(missing, name="lib/tavus.ts"))


def test_followed_constant_points_at_the_identifier_in_the_object():
    text = """\
        const MODE = "turbo";
        export const coach = {
          persona_name: "Coach",
          system_prompt: "Help",
          pipeline_mode: MODE,
        };
    """
    assert where(lint(text, name="personas.ts"), "PS002") == [(5, 18, 5, 22)]


def test_positions_after_non_ascii_text_are_in_characters():
    text = 'export const p = { persona_name: "Café 😀 ☕", system_prompt: "Grüß", pipeline_mode: "half" };\n'
    column = text.index('"half"') + 1
    assert where(lint(text, name="p.ts"), "PS002") == [(1, column, 1, column + 6)]


def test_spreads_and_open_objects():
    text = """\
        const DEFAULTS = { pipeline_mode: "half", system_prompt: "Be kind" };
        export const a = { ...DEFAULTS, persona_name: "A" };
        export const b = { ...userDefaults, persona_name: "B", pipeline_mode: "full" };
    """
    result = lint(text, name="p.ts")
    assert where(result, "PS002") == [(1, 35, 1, 41)]  # where the spread constant writes it
    assert "TV001" not in rules_of(result)  # b's unknown spread may hold system_prompt


def test_several_objects_per_file_switch_and_ternary():
    text = """\
        export function personaFor(kind: string) {
          switch (kind) {
            case "a": return { persona_name: "A", system_prompt: "a", pipeline_mode: "full" };
            case "b": return { persona_name: "B", system_prompt: "b", pipeline_mode: "full" };
            case "c": return { persona_name: "C", system_prompt: "c", pipeline_mode: "full" };
            default: return { persona_name: "D", system_prompt: "d", pipeline_mode: "full" };
          }
        }
        export const pick = flag
          ? { avatarId: "a", voiceId: "v", name: "X" }
          : { avatarId: "b", voiceId: "w", name: "Y" };
        export const PERSONAS = { cara: { avatarId: "a", llmId: "l" }, leo: { avatarId: "b", llmId: "m" } };
    """
    assert kinds(text) == ["tavus-create"] * 4 + ["anam-create"] * 4


def test_traps_are_never_personas():
    text = """\
        export interface TavusPersona { persona_name: string; system_prompt: string; pipeline_mode: string }
        type AnamConfig = { avatarId: string; voiceId: string };
        await fetch("https://tavusapi.com/v2/conversations", {
          method: "POST",
          body: JSON.stringify({ persona_id: "p1", system_prompt: "x", pipeline_mode: "bad", layers: 1 }),
        });
        const guardrail = { system_prompt: "x", pipeline_mode: "bad" };
        await axios.post("https://tavusapi.com/v2/guardrails", guardrail);
        console.log("created", { persona_name: "x", system_prompt: 2, pipeline_mode: "bad" });
        jest.mocked(fetch).mockResolvedValue({
          json: async () => ({ persona_id: "p9", persona_name: "Mock", system_prompt: "x", created_at: "2024" }),
        });
    """
    source = load("trap.test.ts", text.encode())
    assert source.documents == [] and source.problems == []


def test_a_syntax_error_is_a_note_and_the_rest_is_judged():
    text = """\
        export const coach = {
          persona_name: "Coach",
          pipeline_mode: "half",
          layers: { llm: { model: "x" } ,, },
          system_prompt: ,
        };
    """
    result = lint(text, name="broken.ts")
    assert "PS002" in rules_of(result)
    assert "TV001" not in rules_of(result)  # a key may have been lost in the error
    assert "PF001" in rules_of(result)


def test_duplicate_keys_but_not_spread_overrides():
    text = """\
        const BASE = { pipeline_mode: "full" };
        export const coach = { ...BASE, persona_name: "A", pipeline_mode: "full", system_prompt: "x", persona_name: "B" };
    """
    assert where(lint(text, name="p.ts"), "PF002")[0][:2] == (2, 95)


def test_deep_nesting_is_bounded():
    deep = "{ a: " * 150 + "1" + " }" * 150
    text = f'export const p = {{ persona_name: "x", system_prompt: "y", layers: {deep} }};\n'
    assert "PF081" in rules_of(lint(text, name="deep.ts"))
    noise = "const x = " + "[" * 3000 + "]" * 3000 + ";\n"
    assert load("noise.js", noise.encode()).documents == []


def test_minified_bundle_is_read_in_bounded_time():
    chunk = (
        'var a=function(e){return{name:"x"+e,description:e.d,items:[1,2,{k:e}]}};'
        'fetch("/api/x",{method:"POST",body:JSON.stringify({q:1})});console.log({a:1});'
    )
    persona = 'const P={persona_name:"p",system_prompt:"s",pipeline_mode:"half"};'
    bundle = (chunk * (4_800_000 // len(chunk)) + persona).encode()
    started = time.perf_counter()
    result = lint(bundle.decode(), name="dist/app.min.js")
    elapsed = time.perf_counter() - started
    assert rules_of(result) == ["PS002"] and where(result, "PS002")[0][0] == 1
    assert elapsed < 15, elapsed  # about 3 s on the development machine


def test_javascript_grammar_and_other_clients():
    text = """\
        const got = require("got");
        module.exports = async function create() {
          const body = { persona_name: "A", system_prompt: "x", pipeline_mode: "half" };
          return got.post("https://tavusapi.com/v2/personas", { json: body }).json();
        };
    """
    assert kinds(text, "create.cjs") == ["tavus-create"]
    assert where(lint(text, name="create.cjs"), "PS002") == [(3, 72, 3, 78)]


def documents(text: str, name: str = "app.ts") -> list:
    import textwrap

    return load(name, textwrap.dedent(text).encode()).documents


# keys set after the literal


def test_keys_set_after_the_literal_are_present_and_unknown():
    text = """\
        const GPT = "a7cf662c-2ace-4de1-a21e-ef0fbf144bb7";
        async function createPersona(apiKey, { avatarId, voiceId, prompt }) {
          const payload = { name: "Hakim", avatarId, llmId: GPT, brainType: "ANAM_GPT_4O_MINI_V1" };
          if (voiceId) payload.voiceId = voiceId;
          payload["systemPrompt"] = prompt;
          Object.assign(payload, { description: prompt, toolIds });
          delete payload.brainType;
          return fetch("https://api.anam.ai/v1/personas", { method: "POST", body: JSON.stringify(payload) });
        }
    """
    (document,) = documents(text, "setup.mjs")
    assert document.kind == "anam-create"
    for key in ("voiceId", "systemPrompt", "description", "toolIds"):
        assert isinstance(document.value[key], Unknown), key
    assert "brainType" not in document.value  # deleted: not judged
    assert document.open == frozenset({""})  # ... and maybe still there: not missing either
    assert rules_of(lint(text, name="setup.mjs")) == []  # no AN110 (voiceId), no AN005 (deleted)


def test_keys_set_on_a_nested_object_and_arrays_changed_in_place():
    text = """\
        const body = {
          persona_name: "A",
          system_prompt: "B",
          pipeline_mode: "full",
          layers: { llm: { model: "tavus-gpt-4o" } },
          context: ["x"],
        };
        body.layers.llm.model = process.env.MODEL;
        body.context.push("y");
        await fetch("https://tavusapi.com/v2/personas", { method: "POST", body: JSON.stringify(body) });
    """
    (document,) = documents(text)
    assert isinstance(document.value["layers"]["llm"]["model"], Unknown)
    assert isinstance(document.value["context"], Unknown)
    assert "TV102" not in rules_of(lint(text, name="app.ts"))


def test_a_computed_key_or_an_unknown_source_opens_the_object():
    base = """\
        const payload = { name: "A", avatarId: "a", brainType: "ANAM_GPT_4O_MINI_V1" };
        CHANGE;
        fetch("https://api.anam.ai/v1/personas", { method: "POST", body: JSON.stringify(payload) });
    """
    for change in ("payload[field] = value", "Object.assign(payload, extra)", "payload = other"):
        text = base.replace("CHANGE", change)
        (document,) = documents(text)
        assert document.open == frozenset({""}), change
        result = lint(text, name="app.ts")
        assert "AN110" not in rules_of(result), change  # voiceId may be set
        assert where(result, "AN005")[0][:2] == (1, 45), change  # what is written is still judged
    assert "AN110" in rules_of(lint(base.replace("CHANGE", "log(payload)"), name="app.ts"))


def test_a_change_to_another_binding_of_the_name_is_not_one():
    text = """\
        const payload = { name: "A", avatarId: "a", llmId: "l" };
        function other(payload) {
          payload.voiceId = "v";
        }
        {
          const payload = {};
          payload.voiceId = "w";
        }
        fetch("https://api.anam.ai/v1/personas", { method: "POST", body: JSON.stringify(payload) });
    """
    assert kinds(text) == ["anam-create"]
    assert where(lint(text, name="app.ts"), "AN110")[0][:2] == (1, 17)


# shadowing


def test_a_parameter_or_an_inner_binding_shadows_a_module_constant():
    text = """\
        const MODE = "half";
        export function a(MODE: string) {
          return { persona_name: "A", system_prompt: "B", pipeline_mode: MODE };
        }
        export const b = (MODE = "x") => ({ persona_name: "A", system_prompt: "B", pipeline_mode: MODE });
        export function c(settings) {
          const { MODE } = settings;
          return { persona_name: "A", system_prompt: "B", pipeline_mode: MODE };
        }
        export function d(modes) {
          for (const MODE of modes) send({ persona_name: "A", system_prompt: "B", pipeline_mode: MODE });
          try { run(); } catch (MODE) { send({ persona_name: "A", system_prompt: "B", pipeline_mode: MODE }); }
        }
        export function e() {
          return { persona_name: "E", system_prompt: "B", pipeline_mode: MODE };
        }
    """
    assert where(lint(text, name="p.ts"), "PS002") == [(15, 66, 15, 70)]  # only e sees the constant


def test_a_parameter_named_personaconfig_is_not_the_module_constant():
    text = """\
        const personaConfig = { name: "Cara", avatarId: "a", voiceId: "v", brainType: "ANAM_GPT_4O_MINI_V1" };
        export async function start(personaConfig: Config) {
          await fetch("https://api.anam.ai/v1/auth/session-token", {
            method: "POST",
            body: JSON.stringify({ personaConfig }),
          });
        }
    """
    found = documents(text)
    assert [d.kind for d in found] == ["anam-create", "anam-session"]
    assert isinstance(found[1].value["personaConfig"], Unknown)
    assert where(lint(text, name="app.ts"), "AN005")[0][:2] == (1, 68)  # once, in the constant


# positions through a spread


def test_keys_from_a_spread_constant_are_marked_where_they_are_written():
    text = """\
        const base = {
          persona_name: 'A',
          context: 'old',
          pipeline_mode: 'half',
        };
        const body = { ...base, system_prompt: 'x' };
        fetch('https://tavusapi.com/v2/personas', { method: 'POST', body: JSON.stringify(body) });
    """
    result = lint(text, name="app.js")
    assert kinds(text, "app.js") == ["tavus-create"]
    assert where(result, "TV111")[0][:2] == (3, 3)
    assert where(result, "PS002") == [(4, 18, 4, 24)]
    (document,) = documents(text, "app.js")
    assert document.span("/pipeline_mode", "key").line == 4


# alternatives at personaConfig


def test_each_branch_of_a_ternary_personaconfig_is_checked():
    text = """\
        export async function createSession(passthrough: boolean) {
          return fetch("https://api.anam.ai/v1/auth/session-token", {
            method: "POST",
            body: JSON.stringify({
              personaConfig: passthrough
                ? { name: "A", avatarId: "a", enableAudioPassthrough: true }
                : { name: "B", avatarId: "b", voiceId: "v", brainType: "ANAM_GPT_4O_MINI_V1" },
            }),
          });
        }
    """
    assert kinds(text) == ["anam-session"] * 3  # the body, each branch
    result = lint(text, name="app.ts")
    assert where(result, "AN305")[0][:2] == (6, 39)
    assert where(result, "AN005")[0][:2] == (7, 53)


def test_the_default_of_an_or_is_the_personaconfig_sent():
    text = """\
        export async function POST(req) {
          const { personaConfig } = await req.json();
          const DEFAULT = { name: "Judge", avatarId: "a", voiceId: "v", brainType: "ANAM_GPT_4O_MINI_V1" };
          const chosen = personaConfig || DEFAULT;
          const other = personaConfig ?? {};
          await fetch("https://api.anam.ai/v1/auth/session-token", {
            method: "POST",
            body: JSON.stringify({ personaConfig: chosen }),
          });
          await fetch("https://api.anam.ai/v1/auth/session-token", {
            method: "POST",
            body: JSON.stringify({ personaConfig: other }),
          });
        }
    """
    found = documents(text)
    assert [d.kind for d in found] == ["anam-session"] * 3  # DEFAULT (not anam-create), the two bodies
    assert found[0].value["name"] == "Judge"
    assert where(lint(text, name="route.ts"), "AN005")[0][:2] == (3, 65)  # once: no `{}` persona


# following calls and members within the file


def test_a_parameter_is_what_the_same_file_calls_pass():
    text = """\
        async function getSessionToken(personaConfig) {
          return fetch("/getSessionToken", { method: "POST", body: JSON.stringify({ personaConfig }) });
        }
        async function create(body) {
          return fetch("https://tavusapi.com/v2/personas", { method: "POST", body: JSON.stringify(body) });
        }
        button.addEventListener("click", async () => {
          const config = { name: "Interviewer", personaPreset: "leo_desk", brainType: "ANAM_GPT_4O_MINI_V1" };
          await getSessionToken(config);
          await getSessionToken(loadConfig());
          await create({ persona_name: "A", system_prompt: "B", pipeline_mode: "half" });
        });
    """
    assert kinds(text, "index.js") == ["anam-session", "tavus-create"]
    result = lint(text, name="index.js")
    assert where(result, "AN111")[0][:2] == (8, 18)  # the session wording, not AN110
    assert where(result, "PS002")[0][:2] == (11, 72)


def test_what_a_same_file_function_returns_is_followed():
    text = """\
        function buildPersonaConfig() {
          return { name: "Alex", avatarId: process.env.ANAM_AVATAR_ID, brainType: "ANAM_GPT_4O_MINI_V1" };
        }
        const pick = (flag) => {
          if (flag) return { name: "X", avatarId: "a", voiceId: "v", llmId: "l" };
          return { name: "Y", avatarId: "b", voiceId: "w", brainType: "ANAM_GPT_4O_MINI_V1" };
        };
        fetch("https://api.anam.ai/v1/auth/session-token", {
          method: "POST",
          body: JSON.stringify({ personaConfig: buildPersonaConfig() }),
        });
        createClient(token, { personaConfig: pick(true) });
    """
    found = documents(text)
    assert [d.kind for d in found] == ["anam-session"] * 3
    assert found[2].value["personaConfig"]["name"] == "Alex"  # inlined in its body
    result = lint(text, name="app.ts")
    assert [w[:2] for w in where(result, "AN005")] == [(2, 64), (6, 52)]
    assert where(result, "AN111")[0][:2] == (10, 26)


def test_members_of_a_same_file_object_are_followed():
    text = """\
        const personas = {
          JORDAN: { name: "JORDAN", avatarId: "a", brainType: "ANAM_LLAMA_v3_3_70B_V1" },
          TAYLOR: { name: "TAYLOR", avatarId: "b", voiceId: "v", brainType: "ANAM_GPT_4O_MINI_V1" },
        };
        fetch("https://api.anam.ai/v1/auth/session-token", {
          method: "POST",
          body: JSON.stringify({ personaConfig: personas.JORDAN }),
        });
        export function token(name: string) {
          return fetch("https://api.anam.ai/v1/auth/session-token", {
            method: "POST",
            body: JSON.stringify({ personaConfig: personas[name] }),
          });
        }
    """
    found = documents(text)
    assert [d.kind for d in found] == ["anam-session"] * 3  # TAYLOR, and the two bodies
    assert found[1].value["personaConfig"]["name"] == "JORDAN"
    result = lint(text, name="app.ts")
    assert [w[:2] for w in where(result, "AN005")] == [(2, 44), (3, 58)]
    assert where(result, "AN111")[0][:2] == (7, 26)


def test_following_is_bounded_and_never_cycles():
    text = """\
        function a(x) { return b(x); }
        function b(x) { return a(x); }
        const A = B.x;
        const B = { x: A, y: B.y, z: B["z"], w: c(B) };
        const c = (v) => c(v);
        export const p = { persona_name: a(1), system_prompt: A, pipeline_mode: B.y, layers: c(c) };
        a(p);
    """
    (document,) = documents(text)
    assert isinstance(document.value["persona_name"], Unknown)
    assert isinstance(document.value["pipeline_mode"], Unknown)


# syntax errors


def test_an_error_inside_a_property_is_no_value():
    text = """\
        export async function make() {
          const body = {
            persona_name: "A",
            system_prompt: "x",
            pipeline_mode: "half"
            layers: { llm: { model: "x" }
          };
          await fetch("https://tavusapi.com/v2/personas", { method: "POST", body: JSON.stringify(body) });
    """
    result = lint(text, name="make.ts")
    assert "PS002" not in rules_of(result)  # tree-sitter's "x" is no pipeline_mode
    assert where(result, "PF001")[0][:2] == (5, 20)
    unterminated = """\
        const body = {
          persona_name: 'A',
          system_prompt: "x',
          context: 'old',
        };
        fetch('https://tavusapi.com/v2/personas', { method: 'POST', body: JSON.stringify(body) });
    """
    (document,) = documents(unterminated, "create.js")
    assert isinstance(document.value["system_prompt"], Unknown)  # not 'old'
    assert document.open == frozenset({""})
    result = lint(unterminated, name="create.js")
    assert rules_of(result) == ["PF001"] and where(result, "PF001")[0][:2] == (3, 18)


def test_a_syntax_error_that_hides_the_persona_is_said():
    unclosed = """\
        await fetch("https://tavusapi.com/v2/personas", { method: "POST", body: JSON.stringify({
          persona_name: "A",
          system_prompt: "x",
          pipeline_mode: "half",
    """
    result = lint(unclosed, name="create.ts")
    assert where(result, "PF001") == [(1, 1, 1, 2)]
    assert result.findings[0].message.endswith("no persona object in this file is checked")
    no_commas = 'const body = {\n  persona_name: "A"\n  system_prompt: "x"\n  pipeline_mode: "half"\n}\n'
    result = lint(no_commas, name="persona.js")
    assert where(result, "PF001")[0][:2] == (2, 17)
    assert result.findings[0].message.startswith("JavaScript syntax error")


def test_a_syntax_error_without_a_persona_says_nothing():
    for text in ('const x = { a: 1 b: 2 };\nfetch("/api", { body: "x\n', 'const persona_name = "x" +;\n'):
        source = load("app.ts", text.encode())
        assert source.documents == [] and source.problems == []


def test_a_failure_of_the_reader_is_a_finding_not_a_traceback(monkeypatch):
    from personalint.source import javascript_follow

    def broken(self, node, depth=0):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(javascript_follow.Follower, "step", broken)
    text = 'const MODE = "half";\nexport const p = { persona_name: "A", system_prompt: "B", pipeline_mode: MODE };\n'
    source = load("p.ts", text.encode())
    assert source.documents == []
    assert [p.rule for p in source.problems] == ["PI001"]


def test_a_file_with_vendor_words_but_no_persona_evidence_is_never_parsed(monkeypatch) -> None:
    """source.code.worth_parsing: the byte prefilter lets `tavus` in a comment through; parsing it
    would cost 10-100x the read, so nothing is parsed without an endpoint or two keys of one vendor."""
    import tree_sitter

    parsed: list[str] = []
    original = tree_sitter.Parser.parse

    def spy(self, data, *args, **kwargs):  # type: ignore[no-untyped-def]
        parsed.append(data[:20])
        return original(self, data, *args, **kwargs)

    monkeypatch.setattr(tree_sitter.Parser, "parse", spy)
    for text in (
        "// our avatar vendor is Tavus; see docs/anam.md\nexport const x = 1;\n",
        "type Profile = { avatarId: string };\nexport function f(p: Profile) { return p; }\n",
    ):
        assert load("lib.ts", text.encode()).documents == []
    assert parsed == []
    load("lib.ts", b'export const P = { persona_name: "A", pipeline_mode: "full" };\n')
    assert len(parsed) == 1
