"""`python -m personalint`: the same command line as the `personalint` script."""

from personalint.cli import script

if __name__ == "__main__":
    script()
