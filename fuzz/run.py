"""Run a fuzz campaign of a given length, going on after each crash, and sum it up.

    python fuzz/run.py --minutes 15 [--work fuzz/work]

libFuzzer stops at the first crash (and atheris does not support `-fork`), so this runs
`fuzz_pipeline.py` again and again until the time is spent: the corpus grows in
WORK/corpus (seeded by seeds.py), crashing inputs land in WORK/crashes/, each run's log in
WORK/logs/. At the end it prints the executions, the time and the crashes, and writes the
same as JSON to WORK/summary.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--minutes", type=float, default=15)
    parser.add_argument("--work", default=os.path.join(HERE, "work"))
    parser.add_argument("--timeout", type=int, default=10, help="seconds one input may take (a hang is a crash)")
    parser.add_argument("--rss-limit-mb", type=int, default=3072)
    parser.add_argument("--max-len", type=int, default=16384, help="longest input tried, in bytes")
    args = parser.parse_args()
    corpus, crashes, logs = (os.path.join(args.work, name) for name in ("corpus", "crashes", "logs"))
    for folder in (corpus, crashes, logs):
        os.makedirs(folder, exist_ok=True)
    subprocess.run([sys.executable, os.path.join(HERE, "seeds.py"), corpus], check=True)
    deadline = time.monotonic() + args.minutes * 60
    started = time.monotonic()
    executions, runs, found = 0, 0, []
    while (left := int(deadline - time.monotonic())) > 5:
        runs += 1
        log = os.path.join(logs, f"run-{runs:03d}.log")
        before = set(os.listdir(crashes))
        with open(log, "w") as handle:
            subprocess.run(
                [
                    sys.executable,
                    os.path.join(HERE, "fuzz_pipeline.py"),
                    corpus,
                    f"-max_total_time={left}",
                    f"-timeout={args.timeout}",
                    f"-rss_limit_mb={args.rss_limit_mb}",
                    f"-max_len={args.max_len}",
                    f"-artifact_prefix={crashes}{os.sep}",
                    "-print_final_stats=1",
                ],
                stdout=handle,
                stderr=subprocess.STDOUT,
                check=False,
            )
        text = open(log, errors="replace").read()
        done = re.findall(r"stat::number_of_executed_units: (\d+)", text)
        if done:
            executions += int(done[-1])
        else:  # a crash: libFuzzer prints no final stats, but the last status line has the count
            counts = re.findall(r"^#(\d+)\s", text, re.MULTILINE)
            executions += int(counts[-1]) if counts else 0
        new = sorted(set(os.listdir(crashes)) - before)
        for name in new:
            reason = re.findall(r"^(\w+(?:Error|Exception)[^\n]*)", text, re.MULTILINE)
            found.append({"file": name, "run": runs, "error": reason[0] if reason else "see " + log})
    summary = {
        "minutes": round((time.monotonic() - started) / 60, 1),
        "runs": runs,
        "executions": executions,
        "crashes": found,
    }
    with open(os.path.join(args.work, "summary.json"), "w") as handle:
        json.dump(summary, handle, indent=2)
    print(json.dumps(summary, indent=2))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
