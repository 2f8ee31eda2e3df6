"""What `--fix` does to real configs: findings before, fixed by safe fixes, by unsafe ones, left.

    python bench/fixes.py            # the table for each set, and the totals
    python bench/fixes.py --files    # also one line per file that has a fix

Sets: examples/ (the shipped examples), tests/fixtures/wild/ (the wild corpus as its authors
wrote it: code, Markdown, shell), ../shared/corpus/wild/*.json (its JSON copies, when present).
Nothing is written: each file's text is fixed in memory (personalint/fix/apply.fix_text), once
with the safe fixes, once with the unsafe ones too. `failed` counts fixes left out because the
file they made did not check (each one is a bug); it must be 0.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from personalint import files
from personalint.config import Settings
from personalint.fix.apply import fix_text
from personalint.pipeline import check_bytes


def sets() -> dict[str, list[Path]]:
    found = {
        "examples": sorted(Path(p) for p in files.walk(str(REPO / "examples"))),
        "wild in place": sorted(
            p for p in (REPO / "tests" / "fixtures" / "wild").glob("*") if p.is_file() and p.suffix != ".yaml"
        ),
    }
    shared = REPO.parent / "shared" / "corpus" / "wild"
    if shared.is_dir():
        found["wild JSON copies"] = sorted(shared.glob("*.json"))
    return found


def measure(paths: list[Path], show: bool) -> Counter:
    settings = Settings.default()
    totals: Counter = Counter()
    for path in paths:
        shown = str(path.relative_to(REPO.parent if "shared" in path.parts else REPO))
        data = path.read_bytes()
        before = check_bytes(shown, data, settings)
        if before.skipped:
            continue
        text = data.decode("utf-8")
        safe = fix_text(shown, text, settings)
        both = fix_text(shown, text, settings, unsafe=True)
        totals["files"] += 1
        totals["findings"] += len(before.findings)
        totals["fixable"] += sum(1 for f in before.findings if f.fix)
        totals["safe"] += safe.count
        totals["unsafe"] += both.count - safe.count
        totals["left"] += len(both.result.findings) if both.result else 0
        totals["failed"] += len(safe.failed) + len(both.failed)
        totals["files fixed"] += both.count > 0
        if show and both.count:
            rules = ", ".join(f"{rule}×{n}" if n > 1 else rule for rule, n in sorted(both.fixed.items()))
            print(
                f"  {shown}: {both.count} fixed ({rules}){' FAILED: ' + str(len(both.failed)) if both.failed else ''}"
            )
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", action="store_true", help="one line per file that has a fix")
    args = parser.parse_args()
    columns = ("files", "findings", "fixable", "safe", "unsafe", "left", "failed", "files fixed")
    print("| set | " + " | ".join(columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    for name, paths in sets().items():
        totals = measure(paths, args.files)
        print(f"| {name} | " + " | ".join(str(totals[c]) for c in columns) + " |")


if __name__ == "__main__":
    main()
