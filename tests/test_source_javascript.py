"""Persona objects in TypeScript, TSX and JavaScript (personalint/source/javascript*.py)."""

from __future__ import annotations

import time

from helpers import lint, rules_of, where

from personalint.source import load


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
    assert where(result, "PS002") == [(2, 20, 2, 31)]  # at the spread
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
