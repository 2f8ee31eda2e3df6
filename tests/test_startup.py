"""What checking one clean JSON file loads (issue 14: the single-file path stays lean).

Run in a fresh interpreter, as `personalint check` is, with the rule packs pre-parsed as a built
wheel ships them. bench/README.md ("Start-up") has what each of these would cost.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import REPO

_PROBE = textwrap.dedent(
    """
    import dataclasses, inspect, json, sys
    packs, path = sys.argv[1], sys.argv[2]
    import personalint.resources as resources
    shipped = resources.data_dir
    resources.data_dir = lambda name: packs if name == "rules" else shipped(name)
    from personalint.cli import main
    sys.argv = ["personalint", "check", "--no-cache", path]
    try:
        main()
    except SystemExit as exc:
        code = exc.code
    heavy = ("yaml", "jsonschema", "referencing", "tree_sitter", "markdown_it", "pydantic", "pygls",
             "lsprotocol", "multiprocessing", "tempfile", "difflib", "traceback", "pkgutil")
    records = sorted(
        f"{name}.{cls.__name__}"
        for name, module in list(sys.modules.items())
        if name.startswith("personalint")
        for cls in vars(module).values()
        if inspect.isclass(cls) and cls.__module__ == name and dataclasses.is_dataclass(cls)
    )
    packs = sorted(name.rpartition(".")[2] for name in sys.modules if name.startswith("personalint.engine.packs."))
    print(json.dumps({"code": code, "heavy": sorted(m for m in heavy if m in sys.modules), "dataclasses": records,
                      "packs": packs}), file=sys.stderr)
    """
)


# the Python behind the packs whose rules judge the file's kind, and no other vendor's
_PACKS = {
    "tavus/life-coach.json": ["file", "inventory", "secrets", "tavus", "tavus_layers"],
    "anam/sales-coach.create.json": ["anam_conversation", "anam_ids", "file", "inventory", "secrets"],
}


@pytest.mark.parametrize("example", sorted(_PACKS))
def test_a_clean_json_file_is_checked_without_the_heavy_imports(tmp_path: Path, example: str) -> None:
    from personalint.engine.registry import load_pack, pack_paths

    (tmp_path / "packs.json").write_text(json.dumps([load_pack(p) for p in pack_paths()]), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, str(tmp_path), str(REPO / "examples" / example)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PERSONALINT_NO_CACHE": "1", "PATH": "/usr/bin:/bin"},
    )
    probe = json.loads(proc.stderr.strip().splitlines()[-1])
    assert probe["code"] == 0, proc.stdout
    # the other readers, the detailed schema pass (only for a failing document), the language
    # server, worker processes (only for 300 files and more), the cache's writer, --diff, --debug,
    # and pkgutil (engine/packs lists its modules)
    assert probe["heavy"] == []
    # a dataclass compiles its methods at every import: the records on this path are Records and NamedTuples
    assert probe["dataclasses"] == []
    # a pack's module is imported when a rule of its pack is first planned (engine/packs.load)
    assert probe["packs"] == _PACKS[example]
