"""A start script as lines (`jopt.storage.textlines`, which zowe.yaml's editor uses too)."""

from __future__ import annotations

from jopt.storage.textlines import TextLines, split

ScriptText = TextLines

__all__ = ["ScriptText", "split"]
