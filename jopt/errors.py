"""The one error hierarchy of jopt and the exit codes it maps to.

Library code raises these; only the CLI turns them into exit codes and messages.
"""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    """Documented exit codes (README, "Exit codes")."""

    OK = 0
    ERROR = 1  # refused or failed; nothing was changed
    USAGE = 2  # bad command line (click's own code)
    DRIFT = 3  # status: a hook was installed but is gone or outdated
    DAMAGE = 4  # status: a hook is damaged or hand-made, or a script cannot be read
    LOCKED = 5  # another jopt holds the lock of the overrides directory
    VERIFY_FAILED = 6  # verify: requested options did not take effect; status: options that will not
    NOT_ALL_HOOKED = 7  # install --all: hooked what it could; some Java components cannot be hooked


class JoptError(Exception):
    """A failure with a one-line message meant for the user."""

    exit_code: ExitCode = ExitCode.ERROR

    def __init__(self, message: str, *, path: object | None = None, line: int | None = None):
        self.path = path
        self.line = line
        super().__init__(message)

    def __str__(self) -> str:
        message = super().__str__()
        if self.path is None:
            return message
        where = str(self.path) if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {message}"


class ConfigError(JoptError):
    """zowe.yaml, manifest.yaml, flags or environment are wrong or missing."""


class ScriptError(JoptError):
    """A start script cannot be hooked or unhooked as it is (refused, no bytes changed)."""


class NoScript(ScriptError):
    """A component has no start script jopt can use (none declared, missing, unreadable manifest)."""


class NotJava(ScriptError):
    """A start script has no Java launch (no java command naming a jar or a main class)."""


class WriteError(JoptError):
    """Writing failed; everything written by this command was rolled back."""


class LockError(JoptError):
    exit_code = ExitCode.LOCKED
