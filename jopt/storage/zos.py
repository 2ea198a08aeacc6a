"""z/OS file attributes: tags (`chtag`, `ls -T`), extended attributes (`extattr`) and ACLs (`getfacl`).

Everything here runs only on z/OS; tests fake the commands with pytest-subprocess.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from jopt.errors import WriteError

if TYPE_CHECKING:
    import subprocess


@functools.cache
def on_zos() -> bool:
    # z/OS UNIX names itself OS/390 (older releases) or z/OS; its CPython ports say "zos"
    return sys.platform == "zos" or os.uname().sysname in ("OS/390", "z/OS")


class FileTag(NamedTuple):
    """A z/OS file tag: coded character set (None when untagged) and the text flag."""

    ccsid: str | None
    text: bool
    binary: bool = False


def parse_chtag(output: str) -> FileTag:
    """Parse one line of `chtag -p`: `t IBM-1047    T=on  /path` or `- untagged T=off /path`.

    `ls -T` starts its lines with the same three columns, so this reads those too.
    """
    fields = output.split()
    if len(fields) < 3 or not fields[2].startswith("T="):
        raise ValueError(f"unexpected chtag -p output: {output.strip()!r}")
    if fields[0] == "b" or fields[1] == "binary":
        return FileTag(None, False, binary=True)
    ccsid = None if fields[1] == "untagged" else fields[1]
    return FileTag(ccsid, fields[2] == "T=on")


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    """Run one of z/OS's file commands; a command that cannot start exits 127 here, as in a shell."""
    import subprocess

    try:
        return subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as error:  # the command is not there (or cannot run)
        return subprocess.CompletedProcess(command, 127, "", f"{command[0]}: {error.strerror}")


def read_tag(path: Path) -> FileTag:
    """The tag from `chtag -p`; where that fails, from the first columns of `ls -T`."""
    done = _run(["chtag", "-p", str(path)])
    how = "chtag -p"
    if done.returncode != 0:
        listing = _run(["ls", "-T", str(path)])
        if listing.returncode != 0:
            raise WriteError(
                f"chtag -p failed: {done.stderr.strip()}; ls -T failed: {listing.stderr.strip()}", path=path
            )
        done, how = listing, "ls -T"
    try:
        return parse_chtag(done.stdout)
    except ValueError:
        raise WriteError(
            f"cannot read the file tag: unexpected {how} output {done.stdout.strip()!r}", path=path
        ) from None


#: `extattr` display names -> attribute letters. A rewrite makes a new file, which has
#: a, p and l off and s on (the default of every executable file) whatever the old one had.
EXTATTR_NAMES = {"APF authorized": "a", "Program controlled": "p", "Shared address space": "s", "Shared library": "l"}
_NEW_FILE_EXTATTR = frozenset({"s"})
_EXTATTR_MEANING = {
    "a": ("APF-authorized", "+a", "BPX.FILEATTR.APF"),
    "p": ("program-controlled", "+p", "BPX.FILEATTR.PROGCTL"),
    "l": ("shared-library", "+l", "BPX.FILEATTR.SHARELIB"),
    "s": ("not-shared-address-space", "-s", None),
}


def parse_extattr(output: str) -> frozenset[str]:
    """The letters of the attributes `extattr FILE` shows as YES (`APF authorized = YES`)."""
    found = set()
    for line in output.splitlines():
        name, equals, value = line.partition("=")
        if equals and name.strip() in EXTATTR_NAMES and value.strip().upper() == "YES":
            found.add(EXTATTR_NAMES[name.strip()])
    return frozenset(found)


def read_extattr(path: Path) -> frozenset[str] | None:
    """The extended attributes set on a file, or None when `extattr` cannot tell."""
    done = _run(["extattr", str(path)])
    if done.returncode != 0 or not any(name in done.stdout for name in EXTATTR_NAMES):
        return None
    return parse_extattr(done.stdout)


def extattr_warnings(path: Path, flags: frozenset[str] | None) -> list[str]:
    """What replacing `path` by a new file loses, each with the command that puts it back."""
    if flags is None:
        return [
            f"{path}: extattr could not show its extended attributes; check them with `extattr {path}` after this change"
        ]
    lost = sorted((flags - _NEW_FILE_EXTATTR) | (_NEW_FILE_EXTATTR - flags))
    warnings = []
    for letter in lost:
        meaning, option, resource = _EXTATTR_MEANING[letter]
        need = f" (needs READ on {resource})" if resource else ""
        warnings.append(
            f"{path}: the rewritten file loses the {meaning} extended attribute ({letter}); "
            f"put it back with `extattr {option} {path}`{need}"
        )
    return warnings


def tag_command(path: Path, tag: FileTag) -> list[str]:
    if tag.binary:
        return ["chtag", "-b", str(path)]
    if tag.ccsid is None:
        return ["chtag", "-r", str(path)]
    return ["chtag", "-tc" if tag.text else "-mc", tag.ccsid, str(path)]


def apply_tag(path: Path, tag: FileTag) -> None:
    done = _run(tag_command(path, tag))
    if done.returncode != 0:
        raise WriteError(f"{' '.join(tag_command(path, tag)[:-1])} failed: {done.stderr.strip()}", path=path)


# --- ACLs -----------------------------------------------------------------------------------


class Acl(NamedTuple):
    """The extended ACL entries that apply to one user, for one file (`getfacl -e USER`)."""

    user: str | None = None  # the user's own entry ("r-x"), if it has one
    groups: tuple[str, ...] = ()  # entries of groups the user is connected to


def parse_getfacl(output: str) -> dict[Path, Acl]:
    """`getfacl` output, one `#file:` section per file; only the extended entries (with a
    qualifier: `user:NAME:perm`, `group:NAME:perm`) are kept, the bits come from stat."""
    found: dict[Path, Acl] = {}
    current: Path | None = None
    for raw in output.splitlines():
        line = raw.strip()
        if line.startswith("#"):
            key, _, value = line[1:].partition(":")
            if key.strip() == "file":
                current = Path(value.strip())
                found[current] = Acl()
            continue
        kind, _, rest = line.partition(":")
        qualifier, _, perms = rest.partition(":")
        if current is None or not qualifier or not perms:
            continue
        acl = found[current]
        if kind in ("user", "u"):
            found[current] = acl._replace(user=perms)
        elif kind in ("group", "g"):
            found[current] = acl._replace(groups=(*acl.groups, perms))
    return found


def read_acls(user: str, paths: list[Path]) -> dict[Path, Acl]:
    """The ACL entries that apply to `user` for each path: one `getfacl -e USER` run, which
    lists the user's own entry and those of the groups it is connected to (z/OS UNIX
    `getfacl` command reference). Where getfacl cannot tell, none (the bits alone decide)."""
    if not paths:
        return {}
    done = _run(["getfacl", "-e", user, *(str(p) for p in paths)])
    return parse_getfacl(done.stdout) if done.returncode == 0 else {}
