"""Whether another user can reach and read a file: from owner, group and mode, and on z/OS ACLs.

jopt runs as one user (a systems programmer), the Zowe JVMs as another (the started task's
user, ZWESVUSR by default). A file the JVM's user cannot read, or a folder on its path it
cannot search, and the JVM starts without its options. The check reads what the kernel
would: for each folder from `/` down, search (x); for the file, read (r); the owner's bits
for the owner, the group's for a member of the file's group, the others' bits else; UID 0
may do anything.

On z/OS the security product decides with the ACLs too (RACF, when the FSSEC class is
active: "Authorization checking for z/OS UNIX files and directories", z/OS Security Server
RACF Security Administrator's Guide): the owner gets the owner's bits; else a user entry for
the user decides; else, if the user is in the file's group or any group entry applies, the
owning group's bits (when a member) and those entries together; else the others' bits.
`getfacl -e USER FILE...` lists exactly the extended entries that apply to USER (its own
entry and those of the groups it is connected to), for all the files in one run.
"""

from __future__ import annotations

import grp
import os
import pwd
import stat
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple

from jopt.storage import zos
from jopt.storage.zos import Acl

READ, SEARCH = "read", "search"
_BIT = {READ: "r", SEARCH: "x"}


class User(NamedTuple):
    name: str
    uid: int
    gid: int
    groups: frozenset[int]  # every group the user is in, the primary one too

    @property
    def group_name(self) -> str:
        return _group_name(self.gid)


class Denied(NamedTuple):
    path: Path
    need: str  # READ or SEARCH
    mode: int
    owner: str
    group: str
    fix: str  # the shell command that gives the user what it needs

    def __str__(self) -> str:
        return f"{self.need} {self.path} (mode {self.mode:04o}, owner {self.owner}, group {self.group})"


#: A way to read ACLs: the user's name and paths -> the entries that apply to the user, per path.
AclReader = Callable[[str, list[Path]], dict[Path, Acl]]


def lookup(name: str) -> User | None:
    """The user of that name on this system, or None when there is none."""
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        return None
    try:
        groups = frozenset(os.getgrouplist(name, entry.pw_gid))
    except (AttributeError, OSError):  # no getgrouplist: members as the group file lists them
        groups = frozenset([entry.pw_gid, *(g.gr_gid for g in grp.getgrall() if name in g.gr_mem)])
    return User(name, entry.pw_uid, entry.pw_gid, groups)


def _group_name(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def _user_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def _allows(user: User, info: os.stat_result, bit: str, acl: Acl | None) -> bool:
    if user.uid == 0:
        return True
    shift = {"r": 2, "w": 1, "x": 0}[bit]
    if info.st_uid == user.uid:
        return bool(info.st_mode >> (6 + shift) & 1)
    if acl is not None and acl.user is not None:
        return bit in acl.user
    member = info.st_gid in user.groups
    if member or (acl is not None and acl.groups):
        by_group = member and bool(info.st_mode >> (3 + shift) & 1)
        return by_group or any(bit in perms for perms in (acl.groups if acl else ()))
    return bool(info.st_mode >> shift & 1)


def _fix(user: User, path: Path, info: os.stat_result, need: str, acl: Acl | None, inside: Path) -> str:
    """The command that gives `user` what it needs: the owner's, the group's or (above the
    folder jopt owns) the others' bit; else make the user's group the file's group."""
    bit = _BIT[need]
    if acl is not None and acl.user is not None:
        perms = "".join(c if c in acl.user or c == bit else "-" for c in "rwx")
        return f"setfacl -m user:{user.name}:{perms} {path}"
    if info.st_uid == user.uid:
        return f"chmod u+{bit} {path}"
    if info.st_gid in user.groups:
        return f"chmod g+{bit} {path}"
    if not path.is_relative_to(inside):
        return f"chmod o+{bit} {path}"
    return f"chgrp {user.group_name} {path} && chmod g+{bit} {path}"


def denied(user: User, files: Iterable[Path], inside: Path, acls: AclReader | None = None) -> list[Denied]:
    """What keeps `user` from reading each of `files`: a folder on the way it cannot search,
    the file itself. `inside`: the folder jopt owns (the overrides directory); above it the
    fix gives search to others rather than changing a folder's group."""
    wanted: dict[Path, str] = {}
    for file in files:
        for folder in reversed(file.parents):
            wanted.setdefault(folder, SEARCH)
        wanted[file] = READ
    infos = {}
    for path in wanted:
        try:
            infos[path] = path.stat()
        except OSError:  # gone, or a folder above it cannot be searched by jopt either
            continue
    wanted = {p: need for p, need in wanted.items() if p in infos}
    found_acls = acls(user.name, list(wanted)) if acls is not None else {}
    problems = []
    for path, need in wanted.items():
        info = infos[path]
        acl = found_acls.get(path)
        if not _allows(user, info, _BIT[need], acl):
            fix = _fix(user, path, info, need, acl, inside)
            mode = stat.S_IMODE(info.st_mode)
            problems.append(Denied(path, need, mode, _user_name(info.st_uid), _group_name(info.st_gid), fix))
    return problems


def default_reader() -> AclReader | None:
    """read_acls on z/OS (where the security product reads ACLs); elsewhere the bits alone."""
    return zos.read_acls if zos.on_zos() else None
