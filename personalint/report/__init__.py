"""Reporters: pure functions of a report (findings) and the rule registry (rule metadata) to text.

`FORMATS` is the one list of output formats: the command line takes its `--format`
choices and which formats may share standard output from it. Each format is a module
here with `render(report, registry, **options) -> str`; the options are `color`, `root`
(the folder SARIF and GitHub paths are relative to) and `category` (SARIF's
automationDetails id), and a module takes those it needs. Adding a format is its module
and one FORMATS entry. A format's module is imported only when it renders.

Reporters use only the report's FileResults and Findings (never the files again), so what
the pipeline redacts stays redacted in every format. `render` first groups related findings
(personalint/group.py): every format gets the same groups, each with its `related` locations.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import import_module
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from personalint.engine.registry import Registry
    from personalint.result import Report


class Format(NamedTuple):
    module: str  # personalint.report.<module> renders it
    streaming: bool  # line-oriented: several streaming formats can share standard output
    options: Mapping[str, Any] = MappingProxyType({})  # fixed options of its module's render (read only)


FORMATS: dict[str, Format] = {
    "text": Format("text", streaming=True),
    "concise": Format("text", streaming=True, options={"concise": True}),
    "json": Format("json", streaming=False),
    "sarif": Format("sarif", streaming=False),
    "github": Format("github", streaming=True),
}
STREAMING = tuple(name for name, output in FORMATS.items() if output.streaming)


def render(
    format: str,
    report: Report,
    registry: Registry,
    color: bool = False,
    root: str | None = None,
    category: str | None = None,
) -> str:
    """`report` as `format`. `root` is the folder SARIF and GitHub paths are relative to
    (default: the git checkout around the working directory); `category` is SARIF's
    automationDetails id."""
    from personalint.group import grouped

    output = FORMATS[format]
    module = import_module(f"{__name__}.{output.module}")
    report = grouped(report, registry)  # one fix, several locations: one finding with related ones
    text: str = module.render(report, registry, color=color, root=root, category=category, **output.options)
    return text
