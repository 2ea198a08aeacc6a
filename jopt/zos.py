"""z/OS file tags (`chtag`). Everything here runs only on z/OS; tests fake `chtag`."""

from __future__ import annotations

import platform
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from jopt.errors import WriteError


def on_zos() -> bool:
    return sys.platform == "zos" or platform.system() in ("OS/390", "z/OS")


@dataclass(frozen=True)
class FileTag:
    """A z/OS file tag: coded character set (None when untagged) and the text flag."""

    ccsid: str | None
    text: bool
    binary: bool = False


def parse_chtag(output: str) -> FileTag:
    """Parse one line of `chtag -p`: `t IBM-1047    T=on  /path` or `- untagged T=off /path`."""
    fields = output.split()
    if len(fields) < 3 or not fields[2].startswith("T="):
        raise ValueError(f"unexpected chtag -p output: {output.strip()!r}")
    if fields[0] == "b" or fields[1] == "binary":
        return FileTag(None, False, binary=True)
    ccsid = None if fields[1] == "untagged" else fields[1]
    return FileTag(ccsid, fields[2] == "T=on")


def read_tag(path: Path) -> FileTag:
    done = subprocess.run(["chtag", "-p", str(path)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise WriteError(f"chtag -p failed: {done.stderr.strip()}", path=path)
    return parse_chtag(done.stdout)


def tag_command(path: Path, tag: FileTag) -> list[str]:
    if tag.binary:
        return ["chtag", "-b", str(path)]
    if tag.ccsid is None:
        return ["chtag", "-r", str(path)]
    return ["chtag", "-tc" if tag.text else "-mc", tag.ccsid, str(path)]


def apply_tag(path: Path, tag: FileTag) -> None:
    done = subprocess.run(tag_command(path, tag), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise WriteError(f"{' '.join(tag_command(path, tag)[:-1])} failed: {done.stderr.strip()}", path=path)
