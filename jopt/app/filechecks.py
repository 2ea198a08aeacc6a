"""What the JVM finds in the overrides directory at its next start, as `jopt status` checks it.

Two ways a JVM starts silently other than status would otherwise say:
- the started task's user cannot reach or read a file the hook gives the JVM (jopt runs as
  another user, and new folders and files are private to it by default);
- an options file holds what the JVM refuses or did not mean: checked with render's own
  rules (`jopt.options.lint`), each finding with its line.

The started task's user is `zowe.setup.security.users.zowe` from zowe.yaml (ZWESVUSR when
it is not set), or the user given with --run-as.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from jopt.errors import JoptError
from jopt.storage import access, encoding, fileio, state
from jopt.zowe.config import ZoweConfig

DEFAULT_USER = "ZWESVUSR"
USER_KEY = ("zowe", "setup", "security", "users", "zowe")


class RunAs(NamedTuple):
    """The user the JVMs run as, where that came from, and that user on this system (None: unknown here)."""

    name: str
    source: str  # "--run-as", "zowe.setup.security.users.zowe in zowe.yaml" or "the default"
    user: access.User | None

    @property
    def unknown_note(self) -> str:
        return (
            f"the started task's user {self.name} ({self.source}) is not a user on this system: not checked "
            "that it can read the options files (--run-as USER checks for another user)"
        )

    def as_dict(self) -> dict[str, object]:
        return {"user": self.name, "source": self.source, "known": self.user is not None}


def run_as(given: str | None, found: ZoweConfig | None) -> RunAs:
    """The started task's user: `given` (--run-as), else zowe.yaml's (`found`: the site's
    configuration, its layers merged as Zowe merges them), else ZWESVUSR."""
    if given:
        return RunAs(given, "--run-as", access.lookup(given))
    configured = None
    if found is not None:
        try:
            configured = found.value(USER_KEY)
        except JoptError:
            configured = None
    if isinstance(configured, str) and configured.strip():
        name = configured.strip()
        return RunAs(name, "zowe.setup.security.users.zowe in zowe.yaml", access.lookup(name))
    return RunAs(DEFAULT_USER, "the default", access.lookup(DEFAULT_USER))


def hook_inputs(options_files: Sequence[Path], sourced: Sequence[Path] = ()) -> list[Path]:
    """The files the hook hands the JVM (the options files), and the files it reads itself:
    `sourced`, <overrides>/hook/v2.sh and v2-trace.sh for a hook v2 (v1 read none)."""
    return [*options_files, *sourced]


def unreadable(
    who: RunAs, files: Sequence[Path], overrides: Path, acls: access.AclReader | None
) -> tuple[str, str] | None:
    """(what, fix) when the started task's user cannot reach or read one of `files`, else None."""
    if who.user is None or not files:
        return None
    found = access.denied(who.user, files, overrides, acls)
    if not found:
        return None
    blocked = {d.path for d in found}
    names = ", ".join(p.name for p in files if p in blocked or blocked.intersection(p.parents))
    what = (
        f"the started task's user {who.name} cannot {'; cannot '.join(str(d) for d in found)}: "
        f"its JVM does not get {names}"
    )
    return what, " && ".join(dict.fromkeys(d.fix for d in found))


def findings(site_rendered: dict[str, str], path: Path) -> list[tuple[str, str | None]]:
    """(what, fix) for each problem lint finds in the options file at `path`."""
    from jopt.options import lint  # render's rules: read only for a site that has options files

    dialect = lint.dialect_of(path.name)
    if dialect is None:
        return []
    try:
        data = fileio.read_bytes(path)
        text = encoding.decode(data, encoding.detect(data, path=path), path=path)
    except JoptError as error:
        return [(f"{path.name}: cannot be checked: {error}", None)]
    found = lint.lint(text, dialect, str(path))
    if not found:
        return []
    fix = _fix(text, path, site_rendered.get(path.name) == state.sha256(data))
    return [(f"{path.name} line {f.line}: {f.message}", fix) for f in found]


def _fix(text: str, path: Path, as_written: bool) -> str:
    """Render again with the command in the file's header (jopt wrote it), forced where the
    file is no longer what jopt wrote; else edit the file."""
    import shlex  # only for a finding, as lint is

    marker = "# Do not edit; re-render: jopt render "
    command = next((line[len(marker) :] for line in text.splitlines() if line.startswith(marker)), None)
    if command is None:
        return f"edit {path}"
    try:
        words = shlex.split(command)
    except ValueError:
        return f"edit {path}"
    return shlex.join(["jopt", "render", *words, *([] if as_written else ["--force"])])
