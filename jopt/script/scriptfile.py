"""A start script on disk: its bytes, encoding, text and file facts, read once."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from jopt.errors import NoScript, ScriptError
from jopt.script import scripttext
from jopt.script.scripttext import ScriptText
from jopt.storage import encoding, fileio
from jopt.zowe.discovery import Component


class ScriptFile(NamedTuple):
    path: Path  # the file written (a symlink's target; fileio.written_path)
    shown: Path  # the path as discovered, for messages
    data: bytes
    codec: str
    text: ScriptText
    facts: fileio.FileFacts

    def encode(self, text: ScriptText) -> bytes:
        return encoding.encode(text.join(), self.codec, path=self.shown)


def load(path: Path) -> ScriptFile:
    """Read and decode a start script; ScriptError naming the file if it cannot be used."""
    if path.is_dir():
        raise NoScript("is a directory, expected a start script", path=path)
    if not path.exists():
        raise NoScript("start script not found", path=path)
    real = fileio.written_path(path)
    data = fileio.read_bytes(real)
    facts = fileio.facts(real)
    declared = None
    if facts.tag is not None and facts.tag.ccsid is not None:
        declared = encoding.CCSID_CODECS.get(facts.tag.ccsid)
        if declared is None:
            raise ScriptError(f"tagged with unsupported CCSID {facts.tag.ccsid}", path=path)
    codec = encoding.detect(data, declared, path=path)
    text = scripttext.split(encoding.decode(data, codec, path=path), path=path)
    return ScriptFile(real, path, data, codec, text, facts)


def of_component(component: Component) -> ScriptFile:
    """The start script of a component, or ScriptError saying why there is none to use."""
    if component.problem:
        raise NoScript(component.problem)
    if component.start_script is None:
        raise NoScript("manifest has no commands.start: no start script", path=component.manifest)
    return load(component.start_script)
