"""Sub-commands of `portal-archive` that live in their own modules (registered at the end of crawler/cli.py)."""
