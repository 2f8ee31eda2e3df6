"""Latency of `personalint server`: a change to a 20 KB persona file until its diagnostics arrive.

Starts the server as an editor does (`python -m personalint server`, LSP over stdio), opens a
generated Tavus persona of about 20 KB (YAML, or JSON with --format json), then sends changes one
at a time, each a full-text `didChange` that edits one value (alternating a valid and an invalid
pipeline_mode, so the diagnostics change every time), and times each until the
`publishDiagnostics` of that version arrives. Prints the median and the 95th percentile.
The server's debounce (10 ms by default, `--debounce MS`) is part of what is measured.

    python bench/lsp.py [--changes 200] [--format yaml|json] [--debounce MS]

Standard library only: a minimal JSON-RPC client over the server's pipes.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import statistics
import subprocess
import sys
import threading
import time
from typing import Any

TARGET_SIZE = 20 * 1024


def persona(size: int, fmt: str, mode: str) -> str:
    """A Tavus create body of at least `size` characters in `fmt`: a prompt and tools, as a real one has."""
    tools: list[dict[str, Any]] = []
    while len(text := _serialized(tools, fmt, mode)) < size:
        n = len(tools)
        tools.append(
            {
                "type": "function",
                "function": {
                    "name": f"lookup_record_{n}",
                    "description": f"Look up record {n} in the customer database and return its status.",
                    "parameters": {
                        "type": "object",
                        "properties": {"record_id": {"type": "string", "description": "The record's id."}},
                        "required": ["record_id"],
                    },
                },
            }
        )
    return text


def _serialized(tools: list[dict[str, Any]], fmt: str, mode: str) -> str:
    body = {
        "persona_name": "Support Agent",
        "system_prompt": "You are a patient support agent. " * 20,
        "pipeline_mode": mode,
        "layers": {"llm": {"model": "tavus-gpt-oss", "tools": tools}, "tts": {"tts_engine": "cartesia"}},
    }
    if fmt == "json":
        return json.dumps(body, indent=2) + "\n"
    import yaml

    return yaml.safe_dump(body, sort_keys=False, width=1000)


class Client:
    """A JSON-RPC client over a server process's stdin and stdout."""

    def __init__(self, command: list[str]) -> None:
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=sys.stderr)
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            self.messages.put(json.loads(stream.read(length)))

    def send(self, method: str, params: Any, request: bool = False) -> int | None:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "params": params}
        ident = None
        if request:
            self.next_id += 1
            ident = message["id"] = self.next_id
        data = json.dumps(message).encode("utf-8")
        stdin = self.process.stdin
        assert stdin is not None
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        stdin.flush()
        return ident

    def wait(self, match: Any, timeout: float = 30.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            message = self.messages.get(timeout=max(0.001, deadline - time.monotonic()))
            if message.get("method") in ("workspace/configuration", "client/registerCapability") and "id" in message:
                self.reply(message["id"], None)
            if match(message):
                return message

    def reply(self, ident: int, result: Any) -> None:
        data = json.dumps({"jsonrpc": "2.0", "id": ident, "result": result}).encode("utf-8")
        stdin = self.process.stdin
        assert stdin is not None
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        stdin.flush()


def diagnostics_of(uri: str, version: int) -> Any:
    def match(message: dict[str, Any]) -> bool:
        params = message.get("params") or {}
        return bool(
            message.get("method") == "textDocument/publishDiagnostics"
            and params.get("uri") == uri
            and params.get("version") == version
        )

    return match


def measure(changes: int, fmt: str, debounce: float) -> list[float]:
    command = [sys.executable, "-m", "personalint", "server", "--debounce", str(debounce)]
    client = Client(command)
    try:
        ident = client.send("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": {}}, True)
        client.wait(lambda m: m.get("id") == ident)
        client.send("initialized", {})
        uri = "untitled:bench-persona." + fmt
        texts = [persona(TARGET_SIZE, fmt, "full"), persona(TARGET_SIZE, fmt, "half")]
        item = {"uri": uri, "languageId": fmt, "version": 1, "text": texts[0]}
        client.send("textDocument/didOpen", {"textDocument": item})
        client.wait(diagnostics_of(uri, 1))
        timings = []
        for version in range(2, changes + 2):
            started = time.perf_counter()
            client.send(
                "textDocument/didChange",
                {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": texts[version % 2]}]},
            )
            message = client.wait(diagnostics_of(uri, version))
            timings.append(time.perf_counter() - started)
            assert bool(message["params"]["diagnostics"]) == (version % 2 == 1), "the diagnostics did not change"
        ident = client.send("shutdown", None, True)
        client.wait(lambda m: m.get("id") == ident)
        client.send("exit", None)
        client.process.wait(timeout=10)
        return timings
    finally:
        if client.process.poll() is None:
            client.process.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--format", choices=("yaml", "json"), default="yaml")
    parser.add_argument("--debounce", type=float, default=10.0, help="the server's debounce in ms (default 10)")
    options = parser.parse_args()
    size = len(persona(TARGET_SIZE, options.format, "full").encode("utf-8"))
    timings = sorted(measure(options.changes, options.format, options.debounce))
    median = statistics.median(timings) * 1000
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)] * 1000
    print(
        f"{options.format} persona of {size:,} bytes, {len(timings)} changes, debounce {options.debounce:g} ms: "
        f"didChange -> publishDiagnostics median {median:.1f} ms, p95 {p95:.1f} ms, max {timings[-1] * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
