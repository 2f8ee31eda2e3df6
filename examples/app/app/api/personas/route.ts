// app/api/personas/route.ts: a Next.js route handler that creates a career-coach persona on
// Tavus (POST https://tavusapi.com/v2/personas) for the goal the user typed in. personalint
// finds the object because it is the body of that fetch, which also gives its kind
// (tavus-create), and checks it here, at the lines below. Two mistakes on purpose:
//   1. tts_engine "playht": older Tavus documents listed PlayHT; the current ones offer
//      cartesia and elevenlabs only (TV103).
//   2. the tool name "scheduleSession" is camelCase; Tavus asks for snake_case tool names
//      such as schedule_session (TV250).
// What the code computes at run time (the prompt built from the request, process.env values)
// counts as present but is never judged: no finding comes from it.
import { NextResponse } from "next/server";

const TAVUS_PERSONAS_URL = "https://tavusapi.com/v2/personas";

function buildPrompt(goal: string): string {
  return `You are Jordan, a career coach. The user wants to ${goal}. Ask one question at a time.`;
}

export async function POST(request: Request) {
  const { goal } = (await request.json()) as { goal: string };

  const persona = {
    persona_name: "Career Coach",
    system_prompt: buildPrompt(goal),
    pipeline_mode: "full",
    default_replica_id: process.env.TAVUS_REPLICA_ID ?? "r90bbd427f71",
    layers: {
      llm: {
        model: "tavus-gpt-oss",
        tools: [
          {
            type: "function",
            function: {
              name: "scheduleSession",
              description: "Book a follow-up coaching session in the user's calendar",
              parameters: {
                type: "object",
                properties: { date: { type: "string", description: "ISO 8601 date" } },
                required: ["date"],
              },
            },
          },
        ],
      },
      tts: {
        tts_engine: "playht",
        external_voice_id: process.env.TAVUS_VOICE_ID,
      },
    },
  };

  const response = await fetch(TAVUS_PERSONAS_URL, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "x-api-key": process.env.TAVUS_API_KEY ?? "",
    },
    body: JSON.stringify(persona),
  });
  if (!response.ok) {
    return NextResponse.json({ error: await response.text() }, { status: response.status });
  }
  const { persona_id } = (await response.json()) as { persona_id: string };
  return NextResponse.json({ personaId: persona_id });
}
