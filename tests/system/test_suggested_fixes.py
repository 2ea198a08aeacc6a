"""Every fix jopt suggests is one it then accepts: each case makes the situation, takes the
suggested command from jopt's own output, runs it as printed, and checks the component is
then clean in `jopt status`.

A suggestion is one or more commands joined by `&&` (or `;`); a `jopt ...` part runs through
the CLI in-process, any other part (chgrp, rm, cp) through `sh`.
"""

from __future__ import annotations

import re
import shlex
import subprocess
from collections.abc import Callable

import pytest
from click.testing import CliRunner
from conftest import Sample

from jopt.cli.app import cli

Jopt = Callable[..., object]


def run(sample: Sample, *args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    full = {"JOPT_ZOWE_YAML": str(sample.zowe_yaml), "NO_COLOR": "1", **(env or {})}
    done = CliRunner().invoke(cli, list(args), env=full, catch_exceptions=False)
    return done.exit_code, done.output


def apply(sample: Sample, suggestion: str) -> None:
    """Run a suggestion as printed: every part must succeed."""
    for part in re.split(r" && |; ", suggestion):
        if part.startswith("jopt "):
            code, out = run(sample, *shlex.split(part)[1:])
            assert code == 0, f"{part}\n{out}"
        else:
            subprocess.run(["sh", "-c", part], check=True)


def fix_of(output: str, component: str) -> str:
    """The command in the `fix:` line under the component's note in `jopt status`: the line,
    or the command quoted in it when it says more (`inspect ..., then `jopt ...` does ...`)."""
    found = re.search(rf"^{re.escape(component)}: .*\n  fix: (.*)$", output, re.M)
    assert found, output
    quoted = re.findall(r"`([^`]*)`", found.group(1))
    return quoted[0] if quoted else found.group(1)


def clean(sample: Sample, component: str) -> None:
    code, out = run(sample, "status", component)
    assert code == 0, out
    assert "fix:" not in out and "damage" not in out and "drift" not in out, out


def hook_gone(sample: Sample) -> None:
    (backup,) = (sample.overrides / "backups" / "gateway").iterdir()
    sample.script("gateway").write_bytes(backup.read_bytes())  # maintenance put the shipped script back


def edited_after_install(sample: Sample) -> None:
    with sample.script("gateway").open("a") as script:
        script.write("# PTF UO12345\n")


def damaged(sample: Sample) -> None:
    path = sample.script("gateway")
    path.write_text(path.read_text().replace("JOPT_OPTIONS=\n", "JOPT_OPTIONS=-Xmx1g\n", 1))


def hand_made(sample: Sample) -> None:
    path = sample.script("discovery")
    text = path.read_text().replace('  -jar "${JAR_FILE}" &', '  ${COLIN} \\\n  -jar "${JAR_FILE}" &')
    lines = text.split("\n")
    lines[1:1] = ['fn="/u/jopt/java.options.DS"', 'if [ -f "${fn}" ]; then', 'COLIN="-Xoptionsfile=${fn}"', "else",
                  'COLIN=""', "fi"]  # fmt: skip
    path.write_text("\n".join(lines))


@pytest.mark.parametrize(
    "component,setup,start",
    [
        ("gateway", hook_gone, "hook is gone"),
        ("gateway", edited_after_install, "script changed since install"),
        ("gateway", damaged, "hook line edited by hand"),
        ("discovery", hand_made, "a hand-made hook"),
    ],
    ids=["hook gone", "changed since install", "damaged", "hand-made"],
)
def test_the_fix_status_prints_for_a_hook_is_accepted(sample, component, setup, start):
    assert run(sample, "install", "gateway")[0] == 0
    setup(sample)
    code, out = run(sample, "status", component)
    assert code in (3, 4) and start in out, out
    apply(sample, fix_of(out, component))
    clean(sample, component)


def test_an_outdated_hook(sample, tmp_path):
    assert run(sample, "install", "gateway", env={"JOPT_OVERRIDES": str(tmp_path / "elsewhere")})[0] == 0
    code, out = run(sample, "status", "gateway")
    assert code == 3 and "hook parameters changed: overrides_dir" in out, out
    apply(sample, fix_of(out, "gateway"))
    clean(sample, "gateway")


def test_native_capable_note_and_install_hint(sample):
    code, out = run(sample, "status", "apiml")
    note = re.search(r"^apiml: native-capable: .*: `(.*)`$", out, re.M)
    assert code == 0 and note, out
    assert note.group(1) == "jopt render --profile shareclasses apiml && jopt install apiml --native --write-config"
    apply(sample, note.group(1))
    clean(sample, "apiml")


def test_the_install_hint_moves_a_hooked_component_to_native_mode(sample):
    code, out = run(sample, "install", "apiml")
    hint = re.search(r"^hint: apiml can take .*: (jopt .*)$", out, re.M)
    assert code == 0 and hint, out
    apply(sample, hint.group(1))
    clean(sample, "apiml")
    assert "jopt hook" not in sample.script("apiml").read_text()


def test_native_mode_pointing_at_a_missing_file(sample):
    options = sample.overrides / "java.options.AM"
    text = sample.zowe_yaml.read_text()
    sample.zowe_yaml.write_text(
        text.replace("      max: 1024\n", f'      max: 1024\n    jvm:\n      Xoptionsfile: "={options}"\n', 1)
    )
    code, out = run(sample, "status", "apiml")
    assert code == 3 and "which does not exist" in out, out
    apply(sample, fix_of(out, "apiml"))
    clean(sample, "apiml")


def test_zowe_yaml_no_longer_pointing(sample):
    original = sample.zowe_yaml.read_bytes()
    apply(sample, "jopt render --profile shareclasses apiml && jopt install apiml --native --write-config")
    sample.zowe_yaml.write_bytes(original)  # zowe.yaml replaced by another copy
    code, out = run(sample, "status", "apiml")
    assert code == 3 and "zowe.yaml no longer points it at java.options.AM" in out, out
    apply(sample, fix_of(out, "apiml"))
    clean(sample, "apiml")


def test_a_start_script_shared_through_a_link(sample):
    assert run(sample, "install", "gateway")[0] == 0
    zaas = sample.script("zaas")
    zaas.unlink()
    zaas.symlink_to(sample.script("gateway"))
    code, out = run(sample, "status")
    assert code == 4 and "zaas: damage: its start script is the start script of gateway too" in out, out
    apply(sample, fix_of(out, "zaas"))
    clean(sample, "zaas")
    clean(sample, "gateway")


def test_a_trace_switch_no_hook_reads(sample):
    assert run(sample, "install", "gateway")[0] == 0
    (sample.overrides / "trace.ZSS").write_text("")  # left from an old jopt, or made by hand
    code, out = run(sample, "status", "zss")
    note = re.search(r"^zss: trace.ZSS is set, but no hook reads it: `(.*)` removes it$", out, re.M)
    assert code == 0 and note, out
    assert run(sample, "status", "zss")[1].split("\n")[1].split()[-1] == "off"
    apply(sample, note.group(1))
    assert not (sample.overrides / "trace.ZSS").exists()
    assert "trace.ZSS" not in run(sample, "status", "zss")[1]
