import io

from jopt.app.status import ComponentStatus
from jopt.cli import output
from jopt.cli.common import use_color


def status(**changes):
    base = dict(
        component="gateway",
        source="runtime",
        tag="GW",
        kind="java",
        script="/s",
        hook="current",
        detail="",
        options_files=("/o/java.options.GW",),
        trace=True,
        drift=None,
        fix=None,
    )
    return ComponentStatus(**{**base, **changes})


def test_status_table_text():
    text = output.status_table(
        [status(), status(component="zss", kind="not-java", hook="none", options_files=(), trace=False)]
    )
    assert text == (
        "COMPONENT  TAG  KIND      HOOK     OPTIONS          TRACE\n"
        "gateway    GW   java      current  java.options.GW  on\n"
        "zss        -    not-java  none     -                off\n"
    )


def test_status_table_notes_drift_with_fix():
    text = output.status_table([status(hook="none", drift="hook is gone", fix="jopt install gateway")])
    assert text.endswith("\ngateway: drift: hook is gone\n  fix: jopt install gateway\n")


def test_style_is_applied_to_hook_cells_only_when_asked():
    marked = output.status_table([status(hook="damaged", detail="x")], lambda text, role: f"<{role}>{text}")
    assert "<bad>damaged" in marked and "<bad>gateway: damaged: x" in marked


class Tty(io.StringIO):
    def isatty(self):
        return True


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_color(Tty()) is True
    assert use_color(io.StringIO()) is False
    monkeypatch.setenv("NO_COLOR", "")
    assert use_color(Tty()) is False
