"""Unified diffs of script texts, for --dry-run and refused restores. Pure."""

from __future__ import annotations


def unified(old: str, new: str, old_name: str, new_name: str) -> str:
    import difflib  # here: install and uninstall load this module but diff only with --dry-run

    lines = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True), old_name, new_name)
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)
