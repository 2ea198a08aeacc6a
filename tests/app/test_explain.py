"""Which of an options file's options win, for the Zowe 3.5-style gateway, in each mode."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from jopt.app import explain
from jopt.app.site import Site
from jopt.errors import ConfigError
from jopt.zowe.locations import resolve

OPTIONS = """\
# rendered by hand for the test
-Xmx2g
-Djava.io.tmpdir=/bigtmp
-Djavax.net.debug=ssl:handshake
-Dapiml.connection.timeout=5000
-Dfile.encoding=UTF-8
-Xshareclasses:name=zowe_gw,cacheDir=/u/jopt/scc,nonfatal
-Dmy.own=1
"""
OPTIONS_FILE = "java.options.GW"


def site_of(root: Path) -> Site:
    return Site.open(resolve(root / "zowe.yaml", None, None, None))


def gateway(root: Path, **kwargs: object) -> explain.Explanation:
    site = site_of(root)
    return explain.explain(site, site.select(["gateway"])[0], **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def root(zowe35: Path) -> Path:
    overrides = zowe35 / "workspace" / "jopt"
    overrides.mkdir(parents=True)
    (overrides / OPTIONS_FILE).write_text(OPTIONS)
    return zowe35


def outcome(found: explain.Explanation) -> dict[str, str]:
    """Each option of the options file: "wins", "loses to <where>" or "new"."""
    result = {}
    for row in found.rows:
        for arg in row.args:
            if arg.source != "options file":
                continue
            winner = row.winner
            if winner is None or winner == arg:
                result[arg.value] = "wins" if len(row.args) > 1 else "new"
            elif winner.value != arg.value:
                result[arg.value] = f"loses to {winner.where}"
    return result


def test_native_mode_most_d_options_lose_to_the_scripts_own(root):
    found = gateway(root, mode="native")
    assert outcome(found) == {
        "-Xmx2g": "wins",
        "-Djava.io.tmpdir=/bigtmp": "loses to start.sh line 77",
        "-Djavax.net.debug=ssl:handshake": "loses to start.sh line 80",
        "-Dapiml.connection.timeout=5000": "loses to start.sh line 56",
        "-Dfile.encoding=UTF-8": "loses to start.sh line 75",
        "-Xshareclasses:name=zowe_gw,cacheDir=/u/jopt/scc,nonfatal": "wins",
        "-Dmy.own=1": "new",
    }
    assert explain.warnings(found) == [
        "gateway: -Djava.io.tmpdir=/bigtmp in java.options.GW line 3 loses to -Djava.io.tmpdir=/tmp at start.sh "
        "line 77 in native mode; use the hook (jopt install gateway)",
        "gateway: -Djavax.net.debug=ssl:handshake in java.options.GW line 4 loses to -Djavax.net.debug= at start.sh "
        "line 80 in native mode; use the hook (jopt install gateway) or set components.gateway.sslDebug",
        "gateway: -Dapiml.connection.timeout=5000 in java.options.GW line 5 loses to -Dapiml.connection.timeout=30000 "
        "at start.sh line 56 in native mode; use the hook (jopt install gateway) or set "
        "components.gateway.apiml.connection.timeout",
        "gateway: -Dfile.encoding=UTF-8 in java.options.GW line 6 loses to -Dfile.encoding=COMPAT at start.sh line 75 "
        "in native mode; use the hook (jopt install gateway)",
        "gateway: -Xshareclasses:name=zowe_gw,cacheDir=/u/jopt/scc,nonfatal (java.options.GW line 7) replaces Zowe's "
        "-Xshareclasses:name=apiml_shared_classes,nonfatal,silent (apiml-common-scripts.sh line 51, on z/OS): OpenJ9 "
        "uses only the last -Xshareclasses; the JVM will use cache zowe_gw in /u/jopt/scc (nonpersistent)",
    ]


def test_hook_mode_every_option_wins(root):
    found = gateway(root, mode="hook")
    assert outcome(found) == {
        "-Xmx2g": "wins",
        "-Djava.io.tmpdir=/bigtmp": "wins",
        "-Djavax.net.debug=ssl:handshake": "wins",
        "-Dapiml.connection.timeout=5000": "wins",
        "-Dfile.encoding=UTF-8": "wins",
        "-Xshareclasses:name=zowe_gw,cacheDir=/u/jopt/scc,nonfatal": "wins",
        "-Dmy.own=1": "new",
    }
    assert found.losses() == []
    assert [w.split(": ", 1)[1][:40] for w in explain.warnings(found)] == ["-Xshareclasses:name=zowe_gw,cacheDir=/u/"]
    hook = next(a for a in found.command if a.slot == "hook")
    assert (hook.file, hook.line, hook.via) == ("hook", None, "the hook, before -jar")
    assert [a.value for a in found.command[-3:-2]] == [hook.value]


def test_both_modes_the_file_is_read_twice_and_the_hooks_copy_wins(root):
    found = gateway(root, mode="both")
    assert set(outcome(found).values()) == {"wins"}
    files = [a.where for a in found.args if a.value.startswith("-Xoptionsfile")]
    assert files == ["zowe.yaml components.gateway.jvm.Xoptionsfile", "hook"]


def test_values_come_from_zowe_yaml_and_the_manifest_defaults(root):
    rows = {r.family: r for r in gateway(root, mode="none").rows}
    xmx = rows["-Xmx"].winner
    assert xmx is not None and (xmx.option, xmx.value, xmx.keys, xmx.defaulted) == (
        "-Xmx${ZWE_configs_heap_max:-512}m", "-Xmx1024m", ("components.gateway.heap.max",), False,
    )  # fmt: skip
    xms = rows["-Xms"].winner
    assert xms is not None and (xms.value, xms.keys) == ("-Xms32m", ("components.gateway.heap.init",))
    timeout = rows["-Dapiml.connection.timeout"].winner
    assert timeout is not None and timeout.value == "-Dapiml.connection.timeout=30000"
    password = rows["-Dserver.ssl.keyStorePassword"].winner
    assert password is not None and password.value == "-Dserver.ssl.keyStorePassword=${keystore_pass}"
    assert not password.exact


def test_without_zowe_yaml_the_scripts_defaults_show(root):
    site = Site.open(resolve(None, root, None, root / "workspace" / "jopt"))
    found = explain.explain(site, site.select(["gateway"])[0], mode="none")
    rows = {r.family: r for r in found.rows}
    assert rows["-Xmx"].winner.value == "-Xmx512m"  # type: ignore[union-attr]
    assert rows["-Dapiml.connection.timeout"].winner.value == "-Dapiml.connection.timeout=60000"  # type: ignore[union-attr]
    assert found.notes == [
        "the options file is not passed: no hook and zowe.yaml does not point at it; "
        "--mode hook or --mode native shows what each would do"
    ]


def test_elsewhere_than_z_os_zowe_adds_no_cache(root):
    found = gateway(root, mode="none", zos=False)
    assert found.cache() is None
    assert "-Xquickstart" not in [a.value for a in found.args]
    assert gateway(root, mode="none").cache().name == "apiml_shared_classes"  # type: ignore[union-attr]


def test_two_jvm_settings_of_one_family_have_no_fixed_order(root):
    data = yaml.safe_load((root / "zowe.yaml").read_text())
    data["components"]["gateway"]["jvm"] = {"Xmx": "1g", "Xoptionsfile": f"={root / 'workspace/jopt' / OPTIONS_FILE}"}
    (root / "zowe.yaml").write_text(yaml.safe_dump(data))
    found = gateway(root)
    assert found.mode == "native"
    assert explain.unordered_messages(found) == [
        "-Xmx1g (components.gateway.jvm.Xmx) and -Xmx2g (java.options.GW line 2) both set -Xmx from "
        "${CUSTOM_JVM_OPTS}; parse_jvm_args.sh takes components.<id>.jvm in the order `env` prints it, which is "
        "not fixed: keep one"
    ]


def test_texts_replace_the_files_for_what_render_is_about_to_write(root):
    path = str(root / "workspace" / "jopt" / OPTIONS_FILE)
    found = gateway(root, mode="native", texts={path: "-Djava.io.tmpdir=/other\n"})
    assert outcome(found) == {"-Djava.io.tmpdir=/other": "loses to start.sh line 77"}


def test_options_the_jvm_refuses_in_the_file_are_problems(root):
    (root / "workspace" / "jopt" / OPTIONS_FILE).write_text("-XshowSettings\n-Xoptionsfile=/o/other\n")
    found = gateway(root, mode="native")
    assert [p.message for p in found.problems] == [
        "OpenJ9 does not allow -XshowSettings inside an options file",
        "OpenJ9 does not read an options file named inside an options file",
    ]


def test_secret_values_are_masked_in_the_document(root):
    (root / "workspace" / "jopt" / OPTIONS_FILE).write_text("-Dserver.ssl.keyStorePassword=hunter2\n")
    data = gateway(root, mode="native").as_dict()
    assert "hunter2" not in repr(data)
    assert data["losing"][0]["option"] == "-Dserver.ssl.keyStorePassword=***"


def test_an_unknown_mode_is_refused(root):
    with pytest.raises(ConfigError, match="unknown mode 'sideways'"):
        gateway(root, mode="sideways")
