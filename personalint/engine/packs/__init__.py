"""The Python behind the rule packs: one module per rules/<pack>.yaml, named after it.

Each function is registered with `@check` (engine/context.py) with the parameters it
takes, and a rule of its pack names it as `check: {function: NAME, ...}`. What belongs
here is what data cannot say: id classification, ISO 639 judgement, secrets, mojibake,
YAML implicit typing, schema-introspecting checks and inventory lookups.
"""

from personalint.engine.packs import anam, file, inventory, tavus  # noqa: F401 - each registers its checks
