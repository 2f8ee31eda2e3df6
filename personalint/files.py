"""Which files a run checks, and reading them: named files as given, folders walked.

A walk looks at the files `include` names (default: every source format's suffixes, JSON,
YAML and the code formats), never at minified bundles (`*.min.js`). A code file found by a
walk is only parsed when `hinted` finds a vendor host, path, persona key or SDK name in its
bytes (one pass of a multi-pattern search, nothing decoded or parsed otherwise).

Walking never follows a symbolic link to a folder (so a link loop cannot trap it) and
skips what is not a regular file (a FIFO would block the run); a symbolic link to a file is
checked. What cannot be read is never skipped in silence: a folder that cannot be listed, a
broken symbolic link or a link loop is yielded like a file, and `read` says what is wrong
with it (the run reports it and exits 2).

`read` never reads more than the size limit allows (plus one byte, to know it is over).
"""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
from collections.abc import Callable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from personalint.source import FORMATS, SUFFIXES

if TYPE_CHECKING:
    import subprocess

EXTENSIONS = SUFFIXES  # the persona files' suffixes: JSON and YAML (personalint/source)
CODE_SUFFIXES = tuple(suffix for entry in FORMATS.values() if entry.code for suffix in entry.suffixes)
DEFAULT_INCLUDE = EXTENSIONS + CODE_SUFFIXES
MINIFIED = re.compile(r"\.min\.[cm]?js\Z", re.IGNORECASE)
# what a code file that holds a persona config shows: vendor hosts and paths, persona keys, SDK names.
# Each names several: "avus" tavus, Tavus, tavusapi.com; "anam" api.anam.ai, @anam-ai/, anam_ai;
# "persona" persona_name, personaConfig, /v1/personas, /v2/personas.
HINTS = (
    b"avus",
    b"AVUS",
    b"anam",
    b"persona",
    b"pipeline_mode",
    b"system_prompt",
    b"avatarId",
    b"voiceId",
    b"/v2/pals",
    b"session-token",
)
SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        "__pycache__",
        ".personalint_cache",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        "site-packages",
        ".idea",
        ".vscode",
    }
)

_STEP = 1 << 16  # bytes: one read of a file whose size is not known


class Unreadable(Exception):
    """A path that cannot be read at all; the message says why (it is shown after the path)."""


class TooLarge(Exception):
    """A file over the size limit; `size` is its size in bytes, or None when it is only known to be over."""

    def __init__(self, size: int | None, limit: int) -> None:
        super().__init__(f"over {limit} bytes")
        self.size, self.limit = size, limit


def shown(path: str, here: str | None = None) -> str:
    """A path as reports and messages show it: relative to the working folder when it is below it.
    `here`: the working folder with a trailing separator, when the caller has it (once per run)."""
    if os.path.isabs(path) and os.path.normpath(path) == path:  # without relpath's cost, which a walk pays per file
        here = here or os.path.join(os.getcwd(), "")
        return path[len(here) :] if path.startswith(here) else path
    relative = os.path.relpath(path) if os.path.isabs(path) else os.path.normpath(path)
    return relative if not relative.startswith("..") else path


def _is_cache(path: str) -> bool:
    """A cache folder (a CACHEDIR.TAG in it, as personalint's own cache and other tools' have)."""
    return os.path.isfile(os.path.join(path, "CACHEDIR.TAG"))


def _is_virtualenv(path: str) -> bool:
    return os.path.isfile(os.path.join(path, "pyvenv.cfg"))


_MARKERS = frozenset({"cachedir.tag", "pyvenv.cfg"})  # lower case: a file system may ignore case


def _not_walked(folder: str, names: list[str]) -> bool:
    """Whether a folder below the walked one, listed as `names`, is a virtualenv or a cache: asked
    only when a name of its own listing may be a marker, not with two stats of every folder."""
    if not any(name.lower() in _MARKERS for name in names):
        return False
    return _is_virtualenv(folder) or _is_cache(folder)


def _git_listing(folder: str) -> subprocess.Popen[bytes] | None:
    """What git ignores under `folder`, being listed (it runs while the folder is walked); None
    outside a git checkout or without git.

    One `git ls-files --others --ignored --exclude-standard --directory` lists what git ignores
    under the folder (an ignored folder as one `dir/` entry), in time linear in the checkout;
    `git check-ignore --stdin` matches each path against the whole index, so 10,000 paths in a
    10,000-file checkout took a second (bench/README.md, repo-10k). Tracked files are never ignored.
    """
    if git_root(folder) is None:
        return None
    import subprocess

    command = ["git", "-C", folder, "ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory"]
    try:
        return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None


def _not_ignored(folder: str, candidates: list[str], listing: subprocess.Popen[bytes]) -> list[str]:
    """The candidates git does not ignore (`listing`: _git_listing's; every one if git failed)."""
    import subprocess

    if not candidates:
        listing.kill()
    try:
        stdout, _ = listing.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        listing.kill()
        listing.communicate()
        return candidates
    if listing.returncode != 0 or not candidates:  # 128: not a git checkout
        return candidates
    entries = [p for p in stdout.decode(errors="surrogateescape").split("\0") if p]
    if not entries:
        return candidates
    under = os.path.join(folder, "")
    if os.sep == "/" and all(c.startswith(under) for c in candidates):
        # git's paths are relative to `folder`, as is what follows it in a candidate (os.path.join of
        # the names listed below it, never "." or ".."): compared so, without a normpath per candidate
        return _kept(candidates, [c[len(under) :] for c in candidates], entries, lambda p: p)
    normal = [os.path.normpath(c) for c in candidates]  # pragma: no cover - not POSIX
    return _kept(candidates, normal, entries, lambda p: os.path.normpath(os.path.join(folder, p)))


def _kept(candidates: list[str], keys: list[str], entries: list[str], key: Callable[[str], str]) -> list[str]:
    """The candidates whose key is neither an ignored file's nor below an ignored folder's ("dir/")."""
    files = {key(p) for p in entries if not p.endswith("/")}
    folders = tuple(key(p.rstrip("/")) + os.sep for p in entries if p.endswith("/"))
    return [
        candidate
        for candidate, mine in zip(candidates, keys, strict=True)
        if mine not in files and not (folders and mine.startswith(folders))
    ]


def git_root(folder: str) -> str | None:
    """The top of the git checkout that holds `folder`, or None outside one."""
    path = os.path.realpath(folder)
    while True:
        if os.path.exists(os.path.join(path, ".git")):
            return path
        parent = os.path.dirname(path)
        if parent == path:
            return None
        path = parent


def is_code(path: str) -> bool:
    """Whether `path` names a code format (TypeScript, JavaScript, Python, Markdown, HTML, shell)."""
    return path.lower().endswith(CODE_SUFFIXES)


def prefiltered(path: str, walked: bool) -> bool:
    """Whether the byte prefilter decides if a file is parsed: a code file that a walk found."""
    return walked and is_code(path)


def hinted(data: bytes) -> bool:
    """The byte prefilter: whether the bytes show any sign of a persona config (see HINTS)."""
    return bool(_hints().find_matches_as_indexes(data))


@cache
def _hints() -> Any:
    """All of HINTS in one automaton (ahocorasick_rs, BurntSushi's aho-corasick crate), imported by a
    walk's first code file. Leftmost-first matching lets it search with its SIMD prefilter: a walk
    of 41 MB takes 7.5 ms, where one `in` test per hint took 190 (bench/README.md, "Figures the code cites").
    Any hint in the bytes gives a match, whichever kind of matching."""
    import ahocorasick_rs

    return ahocorasick_rs.BytesAhoCorasick(list(HINTS), matchkind=ahocorasick_rs.MATCHKIND_LEFTMOST_FIRST)


class Include(NamedTuple):
    """Which files a walk looks at: names ending with `suffixes`, or any path `matches` accepts."""

    suffixes: tuple[str, ...] = DEFAULT_INCLUDE
    matches: Callable[[str], bool] | None = None  # the include globs that are not a plain `*.suffix`

    def wants(self, name: str, path: str) -> bool:
        if MINIFIED.search(name):
            return False
        if name.lower().endswith(self.suffixes):
            return True
        return self.matches is not None and self.matches(path)


def _wanted(entry: os.DirEntry, include: Include) -> bool:
    """An included name that is a regular file, a link to one, or a link that leads nowhere."""
    if not include.wants(entry.name, entry.path):
        return False
    try:
        if entry.is_file():  # follows a link
            return True
        if entry.is_symlink():  # broken, or a loop: reported, not skipped
            return not entry.is_dir()
    except OSError:
        return True
    return False  # a folder, a FIFO, a socket, a device


def walk(folder: str, include: Include | None = None) -> Iterator[str]:
    """The included files below `folder`, sorted, without vendored, virtualenv or git-ignored ones.

    A folder that cannot be listed is yielded itself, so that reading it reports why.
    """
    include = include or Include()
    listing = _git_listing(folder)
    try:
        found, unreadable = _listed(folder, include)
    except BaseException:
        if listing is not None:
            listing.kill()
            listing.wait()
        raise
    if listing is not None:
        found = _not_ignored(folder, found, listing)
    yield from found
    yield from unreadable


def _listed(folder: str, include: Include) -> tuple[list[str], list[str]]:
    """(the included files below `folder`, in order; the folders that could not be listed)."""
    found: list[str] = []
    unreadable: list[str] = []
    stack = [folder]
    while stack:
        here = stack.pop()
        try:
            with os.scandir(here) as entries:
                listed = sorted(entries, key=lambda e: e.name)
        except OSError:
            if here == folder or not (_is_virtualenv(here) or _is_cache(here)):
                unreadable.append(here)
            continue
        if here != folder and _not_walked(here, [entry.name for entry in listed]):
            continue
        subfolders = []
        for entry in listed:
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_folder = False
            if is_folder:
                if entry.name not in SKIP_DIRS:
                    subfolders.append(entry.path)
            elif _wanted(entry, include):
                found.append(entry.path)
        stack.extend(reversed(subfolders))
    return found, unreadable


def expand(paths: list[str], include: Include | None = None) -> Iterator[str]:
    """Files to check, in order: each named file (or `-`), then each folder's files."""
    seen: set[str] = set()
    for path in paths:
        candidates = walk(path, include) if path != "-" and os.path.isdir(path) else [path]
        for candidate in candidates:
            if candidate not in seen:
                seen.add(candidate)
                yield candidate


def stamp(path: str) -> str:
    """A regular file's size, modification time and inode ("" for anything else): what the cache compares first."""
    try:
        status = os.stat(path)
    except OSError:
        return ""
    if not stat.S_ISREG(status.st_mode):
        return ""
    return f"{status.st_size}:{status.st_mtime_ns}:{status.st_ino}"


def read(path: str, limit: int) -> bytes:
    """The bytes of `path` (`-` is standard input), at most `limit` of them.

    Raises TooLarge (checked with the file's size before reading, when it has one) or
    Unreadable (with a short reason).
    """
    if path == "-":
        return _read_stdin(limit)
    try:
        # a descriptor, not a file object: FileIO's own fstat and object cost a walk a fifth of its reading
        descriptor = os.open(path, os.O_RDONLY)
        try:
            status = os.fstat(descriptor)
            if stat.S_ISDIR(status.st_mode):  # (open() of a folder succeeds on Linux)
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
            size = status.st_size if stat.S_ISREG(status.st_mode) else 0  # 0: not known (a pipe, /proc)
            if size > limit:
                raise TooLarge(size, limit)
            # a regular file's size is known: a buffer of the limit's size per file would cost a walk dearly
            data = _read_up_to(descriptor, min(size, limit) + 1 if size else limit + 1, size)
            if size and len(data) > size:  # it grew while being read
                data += _read_up_to(descriptor, limit + 1 - len(data))
        finally:
            os.close(descriptor)
    except FileNotFoundError:
        if os.path.islink(path):
            raise Unreadable(f"broken symbolic link: it points to {_link_target(path)}, which does not exist") from None
        raise Unreadable("no such file or folder") from None
    except IsADirectoryError:
        raise Unreadable(_folder_problem(path)) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise Unreadable("symbolic link loop: the links never reach a file") from None
        raise Unreadable(f"cannot read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise TooLarge(None, limit)
    return data


def _read_up_to(descriptor: int, count: int, size: int = 0) -> bytes:
    """Up to `count` bytes, fewer only at the end of the file. One read may return fewer than asked,
    so it reads again, unless the `size` the file has (when known) is in; without a size (an empty
    file, a pipe) in steps, since a read allocates what it asks for (5 MiB, the limit)."""
    step = count if size else _STEP
    parts: list[bytes] = []
    got = 0
    while got < count:
        data = os.read(descriptor, min(step, count - got))
        if not data:
            break
        parts.append(data)
        got += len(data)
        if got == size:  # all of it, as its size says
            break
    return parts[0] if len(parts) == 1 else b"".join(parts)


def _read_stdin(limit: int) -> bytes:
    stream = sys.stdin
    if stream is None:
        raise Unreadable("cannot read standard input: it is closed")
    try:
        buffer = getattr(stream, "buffer", None)
        data = (
            buffer.read(limit + 1) if buffer is not None else stream.read(limit + 1).encode("utf-8", "surrogateescape")
        )
    except (OSError, ValueError) as exc:  # a closed or invalid descriptor
        raise Unreadable(f"cannot read standard input: {getattr(exc, 'strerror', None) or exc}") from None
    if len(data) > limit:
        raise TooLarge(None, limit)
    return data


def _link_target(path: str) -> str:
    try:
        return os.readlink(path)
    except OSError:  # pragma: no cover - it was a link a moment ago
        return "a missing file"


def _folder_problem(path: str) -> str:
    try:
        with os.scandir(path):
            pass
    except OSError as exc:
        return f"cannot list the folder: {exc.strerror or exc}"
    return "is a folder, not a file"
