"""The click group: commands load lazily (`jopt status` imports no jinja2),
and every library error becomes a one-line message and an exit code here, in one place.
"""

from __future__ import annotations

import importlib
import io
import sys
from typing import Any, TextIO

import click

from jopt import __version__
from jopt.errors import ExitCode, JoptError

#: command name -> "module:function" under jopt.cli
COMMANDS = {
    "status": "status_commands:status",
    "list": "status_commands:list_",
    "install": "hook_commands:install",
    "uninstall": "hook_commands:uninstall",
    "restore": "hook_commands:restore",
    "trace": "trace_commands:trace",
    "demo": "demo:demo",
    "report": "report_commands:report",
    "verify": "report_commands:verify",
    "explain": "explain_commands:explain",
    "render": "render_commands:render",
    "profiles": "render_commands:profiles",
    "startup": "startup_commands:startup",
    "cache": "cache_commands:cache",
}

EPILOG = """\b
Exit codes:
  0  all good            3  drift (hook gone or outdated; the fix is printed)
  1  refused or failed   4  damage (hook damaged, script unreadable)
  2  bad command line    5  another jopt holds the lock
  6  verify: requested options did not take effect;
     status: an options file has options that will not
  7  install --all: the others are hooked; some Java components cannot be (listed)

\b
Locations come from --zowe-yaml (JOPT_ZOWE_YAML), or --runtime (JOPT_RUNTIME) with
--overrides (JOPT_OVERRIDES); see `jopt status --help`.
"""


class QuietPipe:
    """Standard output for a reader that may go away (`jopt status | head`), as Unix tools
    treat it: once the reader has closed the pipe, the rest of the output goes nowhere, and
    the command finishes its work and exits with its own code, quietly: no traceback, no
    "Broken pipe", and no writer stopped half-way through its files."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.gone = False  # the reader closed the pipe

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                return self._stream.write(text)
            except BrokenPipeError:
                self._went()
        return len(text)

    def flush(self) -> None:
        if not self.gone:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._went()

    def _went(self) -> None:
        from jopt.storage.fileio import to_devnull

        self.gone = True
        try:  # what is still buffered, and Python's own flush at exit, go nowhere
            to_devnull(self._stream.fileno())
        except (OSError, ValueError, io.UnsupportedOperation):
            pass

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(f"jopt.cli.{module}"), attr)

    def invoke(self, ctx: click.Context) -> object:
        if not isinstance(sys.stdout, QuietPipe):
            sys.stdout = QuietPipe(sys.stdout)
        try:
            return super().invoke(ctx)
        except JoptError as error:
            click.echo(f"jopt: error: {error}", err=True)
            ctx.exit(int(error.exit_code))
        except KeyboardInterrupt:
            click.echo("jopt: interrupted", err=True)
            ctx.exit(int(ExitCode.ERROR))
        except OSError as error:  # a file operation the library did not expect to fail
            from jopt.storage.fileio import os_message

            where = f"{error.filename}: " if error.filename else ""
            click.echo(f"jopt: error: {where}{os_message(error)}", err=True)
            ctx.exit(int(ExitCode.ERROR))


@click.group(cls=LazyGroup, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jopt", message="%(prog)s %(version)s")
def cli() -> None:
    """Manage Java-option overrides for Zowe components on z/OS.

    jopt puts a small guarded hook into a component's start script. When the options file
    <overrides>/java.options.<TAG> exists, the JVM is started with -Xoptionsfile=<that file>;
    when it does not, the script runs exactly as shipped.

    \b
    Examples:
      jopt status --zowe-yaml /global/zowe/zowe.yaml
      jopt install gateway --dry-run
      jopt install gateway
      jopt uninstall --all
      jopt demo
    """
