"""personalint: lint Anam and Tavus persona configs at the exact line and column.

The pipeline, one stage per module or folder (README, "Layout"; CONTRIBUTING.md):

    files.py     which files, read within the size limit
    source/      bytes -> documents with values and exact positions (one module per format)
    kinds/       which request body each document is
    schema/      JSON Schema errors, each as the rule of its keyword
    engine/      the rule packs (rules/*.yaml) and the Python behind them; which finding wins
    finding.py   the one Finding type
    suppress.py  `# personalint: disable=...` comments; config/ resolved before anything runs
    report/      text, concise, json, sarif, github
    pipeline.py  the stages wired together; cli/ the commands and the exit code
"""

__version__ = "0.1.0"
