"""The result cache, as ruff's: a file whose bytes and settings did not change is not checked again.

One JSON file per personalint build under the cache folder (`.personalint_cache/` beside the
configuration, or in the working directory; `cache-dir` or `$PERSONALINT_CACHE_DIR` to move
it, `--no-cache` or `$PERSONALINT_NO_CACHE` to do without, `personalint clean` to remove it).
An entry is keyed by the file's path as given, whether a walk found it, and a digest of the
file's effective settings (rules, levels, kind, fix settings, the inventory's contents); it
holds a digest of the file's bytes and the file's whole result (findings, fixes, snippets).
A hit therefore gives exactly what a fresh check gives, and does not even parse the file; a
file whose size, modification time and inode are unchanged is not even read (ruff's rule),
any other is read and its digest compared.

The build is personalint's version with a digest of its rule packs, schemas and code, so a
changed rule or check never serves an old result. The file is JSON (never pickle: a cache
folder committed to a repository must not run code), written atomically at the end of a run,
merged with what another run wrote meanwhile, bounded (`MAX_ENTRIES`), and ignored when it
cannot be read. Only results are stored, and they are already redacted: no secret is written.
"""

from __future__ import annotations

import json
import os
from typing import Any

try:  # what hashlib.blake2b is, without hashlib's loading of OpenSSL (about 4 ms of every cached run)
    from _blake2 import blake2b
except ImportError:  # a Python built without it
    from hashlib import blake2b

from personalint.finding import Edit, Finding, Fix, Level, Related, Span
from personalint.result import DocumentInfo, FileResult
from personalint.version import __version__

FOLDER = ".personalint_cache"
MAX_ENTRIES = 50_000  # about 10 MB; the entries not used for the longest time go first
_FORMAT = 2  # 2: results as positional lists (encode)


def digest(data: bytes) -> str:
    return blake2b(data, digest_size=16).hexdigest()


def build() -> str:
    """personalint's version and a digest of what decides results: rule packs, schemas, code.

    An installed wheel has its rule packs pre-parsed (rules/packs.json); pip writes that file anew
    with every other whenever it installs one, so its stat stands for them all and a cached run
    does not stat the ~150 files of the package. A source checkout has none: each file is stat'ed.
    """
    root = os.path.dirname(os.path.abspath(__file__))
    from personalint.resources import data_dir

    parts = [__version__, str(_FORMAT)]
    packed = os.path.join(data_dir("rules"), "packs.json")
    if os.path.isfile(packed):
        status = os.stat(packed)
        parts.append(f"packs.json:{status.st_size}:{status.st_mtime_ns}:{status.st_ino}")
        return digest("\n".join(parts).encode())[:16]
    for folder in (root, data_dir("rules"), data_dir("schemas")):
        for base, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(names):
                if name.endswith((".py", ".yaml", ".json")):
                    status = os.stat(os.path.join(base, name))
                    parts.append(
                        f"{os.path.relpath(os.path.join(base, name), folder)}:{status.st_size}:{status.st_mtime_ns}"
                    )
    return digest("\n".join(parts).encode())[:16]


def settings_key(settings: Any, inventory: str) -> str:
    """A digest of the settings one file is checked with (after its per-file ignores and kind)."""
    parts = {
        "enabled": sorted(settings.enabled),
        "severity": sorted((rule, int(level)) for rule, level in settings.severity.items()),
        "kind": settings.kind,
        "path_kind": settings.path_kind,
        "max": settings.max_file_size,
        "fixable": sorted(settings.fixable) if settings.fixable is not None else None,
        "applicability": sorted(settings.applicability.items()),
        "inventory": inventory,
    }
    return digest(json.dumps(parts, sort_keys=True).encode())


def inventory_key(path: str | None) -> str:
    """A digest of an inventory's files (their names, sizes and contents), "" without one."""
    if not path:
        return ""
    files = [path] if os.path.isfile(path) else sorted(os.path.join(b, n) for b, _, ns in os.walk(path) for n in ns)
    hasher = blake2b(digest_size=16)
    for name in files:
        try:
            with open(name, "rb") as handle:
                hasher.update(name.encode() + b"\0" + handle.read() + b"\0")
        except OSError:
            hasher.update(name.encode() + b"\0unreadable\0")
    return hasher.hexdigest()


def folder_for(config: str | None, configured: str | None = None) -> str:
    """Where the cache lives: `cache-dir`, $PERSONALINT_CACHE_DIR, else beside the configuration
    file `config` (or in the working directory, without one)."""
    if configured:
        return configured
    if os.environ.get("PERSONALINT_CACHE_DIR"):
        return os.environ["PERSONALINT_CACHE_DIR"]
    return os.path.join(os.path.dirname(os.path.abspath(config)) if config else os.getcwd(), FOLDER)


class Cache:
    """The entries of one build, loaded at the start of a run and saved at its end."""

    def __init__(self, folder: str, settings: Any) -> None:
        self.folder = folder
        self.path = os.path.join(folder, f"{build()}.json")
        self.inventory = inventory_key(getattr(settings.project, "inventory", None) if settings.project else None)
        self.entries: dict[str, list] = self._load()
        self.used: dict[str, list] = {}
        self.hits = 0
        self.changed = False  # an entry was added: the file is written at the end of the run
        self._keys: dict[int, str] = {}

    def _load(self) -> dict[str, list]:
        try:
            with open(self.path, encoding="utf-8") as handle:
                data = json.load(handle)
            if data.get("format") != _FORMAT or data.get("version") != __version__:
                return {}
            entries = data["entries"]
            return entries if isinstance(entries, dict) else {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return {}  # missing, unreadable, half-written by a crashed run, or another build's

    def key(self, path: str, walked: bool, settings: Any) -> str:
        settings_digest = self._keys.get(id(settings))
        if settings_digest is None:
            settings_digest = self._keys[id(settings)] = settings_key(settings, self.inventory)
        return f"{path}\0{int(walked)}\0{settings_digest}"

    def unchanged(self, key: str, stamp: str) -> FileResult | None:
        """The result of a file whose size, modification time and inode are those of its entry:
        as ruff does, such a file is not even read."""
        entry = self.entries.get(key)
        if not entry or len(entry) < 3 or entry[2] != stamp:
            return None
        return self._hit(key, entry)

    def get(self, key: str, data_digest: str, stamp: str = "") -> FileResult | None:
        """The result of a file whose bytes are those of its entry (its stamp is brought up to date)."""
        entry = self.entries.get(key)
        if not entry or entry[0] != data_digest:
            return None
        if stamp and (len(entry) < 3 or entry[2] != stamp):
            entry = [entry[0], entry[1], stamp]
            self.changed = True
        return self._hit(key, entry)

    def _hit(self, key: str, entry: list) -> FileResult | None:
        try:
            result = decode(entry[1])
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            return None
        self.used[key] = entry
        self.hits += 1
        return result

    def put(self, key: str, data_digest: str, result: FileResult, stamp: str = "") -> None:
        self.used[key] = [data_digest, encode(result), stamp]
        self.changed = True

    def save(self) -> None:
        """Merge this run's entries over the file's (another run may have written it), bounded, atomically."""
        if not self.changed:
            return  # every file was a hit: the file on disk already says all this run knows
        merged = {k: v for k, v in self._load().items() if k not in self.used}
        merged.update(self.used)  # this run's last: the first to go are those no run used for longest
        if len(merged) > MAX_ENTRIES:
            merged = dict(list(merged.items())[-MAX_ENTRIES:])
        try:
            import tempfile  # only a run that learnt something writes

            os.makedirs(self.folder, exist_ok=True)
            _mark(self.folder)
            handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=self.folder)
            text = json.dumps({"format": _FORMAT, "version": __version__, "entries": merged}, separators=(",", ":"))
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temporary, self.path)
            _prune(self.folder, keep=self.path)
        except OSError:
            pass  # a cache that cannot be written is no cache: the run's results stand


def _mark(folder: str) -> None:
    """What ruff writes in its cache folder: git ignores it, backup tools skip it."""
    for name, text in ((".gitignore", "# Automatically created by personalint.\n*\n"), ("CACHEDIR.TAG", _TAG)):
        target = os.path.join(folder, name)
        if not os.path.exists(target):
            with open(target, "w", encoding="utf-8") as handle:
                handle.write(text)


_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by personalint.\n"


def _prune(folder: str, keep: str) -> None:
    """Other builds' files: only the newest few stay (switching between two versions keeps both)."""
    others = sorted(
        (os.path.join(folder, n) for n in os.listdir(folder) if n.endswith(".json")),
        key=lambda p: os.stat(p).st_mtime,
        reverse=True,
    )
    for old in [p for p in others if p != keep][3:]:
        try:
            os.unlink(old)
        except OSError:
            pass


def clean(folder: str) -> bool:
    """Remove a cache folder (only one personalint made: it has the tag); whether there was one."""
    import shutil

    if not os.path.isfile(os.path.join(folder, "CACHEDIR.TAG")):
        return False
    shutil.rmtree(folder, ignore_errors=True)
    return True


# --- FileResult as JSON --------------------------------------------------------------------------


def _span(span: Span | None) -> list | None:
    return None if span is None else [span.line, span.column, span.end_line, span.end_column]


def _unspan(data: list | None) -> Span | None:
    return None if data is None else Span(*data)


def _finding(f: Finding) -> dict:
    out: dict = {"r": f.rule, "l": int(f.level), "m": f.message, "p": f.path, "d": f.document, "o": f.pointer}
    out["s"] = _span(f.span)
    if f.related:
        out["rel"] = [[r.pointer, _span(r.span), r.message, r.note] for r in f.related]
    if f.fix is not None:
        out["fix"] = [
            f.fix.applicability,
            f.fix.message,
            [[e.start, e.end, e.content, _span(e.span)] for e in f.fix.edits],
            list(f.fix.change) if f.fix.change is not None else None,
        ]
    return out


def _unfinding(d: dict) -> Finding:
    fix = None
    if "fix" in d:
        applicability, message, edits, change = d["fix"]
        fix = Fix(
            applicability,
            message,
            tuple(Edit(s, e, c, Span(*sp)) for s, e, c, sp in edits),
            tuple(change) if change is not None else None,
        )
    related = tuple(Related(p, Span(*s), m, n) for p, s, m, n in d.get("rel", ()))
    span = _unspan(d["s"])
    assert span is not None
    return Finding(d["r"], Level(d["l"]), d["m"], d["p"], d["d"], d["o"], span, related, fix)


def encode(result: FileResult) -> list:
    """A result as a JSON list, positional: a cached run loads and decodes 2,000 of them in a few
    milliseconds (a list parses faster than an object, and empty parts are not rebuilt)."""
    return [
        result.path,
        [[d.index, d.kind, _span(d.span), d.kind_source, d.kind_reason] for d in result.documents],
        [_finding(f) for f in result.findings],
        result.error,
        {str(k): v for k, v in result.lines.items()},
        {str(k): [list(m) for m in v] for k, v in result.masked.items()},
        [_finding(f) for f in result.suppressed],
        result.inventory_skipped,
        result.skipped,
    ]


def decode(data: list) -> FileResult:
    path, documents, findings, error, lines, masked, suppressed, inventory_skipped, skipped = data
    return FileResult(
        path,
        [DocumentInfo(i, kind, _unspan(span), told, why) for i, kind, span, told, why in documents],
        [_unfinding(f) for f in findings] if findings else [],
        error,
        {int(k): v for k, v in lines.items()} if lines else {},
        {int(k): tuple(tuple(m) for m in v) for k, v in masked.items()} if masked else {},
        [_unfinding(f) for f in suppressed] if suppressed else [],
        inventory_skipped,
        skipped,
    )
