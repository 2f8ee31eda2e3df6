"""Create the support persona on Tavus, once: `TAVUS_API_KEY=... python scripts/create_persona.py`.

The persona is the `json=` body of requests.post to https://tavusapi.com/v2/personas, so
personalint reads it as a tavus-create body, at the lines below. Two mistakes on purpose:
  1. layers.llm.base_url ends with /chat/completions: Tavus appends that route to the base
     URL itself, so every call would go to .../chat/completions/chat/completions (TV235).
  2. context: a field only older Tavus documents have; the current API has no such field,
     so its text never reaches the LLM (TV111). It belongs in system_prompt.
The environment lookups (os.environ, os.getenv with or without a fallback) are values known
only at run time: present, never judged. Before sending, the script also checks the body it
built with personalint's run-time API, where every value is known (personalint.check_config).
"""

import os

import requests

import personalint

TAVUS_URL = "https://tavusapi.com/v2/personas"


def create_persona() -> str:
    persona = {
        "persona_name": "Support Agent",
        "system_prompt": "You are a calm, precise support agent for Acme's smart thermostats.",
        "context": "Customers call about pairing, schedules and firmware updates.",
        "default_replica_id": os.getenv("TAVUS_REPLICA_ID", "r90bbd427f71"),
        "layers": {
            "llm": {
                "model": "llama-3.3-70b-versatile",
                "base_url": "https://api.groq.com/openai/v1/chat/completions",
                "api_key": os.getenv("GROQ_API_KEY"),
            },
            "perception": {"perception_model": "raven-1"},
        },
    }
    problems = personalint.check_config(persona, "tavus-create")
    if any(p.level >= personalint.Level.ERROR for p in problems):
        raise SystemExit("\n".join(f"{p.rule} {p.pointer}: {p.message}" for p in problems))
    response = requests.post(
        TAVUS_URL,
        headers={"x-api-key": os.environ["TAVUS_API_KEY"]},
        json=persona,
        timeout=30,
    )
    response.raise_for_status()
    return response.json()["persona_id"]


if __name__ == "__main__":
    print(create_persona())
