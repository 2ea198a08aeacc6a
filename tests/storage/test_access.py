"""jopt.storage.access: can another user reach and read a file (bits, and z/OS ACLs as RACF reads them)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from jopt.storage import access, zos
from jopt.storage.zos import Acl

USER = access.User("zwesvusr", 9001, 9001, frozenset({9001, 9002}))


def info(mode: int, uid: int = 0, gid: int = 0) -> os.stat_result:
    return os.stat_result((mode, 0, 0, 1, uid, gid, 0, 0, 0, 0))


@pytest.mark.parametrize(
    "mode,uid,gid,bit,allowed",
    [
        (0o400, 9001, 0, "r", True),  # the owner's bits
        (0o044, 9001, 0, "r", False),  # the owner gets only the owner's bits
        (0o040, 0, 9002, "r", True),  # a supplementary group
        (0o004, 0, 9002, "r", False),  # a member gets only the group's bits
        (0o004, 0, 0, "r", True),  # others
        (0o001, 0, 0, "x", True),
        (0o770, 0, 0, "x", False),
    ],
)
def test_bits(mode, uid, gid, bit, allowed):
    assert access._allows(USER, info(mode, uid, gid), bit, None) is allowed


def test_root_may_do_anything():
    assert access._allows(USER._replace(uid=0), info(0o000), "r", None)


def test_acl_user_entry_decides_before_groups_and_others():
    assert access._allows(USER, info(0o004), "r", Acl(user="---")) is False
    assert access._allows(USER, info(0o000), "r", Acl(user="r--")) is True
    assert access._allows(USER, info(0o000), "x", Acl(groups=("--x",))) is True
    assert access._allows(USER, info(0o004), "r", Acl(groups=("-w-",))) is False  # a group entry applies: not others


def test_parse_getfacl_keeps_the_extended_entries_per_file():
    output = (
        "#file: /a\n#owner: ROOT\n#group: SYS1\nuser::rwx\ngroup::---\nother::---\ngroup:ZWEADMIN:r-x\n\n"
        "#file: /a/b\n#owner: ROOT\n#group: SYS1\nuser::rw-\ngroup::r--\nother::---\nuser:ZWESVUSR:---\n"
    )
    assert zos.parse_getfacl(output) == {Path("/a"): Acl(groups=("r-x",)), Path("/a/b"): Acl(user="---")}


def test_read_acls_runs_getfacl_once_for_all_paths(fp):
    command = ["getfacl", "-e", "ZWESVUSR", "/a", "/a/b"]
    fp.register(command, stdout="#file: /a/b\nuser:ZWESVUSR:r--\n")
    assert zos.read_acls("ZWESVUSR", [Path("/a"), Path("/a/b")]) == {Path("/a/b"): Acl(user="r--")}
    assert fp.call_count(command) == 1


def test_where_getfacl_fails_the_bits_alone_decide(fp):
    fp.register(["getfacl", "-e", "ZWESVUSR", "/a"], returncode=1, stderr="FSUM1234 no\n")
    assert zos.read_acls("ZWESVUSR", [Path("/a")]) == {}


def test_denied_lists_each_folder_and_the_file_with_a_fix(tmp_path):
    inside = tmp_path / "jopt"
    inside.mkdir(mode=0o700)
    file = inside / "java.options.GW"
    file.write_text("-Xmx1g\n")
    file.chmod(0o600)
    tmp_path.chmod(0o700)
    user = access.User("u", 9001, 9001, frozenset({9001}))
    found = {(d.path, d.need): d.fix for d in access.denied(user, [file], inside)}
    assert found[(tmp_path, "search")] == f"chmod o+x {tmp_path}"  # above jopt's folder: search for others
    assert found[(inside, "search")] == f"chgrp {user.group_name} {inside} && chmod g+x {inside}"
    assert found[(file, "read")] == f"chgrp {user.group_name} {file} && chmod g+r {file}"
