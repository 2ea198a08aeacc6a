"""A stand-in OpenJ9 for the cache utilities: a real executable script that records its argv and
prints what OpenJ9 prints (the samples in tests/data/openj9, sources in its README)."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "openj9"

SCRIPT = """#!/bin/sh
# A stand-in OpenJ9: records its path and argv (one per line, then ---); prints a cache utility's output.
for a in "$0" "$@"; do printf '%s\\n' "$a"; done >> '{argv}'
echo --- >> '{argv}'
case "$*" in
  *listAllCaches*) cat '{listing}' >&2 ;;
  *printStats*) cat '{stats}' >&2 ;;
  *) echo "stub OpenJ9: not a cache utility: $*" >&2; exit 1 ;;
esac
exit 1
"""


class StubJava:
    def __init__(self, folder: Path, listing: str, stats: str):
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "java"
        self.argv_file = folder / "argv.txt"
        text = SCRIPT.format(argv=self.argv_file, listing=DATA / listing, stats=DATA / stats)
        self.path.write_text(text)
        self.path.chmod(0o755)

    def runs(self) -> list[list[str]]:
        """Each invocation's argv, in order ([] when it never ran)."""
        if not self.argv_file.exists():
            return []
        return [run.splitlines() for run in self.argv_file.read_text().split("---\n")[:-1]]
