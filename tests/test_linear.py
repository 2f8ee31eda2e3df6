"""Every scan over text is linear in its input: a size-ratio check with a generous margin.

personalint runs unattended (a pre-commit hook, CI) on whatever a repository holds, so a scan
that is quadratic on some input holds the run for minutes: a URL pattern once took 89 s on a
128,000-character prompt, the raw-text credential scan 2 s on a 10 KB line of `tokentoken=:`.
Each scan below runs on adversarial inputs (uniform runs, repeated fragments of what it looks
for) of n and 8n characters, the best of three runs each; a linear scan takes about 8x as long,
a quadratic one 64x: the check fails above 32x. This is not a speed test (bench/ measures
speed): only the growth with the input's size is asserted.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from personalint import placeholders
from personalint.finding import Finding, Level, Span
from personalint.mojibake import mojibake
from personalint.report.text import _snippet
from personalint.secrets import in_text
from personalint.secrets.redaction import in_raw_text, redact_spans

N = 4_000
FRAGMENTS = (
    "a",
    "x1",
    "token",
    "api_key=",
    "tokentoken=:",
    "sk-",
    "Bearer ",
    "https://",
    "user:pass@",
    "{{",
    "${",
    "$(",
    "{%",
    "%a",
    "YOUR_",
    "Ã©",
    "Ã",
    "\\u00c3",
    "<",
    "-" * 7,
    "ab1-",
    "eyJ",
    "\x00",
)


def _snippet_of(text: str) -> object:
    span = Span(1, len(text) // 2, 1, len(text))
    return _snippet(Finding("TV001", Level.ERROR, "m", "p", 0, "/x", span), text, color=False)


SCANS: dict[str, Callable[[str], object]] = {
    "secrets.in_text": in_text,
    "secrets.in_raw_text": in_raw_text,
    "secrets.redact_spans": lambda text: redact_spans(text, {"token", "api_key=x", "sk-" + "a" * 20}),
    "placeholders.is_placeholder": placeholders.is_placeholder,
    "placeholders.is_stand_in": placeholders.is_stand_in,
    "mojibake": mojibake,
    "report.text.snippet": _snippet_of,
}


def _time(scan: Callable[[str], object], text: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        scan(text)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("name", list(SCANS))
def test_each_text_scan_grows_linearly(name: str) -> None:
    scan = SCANS[name]
    slow = []
    for fragment in FRAGMENTS:
        small = (fragment * (N // len(fragment) + 1))[:N]
        large = (fragment * (8 * N // len(fragment) + 1))[: 8 * N]
        t_small, t_large = _time(scan, small), _time(scan, large)
        if t_large > 32 * max(t_small, 2e-4):
            slow.append(f"{fragment!r}: {t_small * 1e3:.2f} ms -> {t_large * 1e3:.2f} ms")
    assert not slow, f"{name} grows faster than linearly on: {slow}"
