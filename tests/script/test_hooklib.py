"""hook/v2.sh on its own, sourced as the head block sources it: which options file it picks.

The whole start under dash is in tests/system/test_runtime_dash.py; here each rule alone:
HA instance first, the OpenJ9 options file before the HotSpot argument file, a file that
exists but cannot be read is left out with one line, and only jopt_*/JOPT_* names are set.
And the rendering: the text jinja2 made of the files, without loading jinja2.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from jopt.resources import data_dir
from jopt.script import hooklib, hooktemplate

SHELL = shutil.which("dash") or "/bin/sh"
PROBE = 'JOPT_OPTIONS=; JOPT_COMPONENT=gateway JOPT_TAG=GW; command . "$1/hook/v2.sh" </dev/null; printf "[%s]" "$JOPT_OPTIONS"'


def write_library(overrides: Path) -> None:
    (overrides / "hook").mkdir(parents=True, exist_ok=True)
    for name, text in hooklib.render(str(overrides)).items():
        (overrides / name).write_text(text)


def chosen(overrides: Path, ha: str | None = None, user: list[str] | None = None) -> tuple[str, str]:
    env = {"PATH": "/usr/bin:/bin", **({"ZWE_haInstance_id": ha} if ha else {})}
    done = subprocess.run(
        [*(user or []), SHELL, "-c", PROBE, "sh", str(overrides)], env=env, capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr
    return done.stdout, done.stderr


@pytest.mark.parametrize(
    ("files", "ha", "expected"),
    [
        ((), None, ""),
        (("java.options.GW",), None, "-Xoptionsfile={o}/java.options.GW"),
        (("java.argfile.GW",), None, "@{o}/java.argfile.GW"),
        (("java.options.GW", "java.argfile.GW"), None, "-Xoptionsfile={o}/java.options.GW"),
        (("java.options.GW", "java.options.GW.lpar1"), "lpar1", "-Xoptionsfile={o}/java.options.GW.lpar1"),
        (("java.options.GW", "java.argfile.GW.lpar1"), "lpar1", "@{o}/java.argfile.GW.lpar1"),
        (("java.options.GW", "java.options.GW.lpar1"), "lpar2", "-Xoptionsfile={o}/java.options.GW"),
        (("java.options.GW.lpar1",), None, ""),
    ],
)
def test_options_file_choice(tmp_path, files, ha, expected):
    write_library(tmp_path)
    for name in files:
        (tmp_path / name).write_text("-Xmx1g\n")
    assert chosen(tmp_path, ha) == (f"[{expected.format(o=tmp_path)}]", "")


def test_only_its_own_names_are_left_set(tmp_path):
    write_library(tmp_path)
    (tmp_path / "java.options.GW").write_text("-Xmx1g\n")
    script = PROBE.replace('printf "[%s]" "$JOPT_OPTIONS"', "set")
    before = subprocess.run([SHELL, "-c", "set"], env={"PATH": "/usr/bin:/bin"}, capture_output=True, text=True)
    after = subprocess.run(
        [SHELL, "-c", script, "sh", str(tmp_path)], env={"PATH": "/usr/bin:/bin"}, capture_output=True, text=True
    )
    names = {line.split("=", 1)[0] for line in after.stdout.splitlines() if "=" in line}
    old = {line.split("=", 1)[0] for line in before.stdout.splitlines() if "=" in line}
    assert {n for n in names - old if n.lower().startswith("jopt")} == {"JOPT_OPTIONS"}


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root and setpriv")
def test_an_options_file_the_user_cannot_read_is_left_out_with_one_line():
    overrides = Path(tempfile.mkdtemp(prefix="jopt-hooklib-"))
    try:
        overrides.chmod(0o755)
        write_library(overrides)
        for path in (overrides / "hook", *(overrides / "hook").iterdir()):
            path.chmod(0o755 if path.is_dir() else 0o644)
        options = overrides / "java.options.GW"
        options.write_text("-Xmx1g\n")
        options.chmod(0o600)  # root's: user nobody cannot read it
        nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]

        assert chosen(overrides, user=nobody) == (
            "[]",
            f"jopt: {options} is not readable by this user; starting without it\n",
        )
    finally:
        shutil.rmtree(overrides)


def jinja2_render(overrides_dir: str, cap: int) -> dict[str, str]:
    """The files rendered as jopt rendered them with jinja2 (installs record their sha256)."""
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_dir("hooks"))),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
        comment_start_string="<%#",
        comment_end_string="#%>",
    )
    values = hooklib._values(overrides_dir, cap)
    return {name: environment.get_template(file).render(**values) for name, file in hooklib.TEMPLATES.items()}


@pytest.mark.parametrize("overrides_dir", ["/o", "/global/zowe/workspace/jopt", "/u/zowe dir/overrides-1"])
@pytest.mark.parametrize("cap", [hooklib.TRACE_CAP, 1, 4096])
def test_rendered_text_is_what_jinja2_rendered(overrides_dir, cap):
    rendered = hooklib.render(overrides_dir, cap)

    assert rendered == jinja2_render(overrides_dir, cap)
    assert f"jopt_d='{overrides_dir}'" in rendered["hook/v2.sh"]
    assert f"-lt {cap} ]" in rendered["hook/v2-trace.sh"]
    assert "{{" not in "".join(rendered.values())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a={{ a }} b={{b}}\n", "a=1 b=two\n"),
        ('${#x} ${x:-$y} $a "${a}" }} #} %}', '${#x} ${x:-$y} $a "${a}" }} #} %}'),
    ],
)
def test_names_in_double_braces_are_filled_and_shell_text_is_left(text, expected):
    assert hooktemplate.HookTemplate(text).substitute(a=1, b="two") == expected


@pytest.mark.parametrize("text", ["{{ a | upper }}", "x\n{{ a -}}", "{{ }}", "{% if a %}x{% endif %}", "<%# note #%>"])
def test_a_placeholder_that_is_not_a_plain_name_is_an_error(text):
    with pytest.raises(ValueError, match="Invalid placeholder"):
        hooktemplate.HookTemplate(text).substitute(a=1)


def test_a_name_without_a_value_is_an_error():
    with pytest.raises(KeyError, match="cap"):
        hooktemplate.HookTemplate("{{ a }} {{ cap }}").substitute(a=1)


def test_rendering_does_not_load_jinja2():
    probe = "import sys, jopt.script.hooklib as h; h.render('/o'); print('jinja2' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)

    assert (done.returncode, done.stdout, done.stderr) == (0, "False\n", "")
