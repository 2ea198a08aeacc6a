"""The jopt-owned files a v2 hook sources: `<overrides>/hook/v2.sh` and `hook/v2-trace.sh`.

Written once for all the components of an overrides directory (`jopt.script.hooklib`
says what they hold): by `install` before it writes any start script, checked with `sh -n`
and `dash -n` (where dash is installed) before the write, replaced atomically, mode 0640
or stricter (never group- or other-writable), their sha256 kept in state.json. On z/OS
they are IBM-1047 and tagged, like options files: the shell reads them from disk (only
start.sh itself is piped, and converted, by Zowe). `uninstall` removes them with the last
hooked component. `status` reports one that is missing (drift: hooked components start
as shipped) or changed since jopt wrote it, or writable by group or others (damage).
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import NamedTuple

from jopt.app.site import Site
from jopt.diffs import unified
from jopt.errors import WriteError
from jopt.script import hook, hooklib
from jopt.storage import fileio, state, zos

FILE_MODE = 0o640  # the started task's group may need to read them; never writable but by the owner
DIR_NAME = "hook"
#: Shells whose `-n` must pass before a file is written (those not installed are left out).
CHECK_SHELLS = ("sh", "dash")


class HookFile(NamedTuple):
    """One file as jopt wants it, and what is on disk now (None: absent)."""

    relative: str  # e.g. hook/v2.sh
    path: Path
    text: str
    data: bytes  # text as written: IBM-1047 on z/OS, else ASCII
    current: bytes | None

    @property
    def changed(self) -> bool:
        return self.current != self.data

    @property
    def result(self) -> str:
        if not self.changed:
            return "unchanged"
        return "created" if self.current is None else "updated"

    @property
    def diff(self) -> str:
        """The unified diff from the file on disk (or none) to this text."""
        old = "" if self.current is None else self.current.decode(encoding(), errors="replace")
        return unified(old, self.text, "/dev/null" if self.current is None else f"a{self.path}", f"b{self.path}")


def paths(site: Site) -> list[Path]:
    """The files a v2 hook sources (whether they are there or not)."""
    return [site.locations.overrides / relative for relative in hooklib.TEMPLATES]


def encoding() -> str:
    return "cp1047" if zos.on_zos() else "ascii"


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise WriteError(fileio.os_message(error), path=path) from None


def wanted(site: Site) -> list[HookFile]:
    """The files this jopt writes for the site, with what is there now."""
    overrides = site.locations.overrides
    found = []
    for relative, text in hooklib.render(str(overrides)).items():
        path = overrides / relative
        found.append(HookFile(relative, path, text, text.encode(encoding()), _read(path)))
    return found


def syntax_problem(files: list[HookFile]) -> str | None:
    """The first complaint of `sh -n` or `dash -n` about a file, or None. Where sh is dash
    (Debian, Ubuntu) the one program checks once."""
    import shutil  # only for a write: status reads the files, it does not check them with a shell

    checked: set[str] = set()
    for shell in CHECK_SHELLS:
        executable = shutil.which(shell)
        if executable is None or os.path.realpath(executable) in checked:
            continue
        checked.add(os.path.realpath(executable))
        for item, error in zip(files, fileio.sh_syntax_errors([f.text for f in files], executable)):
            if error is not None:
                return f"{item.relative} fails `{shell} -n` ({error})"
    return None


def _mode(path: Path) -> int:
    """The mode to write with: the file's own, made no looser than FILE_MODE."""
    try:
        return stat.S_IMODE(path.stat().st_mode) & FILE_MODE
    except FileNotFoundError:
        return FILE_MODE


def _folder(site: Site) -> Path:
    """`<overrides>/hook`, made with the overrides directory's mode less group and other write."""
    folder = site.locations.overrides / DIR_NAME
    if not folder.is_dir():
        site.locations.overrides.mkdir(parents=True, exist_ok=True, mode=0o700)
        mode = stat.S_IMODE(site.locations.overrides.stat().st_mode) & 0o750
        folder.mkdir(mode=mode)
        folder.chmod(mode)  # mkdir's mode is cut by the umask
    return folder


def ensure(site: Site) -> list[HookFile]:
    """Write every file that is missing or differs (checked first; WriteError names the
    problem and writes nothing); record their sha256 in the site's state (saved by the caller)."""
    files = wanted(site)
    changed = [f for f in files if f.changed]
    if changed:
        problem = syntax_problem(changed)
        if problem is not None:
            raise WriteError(f"jopt's hook file would be broken: {problem}; nothing written")
        _folder(site)
        tag = zos.FileTag("IBM-1047", True) if zos.on_zos() else None
        for item in changed:
            keep = fileio.FileFacts(_mode(item.path), os.geteuid(), os.getegid(), tag)
            fileio.atomic_write(item.path, item.data, keep=keep)
    site.state.hook_files.update({f.relative: state.sha256(f.data) for f in files})
    return files


def put_back(files: list[HookFile]) -> None:
    """Undo `ensure` (its files): for a command that failed after it."""
    for item in files:
        if not item.changed:
            continue
        with contextlib.suppress(OSError, WriteError):
            if item.current is None:
                item.path.unlink()
            else:
                fileio.atomic_write(item.path, item.current, mode=_mode(item.path))


def remove(site: Site) -> list[Path]:
    """Remove the files (and the folder when empty) and forget them; the paths removed."""
    removed = []
    for relative in sorted({*hooklib.TEMPLATES, *site.state.hook_files}):
        path = site.locations.overrides / relative
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            removed.append(path)
    with contextlib.suppress(OSError):
        (site.locations.overrides / DIR_NAME).rmdir()
    site.state.hook_files.clear()
    return removed


class Problem(NamedTuple):
    path: Path
    kind: str  # "missing" (drift) or "damaged"
    detail: str


def problems(site: Site) -> list[Problem]:
    """What is wrong with the files v2 hooks source: missing, changed since jopt wrote
    them, or writable by others than their owner. Renders no file unless state.json has
    no sha256 for a file that is there."""
    overrides = site.locations.overrides
    found = []
    folder = overrides / DIR_NAME
    for relative in hooklib.TEMPLATES:
        path = overrides / relative
        try:
            data = path.read_bytes()
            mode = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            found.append(Problem(path, "missing", f"{path} is missing: v2-hooked components start as shipped"))
            continue
        except OSError as error:
            found.append(Problem(path, "damaged", f"{path} cannot be read ({fileio.os_message(error)})"))
            continue
        recorded = site.state.hook_files.get(relative)
        expected = recorded or _expected_sha(site, relative)
        if state.sha256(data) != expected:
            found.append(Problem(path, "damaged", f"{path} was changed since jopt wrote it"))
        elif mode & 0o022:
            found.append(Problem(path, "damaged", f"{path} is writable by group or others (mode {mode:04o})"))
    if folder.is_dir() and stat.S_IMODE(folder.stat().st_mode) & 0o022:
        found.append(Problem(folder, "damaged", f"{folder} is writable by group or others"))
    return found


def _expected_sha(site: Site, relative: str) -> str:
    text = hooklib.render(str(site.locations.overrides))[relative]
    return state.sha256(text.encode(encoding()))


def needed(lines: tuple[str, ...]) -> bool:
    """Whether a start script's text carries a hook that sources these files."""
    found = hook.inspect(lines)
    return found.state is hook.HookState.CURRENT and found.version == hook.CURRENT_VERSION
