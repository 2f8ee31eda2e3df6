"""Template placeholders: values left for a person to fill in (`your-avatar-id`, `<API_KEY>`, `xxx`).

The one place that says what a placeholder looks like. Deploy-time substitutions
(`${VAR}`, `{{ var }}`, `$VAR`) are the recommended way to keep values out of a file, and
are told apart from placeholders where a rule needs to (see each function).
"""

from __future__ import annotations
