"""The wild corpus read in place: how many of the mistakes SOURCES.md notices are found where the
authors wrote them, at the right line, against how many the JSON copies give.

    python bench/wild.py                 # the table and the totals
    python bench/wild.py --json out.json # the same, as data
    python bench/wild.py --extra         # also list findings in place that no JSON copy has

Inputs:
- ../shared/corpus/wild/*.json: the 52 configs as JSON copies (values evaluated from the code);
- tests/fixtures/wild/: the same configs rebuilt as their authors wrote them (TypeScript, JavaScript,
  Python, Markdown, HTML, shell; env lookups and computed values kept as code);
- tests/fixtures/wild/expected/<config>.yaml: each mistake SOURCES.md notices, with the findings
  that report it (rule and JSON Pointer, from ../shared/review/wild-audit.md) and the line each one
  belongs at in the rebuilt fixture; `in_place:` when the right finding in place is another one
  (the JSON copy was checked as the wrong kind: a session body's missing avatarId is AN111, not
  AN110); `inplace:` (a reason) when the way the author wrote it hides the mistake.

A mistake counts as found when every one of its findings is there: in the JSON copy by rule and
pointer; in place by rule, pointer and line (the line of the fixture's file). Pointers are compared
relative to the persona fields (a session-token body's `/personaConfig` prefix dropped: the JSON
copies of anam-session configs are the personaConfig object itself). A rebuilt fixture must
also be checked as the kind its request says (`kind`).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "wild"
sys.path.insert(0, str(REPO))

from personalint.config import Settings
from personalint.pipeline import check_bytes
from personalint.result import FileResult


@dataclass
class Config:
    name: str
    source: str
    kind: str
    mistakes: list[dict]
    copy: FileResult | None = None
    rebuilt: FileResult | None = None
    kinds: list[str | None] = field(default_factory=list)


def load(shared: Path) -> list[Config]:
    configs = []
    for path in sorted((FIXTURES / "expected").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        config = Config(path.stem, data["source"], data["kind"], data["mistakes"] or [])
        copy = shared / "corpus" / "wild" / f"{path.stem}.json"
        if copy.is_file():
            config.copy = check_bytes(str(copy), copy.read_bytes(), Settings.default())
        rebuilt = FIXTURES / config.source
        config.rebuilt = check_bytes(str(rebuilt), rebuilt.read_bytes(), Settings.default())
        config.kinds = [d.kind for d in config.rebuilt.documents]
        configs.append(config)
    return configs


def found_in_copy(result: FileResult | None, wanted: list[dict]) -> bool:
    if result is None or not wanted:
        return False
    have = {(f.rule, f.pointer) for f in result.findings}
    return all((w["rule"], w["pointer"]) in have for w in wanted)


def _persona_pointer(pointer: str) -> str:
    """A pointer relative to the persona fields: a session-token body found in code is a document
    whose persona is its `personaConfig`, while the JSON copies are that object itself."""
    if pointer == "/personaConfig" or pointer.startswith("/personaConfig/"):
        return pointer[len("/personaConfig") :]
    return pointer


def found_in_place(result: FileResult | None, wanted: list[dict]) -> bool:
    if result is None or not wanted:
        return False
    have = {(f.rule, _persona_pointer(f.pointer), f.span.line) for f in result.findings}
    return all((w["rule"], _persona_pointer(w["pointer"]), w["line"]) in have for w in wanted)


def extra(config: Config) -> list[str]:
    """Findings in place that the JSON copy does not have (by rule and pointer)."""
    if config.rebuilt is None:
        return []
    copy = {(f.rule, _persona_pointer(f.pointer)) for f in config.copy.findings} if config.copy else set()
    return [
        f"{config.source}:{f.span.line}:{f.span.column} {f.rule} {f.pointer or '(root)'} {f.message[:90]}"
        for f in config.rebuilt.findings
        if (f.rule, _persona_pointer(f.pointer)) not in copy
    ]


def summarise(configs: list[Config]) -> dict:
    rows = []
    for config in configs:
        for mistake in config.mistakes:
            wanted = mistake.get("findings") or []
            rows.append(
                {
                    "config": config.name,
                    "source": config.source,
                    "noticed": mistake["noticed"],
                    "status": mistake["status"],
                    "copy": found_in_copy(config.copy, wanted),
                    "in_place": found_in_place(config.rebuilt, mistake.get("in_place") or wanted),
                    "why_missed": mistake.get("inplace"),
                }
            )
    kinds_right = sum(1 for c in configs if c.kinds and set(c.kinds) == {c.kind})
    defects = [r for r in rows if r["status"] != "MN"]
    return {
        "configs": len(configs),
        "kinds_right": kinds_right,
        "mistakes": len(rows),
        "defects": len(defects),
        "copy": sum(r["copy"] for r in rows),
        "in_place": sum(r["in_place"] for r in rows),
        "copy_defects": sum(r["copy"] for r in defects),
        "in_place_defects": sum(r["in_place"] for r in defects),
        "rows": rows,
        "extra": [line for c in configs for line in extra(c)],
        "wrong_kinds": [
            f"{c.source}: checked as {c.kinds}, sent as {c.kind}"
            for c in configs
            if not c.kinds or set(c.kinds) != {c.kind}
        ],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--json", type=Path, help="write the numbers and rows to this file")
    parser.add_argument("--extra", action="store_true", help="list findings in place that no JSON copy has")
    args = parser.parse_args()
    summary = summarise(load(args.shared))
    for row in summary["rows"]:
        copy, place = "R" if row["copy"] else "-", "R" if row["in_place"] else "-"
        why = f"  ({row['why_missed']})" if row["why_missed"] and not row["in_place"] else ""
        print(f"{row['config'][:9]}  copy {copy}  in place {place}  [{row['status']}] {row['noticed'][:70]}{why}")
    print()
    print(
        f"{summary['configs']} configs; checked in place as the kind their request says: {summary['kinds_right']}"
        f"\nmistakes noticed in SOURCES.md: {summary['mistakes']} ({summary['defects']} defects per the documents)"
        f"\nfound in the JSON copies: {summary['copy']} ({summary['copy_defects']} of the defects)"
        f"\nfound in place, at the right line: {summary['in_place']} ({summary['in_place_defects']} of the defects)"
    )
    for line in summary["wrong_kinds"]:
        print("kind:", line)
    if args.extra:
        print(f"\nfindings in place that the JSON copies do not have: {len(summary['extra'])}")
        for line in summary["extra"]:
            print("  " + line)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
