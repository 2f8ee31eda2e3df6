"""Build the fuzz seed corpus: every example config, test fixture and rule-pack example.

    python fuzz/seeds.py fuzz/corpus

Each seed is one input of `fuzz_pipeline.py`: a first byte that picks the file name the
target checks it as (see `tests/pipeline_invariants.decode_input`), then the file's bytes. Seeds are written
under a name made of their content hash, so running it twice adds nothing.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))  # the target's input format is the test invariants' (decode_input)

from pipeline_invariants import NAMES


def _name_byte(path: str) -> int:
    """The first byte that makes the target check a seed under a name with the seed's extension."""
    by_extension = {ext: index for index, name in enumerate(NAMES) if (ext := os.path.splitext(name)[1])}
    return by_extension.get(os.path.splitext(path)[1].lower(), by_extension[".yaml"])


def seeds() -> list[tuple[int, bytes]]:
    found: list[tuple[int, bytes]] = []
    for folder in ("examples", "tests/fixtures", "rules"):
        for here, _dirs, files in os.walk(REPO / folder):
            for name in sorted(files):
                if name.lower().endswith((".json", ".yaml", ".yml")) and not name.endswith("pack.schema.json"):
                    path = os.path.join(here, name)
                    data = Path(path).read_bytes()
                    if len(data) <= 64 * 1024:
                        found.append((_name_byte(path), data))
    from personalint.engine.registry import registry  # the bad and good example of every rule

    for rule in registry().rules:
        for example in rule.examples:
            byte = 0 if example.get("format") == "json" else 1
            for which in ("bad", "good"):
                if which in example:
                    found.append((byte, example[which].replace("{long}", "x" * 2001).encode()))
    # a few inputs for the loader's own edge cases
    found += [
        (1, b"a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"),
        (1, b"persona_name: x\n---\npersona_name: [\n---\npipeline_mode: half\n"),
        (1, b"base: &b {model: x}\nlayers:\n  llm:\n    <<: *b\n    model: y\n"),
        (0, b'{"persona_name": "x", "layers": {"llm": {"extra_body": [[[[[[1]]]]]]}}}'),
        (1, "persona_name: caf\u00e9\r\nsystem_prompt: |\r\n  x\r\n".encode("utf-16")),
        (1, b"\xef\xbb\xbfpersona_name: x\rpipeline_mode: half\r"),
    ]
    return found


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    out = Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for byte, data in seeds():
        blob = bytes([byte]) + data
        target = out / hashlib.sha1(blob).hexdigest()
        if not target.exists():
            target.write_bytes(blob)
            written += 1
    print(f"{written} new seeds in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
