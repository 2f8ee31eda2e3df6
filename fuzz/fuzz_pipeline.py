"""Coverage-guided fuzzing of load + check + every reporter, with atheris (libFuzzer).

    pip install -e '.[fuzz]'
    python fuzz/seeds.py fuzz/corpus
    python fuzz/fuzz_pipeline.py fuzz/corpus -max_total_time=900 -timeout=10 -rss_limit_mb=2048

Each input is one file: its first byte picks the name it is checked as (JSON, YAML, no
extension) and whether a kind is forced (see tests/pipeline_invariants.decode_input), the
rest is the file's bytes. A crash is any exception escaping the pipeline or a reporter, or a
broken invariant (tests/pipeline_invariants.py); libFuzzer writes the input to crash-<hash>.
Reproduce one with `python fuzz/fuzz_pipeline.py crash-<hash>`; each becomes a regression test
in tests/test_robustness.py.
"""

from __future__ import annotations

import os
import pkgutil
import sys

import atheris

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))

with atheris.instrument_imports(include=["personalint"]):
    import personalint

    for module in pkgutil.walk_packages(personalint.__path__, "personalint."):
        if module.name not in ("personalint.__main__",):
            __import__(module.name)
    from pipeline_invariants import check_everything, decode_input


def test_one_input(data: bytes) -> None:
    name, body, kind = decode_input(data)
    check_everything(name, body, kind)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
