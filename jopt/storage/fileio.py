"""File I/O for scripts and jopt's own files: read, atomic write, shell syntax check."""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import re
from pathlib import Path
from typing import NamedTuple

from jopt.errors import ScriptError, WriteError
from jopt.storage import zos

TEMP_PREFIX = ".jopt-"
#: A temp file's name carries its writer's pid (`.jopt-<pid>-<serial>.tmp`), so a later jopt
#: can tell the temp of a killed writer (pid gone: remove it) from one being written now.
_TEMP_NAME = re.compile(r"^\.jopt-(\d+)-.*\.tmp$")


class FileFacts(NamedTuple):
    """What a rewrite must keep: permission bits, owner, group and (on z/OS) the tag."""

    mode: int
    uid: int
    gid: int
    tag: zos.FileTag | None = None
    warnings: tuple[str, ...] = ()  # what a rewrite cannot keep (z/OS extended attributes)


def os_message(error: OSError) -> str:
    """A short reason for an OS error, the same on every platform."""
    if error.errno == errno.ENOSPC:
        return "no space left on the file system"
    if error.errno == errno.EROFS:
        return "read-only file system"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if error.errno == errno.EISDIR:
        return "is a directory, expected a file"
    if error.errno == errno.ENOENT:
        return "no such file"
    return error.strerror or str(error)


def written_path(path: Path) -> Path:
    """The file a rewrite of `path` replaces: a symbolic link's target, else `path` itself.

    Only the file itself is resolved: a folder reached through a link (the runtime directory
    often is one) is the same folder under either name, and keeps the name it was given.
    """
    return path.resolve() if path.is_symlink() else path


def to_devnull(fd: int) -> None:
    """Point an open file descriptor at /dev/null (standard output whose reader went away)."""
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, fd)
    finally:
        os.close(null)


def read_bytes(path: Path) -> bytes:
    """A file's bytes, or ScriptError naming the file."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise ScriptError(os_message(error), path=path) from None


def facts(path: Path) -> FileFacts:
    """Mode, owner and group; on z/OS also the tag (`chtag -p`) and, from `extattr`, the
    extended attributes a rewrite would lose (the rename leaves a new file in its place)."""
    info = path.stat()
    if not zos.on_zos():
        return FileFacts(info.st_mode & 0o7777, info.st_uid, info.st_gid)
    tag = zos.read_tag(path)
    lost = tuple(zos.extattr_warnings(path, zos.read_extattr(path)))
    return FileFacts(info.st_mode & 0o7777, info.st_uid, info.st_gid, tag, lost)


def check_writable(path: Path) -> None:
    """Refuse early when the rename that a write ends with cannot happen, or would give
    the file a new owner (only a superuser can keep another user's ownership)."""
    directory = path.parent
    owner, me = path.stat().st_uid, os.geteuid()
    if me != 0 and owner != me:
        raise ScriptError(
            f"owned by uid {owner}, not you (uid {me}); rewriting it would make it yours: "
            "run jopt as that user or as a superuser",
            path=path,
        )
    if not os.access(directory, os.W_OK | os.X_OK) or not os.access(path, os.W_OK):
        probe = os.statvfs(directory) if hasattr(os, "statvfs") else None
        if probe is not None and probe.f_flag & getattr(os, "ST_RDONLY", 1):
            raise ScriptError("read-only file system", path=path)
        raise ScriptError("permission denied (cannot replace the file)", path=path)


def atomic_write(path: Path, data: bytes, keep: FileFacts | None = None, mode: int = 0o600) -> None:
    """Write `data` to `path` through a temp file in the same folder: fsync, rename, fsync dir."""
    try:
        fd, temp = _new_temp(path.parent)
    except OSError as error:
        raise WriteError(os_message(error), path=path) from None
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
            if keep is not None:
                _keep_owner(fd, keep)  # before chmod: chown clears set-id bits
            os.fchmod(fd, keep.mode if keep else mode)
        finally:
            os.close(fd)
        if keep is not None and keep.tag is not None:
            try:
                zos.apply_tag(Path(temp), keep.tag)
            except WriteError as error:
                raise WriteError(str(error).split(": ", 1)[-1], path=path) from None
        os.replace(temp, path)
        _fsync_dir(path.parent)
    except OSError as error:
        _discard(temp)
        raise WriteError(os_message(error), path=path) from None
    except BaseException:
        _discard(temp)
        raise


_SERIAL = itertools.count()
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def _new_temp(directory: Path) -> tuple[int, str]:
    """A new temp file `.jopt-<pid>-<serial>.tmp` (mode 0600) in `directory`: (fd, path)."""
    while True:
        temp = os.path.join(directory, f"{TEMP_PREFIX}{os.getpid()}-{next(_SERIAL)}.tmp")
        try:
            return os.open(temp, _CREATE, 0o600), temp
        except FileExistsError:
            continue  # left by an earlier process that had our pid


def stale_temp_files(directory: Path) -> list[Path]:
    """jopt temp files in a folder whose writer no longer runs (it was killed)."""
    try:
        names = os.listdir(directory)
    except OSError:
        return []
    found = []
    for name in sorted(n for n in names if n.startswith(TEMP_PREFIX)):
        m = _TEMP_NAME.match(name)
        if m and int(m.group(1)) != os.getpid() and not _alive(int(m.group(1))):
            found.append(directory / name)
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def sweep_temp_files(directory: Path) -> list[Path]:
    """Remove the temp files of writers that no longer run; return what was removed."""
    removed = []
    for temp in stale_temp_files(directory):
        try:
            temp.unlink()
            removed.append(temp)
        except OSError:
            pass  # gone already, or not ours to remove: `jopt status` keeps naming it
    return removed


def _keep_owner(fd: int, keep: FileFacts) -> None:
    info = os.fstat(fd)
    if (info.st_uid, info.st_gid) == (keep.uid, keep.gid):
        return
    try:
        os.fchown(fd, keep.uid, keep.gid)
    except PermissionError:
        pass  # only root may give a file away; the mode is still kept


def _discard(temp: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(temp)


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def sh_syntax_error(text: str, shell: str = "/bin/sh") -> str | None:
    """`sh -n` on the text as Zowe would pipe it; the shell's complaint, or None if clean."""
    returncode, stderr = _shell_n(shell, text.encode())
    if returncode == 0:
        return None
    complaint = stderr.decode(errors="replace").strip().splitlines()
    return complaint[-1] if complaint else f"{shell} -n exited {returncode}"


def _shell_n(shell: str, data: bytes) -> tuple[int, bytes]:
    """`shell -n` with `data` on its stdin: (exit code, stderr). On Ctrl-C the shell is killed
    and reaped before the interrupt goes on (subprocess.run kills it but leaves it a zombie)."""
    import subprocess

    with subprocess.Popen(
        [shell, "-n"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    ) as sh:
        try:
            _, stderr = sh.communicate(data)
        except BaseException:
            sh.kill()
            sh.wait()
            raise
    return sh.returncode, stderr


def sh_syntax_errors(texts: list[str], shell: str = "/bin/sh") -> list[str | None]:
    """`sh -n` for many texts: one shell reads them all, each inside `( … )`; only when that
    fails is each text checked alone (a clean batch means every text is clean, since an
    unclosed quote or construct in one would have to be closed by the next one's text)."""
    if len(texts) > 1 and sh_syntax_error("".join(f"(\n{text}\n)\n" for text in texts), shell) is None:
        return [None] * len(texts)
    return [sh_syntax_error(text, shell) for text in texts]
