// components/AnamSession.tsx: a React component that starts an Anam session with an inline
// persona. It asks Anam for a session token (POST https://api.anam.ai/v1/auth/session-token)
// with the persona in `personaConfig`, which personalint reads as an anam-session body at the
// lines below. Two mistakes on purpose:
//   1. avatarModel "cara-2": an avatar model older Anam documents listed and the current API
//      does not (AN003).
//   2. languageCode "en-US": Anam takes ISO 639-1 codes such as "en" (AN211).
// (Calling the session-token endpoint from the browser exposes the API key: a prototype would
// move fetchSessionToken into a route handler before shipping. personalint does not judge that.)
"use client";

import { createClient } from "@anam-ai/js-sdk";
import { useEffect, useState } from "react";

async function fetchSessionToken(userName: string): Promise<string> {
  const response = await fetch("https://api.anam.ai/v1/auth/session-token", {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Authorization: `Bearer ${process.env.NEXT_PUBLIC_ANAM_API_KEY}`,
    },
    body: JSON.stringify({
      personaConfig: {
        name: "Ava",
        avatarId: "30fa96d0-26c4-4e55-94a0-517025942e18",
        avatarModel: "cara-2",
        voiceId: "6bfbe25a-979d-40f3-a92b-5394170af54b",
        llmId: "0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a",
        systemPrompt: `You are Ava, a friendly onboarding guide. Greet ${userName} by name.`,
        languageCode: "en-US",
      },
    }),
  });
  const { sessionToken } = (await response.json()) as { sessionToken: string };
  return sessionToken;
}

export default function AnamSession({ userName }: { userName: string }) {
  const [status, setStatus] = useState("connecting");

  useEffect(() => {
    let stop: (() => void) | undefined;
    fetchSessionToken(userName)
      .then(async (token) => {
        const client = createClient(token);
        await client.streamToVideoElement("anam-video");
        stop = () => client.stopStreaming();
        setStatus("live");
      })
      .catch(() => setStatus("failed"));
    return () => stop?.();
  }, [userName]);

  return (
    <div>
      <video id="anam-video" autoPlay playsInline />
      <p>{status}</p>
    </div>
  );
}
