"""What a killed jopt leaves behind, told by `jopt status` and cleared by the next writer.

Every file jopt writes is replaced whole (temp file in the same folder, then rename), so a
kill leaves each start script with either its old or its new text; what it can leave is
(1) a temp file `.jopt-<pid>-*.tmp` beside a script or in the overrides directory, and
(2) a command that did only part of its scripts, named in the lock file (`jopt.storage.lock`).
The next command that takes the lock removes the temp files of writers that are gone;
running the interrupted command again finishes it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import NamedTuple

from jopt.app.site import Site
from jopt.storage import fileio, lock

_HOLDER = re.compile(r"^pid (\d+): jopt (.+)$")


def folders(site: Site) -> list[Path]:
    """Where jopt writes: each start script's folder, the overrides folder and its backups."""
    found: dict[Path, None] = {}
    for component in site.components:
        script = component.start_script
        if script is not None and script.is_file():
            found[fileio.written_path(script).parent] = None
    overrides = site.locations.overrides
    found[overrides] = None
    backups = overrides / "backups"
    if backups.is_dir():
        found.update((p, None) for p in sorted(backups.iterdir()) if p.is_dir())
    return list(found)


def temp_files(site: Site) -> list[Path]:
    found: dict[tuple[int, int, str], Path] = {}  # one folder may be reached under two names (a link)
    for folder in folders(site):
        temps = fileio.stale_temp_files(folder)
        if not temps:
            continue
        try:
            info = os.stat(folder)  # once per folder that has any
        except OSError:
            continue  # gone since it was listed
        for temp in temps:
            found.setdefault((info.st_dev, info.st_ino, temp.name), temp)
    return list(found.values())


def sweep(site: Site) -> list[Path]:
    """Remove the temp files of jopt processes that no longer run (call with the lock held)."""
    return [temp for folder in folders(site) for temp in fileio.sweep_temp_files(folder)]


class Findings(NamedTuple):
    warnings: list[str]
    interrupted: bool  # a writer was killed part way: the state needs the command again


def _who(line: str) -> str:
    m = _HOLDER.match(line)
    return f"`jopt {m.group(2)}` (pid {m.group(1)})" if m else f"a jopt ({line})"


def interrupted_note(line: str) -> str:
    return (
        f"{_who(line)} was killed before it finished; every start script is whole "
        "(its text from before or after that command, never a mix)"
    )


def findings(site: Site) -> Findings:
    """Warnings for `jopt status`: a writer at work now, a killed one, temp files left."""
    holder = lock.peek(site.locations.overrides)
    if holder is not None and holder.busy:
        return Findings([f"{_who(holder.line)} is writing here now; what follows may change when it ends"], False)
    warnings = [f"{interrupted_note(holder.line)}; run it again to finish it"] if holder is not None else []
    temps = temp_files(site)
    if temps:
        warnings.append(
            f"{len(temps)} temp file(s) left by a killed jopt (the next install, uninstall, restore, "
            f"render or trace removes them): {', '.join(str(t) for t in temps)}"
        )
    return Findings(warnings, holder is not None)
