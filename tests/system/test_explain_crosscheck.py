"""`jopt explain` against real runs: the Zowe 3.5-style gateway started like Zowe starts it.

Under dash, with a stub JVM that records its argv, the command line explain predicts (before
the options files are read) is the argv the JVM gets: same arguments, same order, the same
value wherever explain knows it. With the machine's real JDK and an `@argfile` holding
-XshowSettings:properties, every property's value is the winner explain predicted, in hook
mode (the argfile wins) and with a `components.gateway.jvm` -D (it loses to the script's own).
"""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from conftest import DASH, STUB_JAVA, argv_runs, run_like_zowe

from jopt.app import explain
from jopt.app.site import Site
from jopt.cli.app import cli
from jopt.options import effective
from jopt.settings.reader import parse_text
from jopt.zowe.locations import resolve

JAVA = shutil.which("java")
needs_dash = pytest.mark.skipif(DASH is None, reason="dash is not installed (.ci/run installs it)")
needs_java = pytest.mark.skipif(JAVA is None, reason="no JDK on PATH")

OPTIONS = """\
-Xmx2g
-Djava.io.tmpdir=/bigtmp
-Djavax.net.debug=ssl:handshake
-Dapiml.connection.timeout=5000
-Dfile.encoding=UTF-8
-Dmy.own=1
"""


@pytest.fixture
def root(zowe35: Path) -> Path:
    (zowe35 / "components" / "gateway" / "bin" / "gateway-service-lite.jar").write_bytes(_jar())
    return zowe35


def _jar() -> bytes:
    """A jar whose main class does not exist: the JVM prints its settings, then stops."""
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"jopt-explain-{os.getpid()}.jar"
    with zipfile.ZipFile(path, "w") as jar:
        jar.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nMain-Class: jopt.NoSuchMain\n\n")
    data = path.read_bytes()
    path.unlink()
    return data


def flatten(prefix: str, value: Any) -> dict[str, str]:
    """Zowe's environment for a configuration subtree: a_b for nested keys, a_0 for list items."""
    if isinstance(value, dict):
        return {k: v for key, sub in value.items() for k, v in flatten(f"{prefix}_{key}", sub).items()}
    if isinstance(value, list):
        return {k: v for i, sub in enumerate(value) for k, v in flatten(f"{prefix}_{i}", sub).items()}
    text = {True: "true", False: "false", None: ""}
    return {prefix: text.get(value, str(value)) if not isinstance(value, str) else value}


def zowe_env(root: Path, bin_dir: Path, **extra: str) -> dict[str, str]:
    """What Zowe exports for the gateway: zowe.* and the gateway's configuration over its
    manifest's defaults (ZWE_configs_*), jvm settings included."""
    config = yaml.safe_load((root / "zowe.yaml").read_text())
    defaults = yaml.safe_load((root / "components" / "gateway" / "manifest.yaml").read_text())["configs"]
    merged = {**defaults, **config["components"]["gateway"]}
    merged["heap"] = {**defaults["heap"], **config["components"]["gateway"].get("heap", {})}
    return {
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "JAVA_BIN_DIR": f"{bin_dir}/",
        "HOME": os.environ.get("HOME", "/tmp"),
        **flatten("ZWE_zowe", config["zowe"]),
        **flatten("ZWE_configs", merged),
        **extra,
    }


def jopt(root: Path, *args: str) -> Any:
    done = CliRunner().invoke(cli, [*args, "--zowe-yaml", str(root / "zowe.yaml")], catch_exceptions=False)
    assert done.exit_code == 0, done.output
    return done


def explained(root: Path, **kwargs: Any) -> explain.Explanation:
    site = Site.open(resolve(root / "zowe.yaml", None, None, None))
    return explain.explain(site, site.select(["gateway"])[0], **kwargs)


def stub_bin(tmp_path: Path, zos: bool, java21: bool) -> Path:
    """A stub JVM; on z/OS also `uname` printing OS/390, and a javap of Java 21 when asked."""
    bin_dir = tmp_path / "stubbin"
    bin_dir.mkdir()
    (bin_dir / "java").write_text(STUB_JAVA)
    if zos:
        (bin_dir / "uname").write_text("#!/bin/sh\necho OS/390\n")
    if java21:  # $JAVA_HOME/bin/javap: the helper asks it for the class file version
        (bin_dir / "home" / "bin").mkdir(parents=True)
        (bin_dir / "home" / "bin" / "javap").write_text('#!/bin/sh\necho "  major version: 65"\n')
        (bin_dir / "home" / "bin" / "javap").chmod(0o755)
    for tool in bin_dir.iterdir():
        tool.chmod(0o755)
    return bin_dir


def assert_same_line(predicted: list[effective.Arg], argv: list[str], root: Path) -> None:
    """Argument by argument; the zowe.yaml settings in ${CUSTOM_JVM_OPTS} as a set, since
    parse_jvm_args.sh takes them in the order `env` prints them (dash: its own hash order)."""
    assert len(predicted) == len(argv), (len(predicted), len(argv))
    assert [a.option for a in predicted[-2:]] == ["-jar", '"${JAR_FILE}"']
    assert argv[-2:] == ["-jar", str(root / "components" / "gateway" / "bin" / "gateway-service-lite.jar")]
    predicted, argv = predicted[:-2], argv[:-2]
    native = [i for i, a in enumerate(predicted) if a.source == "zowe.yaml"]
    if native:
        first, last = native[0], native[-1] + 1
        assert sorted(a.value for a in predicted[first:last]) == sorted(argv[first:last])
        predicted, argv = predicted[:first] + predicted[last:], argv[:first] + argv[last:]
    for arg, seen in zip(predicted, argv):
        if arg.exact:
            assert arg.value == seen, (arg.where, arg.option)
        else:
            assert effective.family(arg.value) == effective.family(seen), (arg.where, arg.option, seen)


def set_jvm(root: Path, settings: dict[str, str]) -> None:
    zowe_yaml = root / "zowe.yaml"
    data = yaml.safe_load(zowe_yaml.read_text())
    data["components"]["gateway"]["jvm"] = settings
    zowe_yaml.write_text(yaml.safe_dump(data))


@needs_dash
@pytest.mark.parametrize(
    ("zos", "conditions"),
    [(True, False), (True, True), (False, False), (False, True)],
    ids=["zos", "zos-all", "linux", "linux-all"],
)
def test_native_mode_argv_is_the_predicted_command_line(tmp_path, root, zos, conditions):
    overrides = root / "workspace" / "jopt"
    overrides.mkdir(parents=True)
    (overrides / "java.options.GW").write_text(OPTIONS)
    set_jvm(root, {"Xoptionsfile": f"={overrides / 'java.options.GW'}", "Dzowe_own": "x"})
    bin_dir = stub_bin(tmp_path, zos, java21=conditions)
    extra = {"ZWE_configs_logging_config": "/u/logback.xml", "ZWE_zowe_externalDomains_0": "zowe.example.com",
             "ZWE_zowe_externalPort": "7554", "JVM_SECURITY_PROPERTIES_OVERRIDE": "true"} if conditions else {}  # fmt: skip
    env = zowe_env(root, bin_dir, STUB_ARGV_FILE=str(tmp_path / "argv"), JAVA_HOME=str(bin_dir / "home"), **extra)
    env.update({f"ZWE_configs_jvm_{k}": v for k, v in {"Xoptionsfile": f"={overrides / 'java.options.GW'}"}.items()})

    done = run_like_zowe(root / "components" / "gateway", env)

    assert done.returncode == 0, done.stderr.decode(errors="replace")
    (argv,) = argv_runs(tmp_path / "argv")
    found = explained(root, mode="native", zos=zos)
    predicted = [a for a in found.command if a.certain or conditions]
    assert_same_line(predicted, argv, root)
    assert f"-Xoptionsfile={overrides / 'java.options.GW'}" in argv
    assert ("-Xshareclasses:name=apiml_shared_classes,nonfatal,silent" in argv) is zos


@needs_dash
def test_hook_mode_argv_is_the_predicted_command_line(tmp_path, root):
    jopt(root, "install", "gateway")
    (root / "workspace" / "jopt" / "java.options.GW").write_text(OPTIONS)
    bin_dir = stub_bin(tmp_path, zos=True, java21=False)
    env = zowe_env(root, bin_dir, STUB_ARGV_FILE=str(tmp_path / "argv"), JAVA_HOME=str(tmp_path))

    done = run_like_zowe(root / "components" / "gateway", env)

    assert done.returncode == 0, done.stderr.decode(errors="replace")
    (argv,) = argv_runs(tmp_path / "argv")
    found = explained(root)
    assert found.mode == "hook"
    assert_same_line([a for a in found.command if a.certain], argv, root)
    assert argv[-3] == f"-Xoptionsfile={root / 'workspace' / 'jopt' / 'java.options.GW'}"


def jvm_properties(stderr: bytes) -> dict[str, str]:
    runs = parse_text(stderr.decode(errors="replace"))
    assert runs and runs[-1].properties, stderr.decode(errors="replace")[-2000:]
    return runs[-1].properties


def predicted_properties(found: explain.Explanation) -> dict[str, str]:
    """Each -D family's winner, where explain knows its value."""
    values = {}
    for row in found.rows:
        winner = row.winner
        if winner is not None and row.family.startswith("-D") and winner.exact and winner.certain:
            values[row.family[2:]] = winner.value[2:].partition("=")[2]
    return values


@needs_dash
@needs_java
def test_real_jdk_with_an_argfile_ends_with_the_predicted_values(tmp_path, root):
    jopt(root, "install", "gateway")
    argfile = root / "workspace" / "jopt" / "java.argfile.GW"
    argfile.write_text("-XshowSettings:properties\n" + OPTIONS.replace("-Xmx2g\n", "-Xmx256m\n"))
    set_jvm(root, {"Dzowe_own": "from-zowe-yaml", "Djava_io_tmpdir": "/from-zowe-yaml"})
    java_bin = Path(os.path.realpath(JAVA)).parent
    env = zowe_env(root, java_bin, JAVA_HOME=str(java_bin.parent))
    env.update({"ZWE_configs_jvm_Dzowe_own": "from-zowe-yaml", "ZWE_configs_jvm_Djava_io_tmpdir": "/from-zowe-yaml"})

    done = run_like_zowe(root / "components" / "gateway", env)

    properties = jvm_properties(done.stderr)
    found = explained(root, jvm="hotspot", zos=False)
    predicted = predicted_properties(found)
    assert predicted["java.io.tmpdir"] == "/bigtmp" and predicted["apiml.connection.timeout"] == "5000"
    assert predicted["zowe.own"] == "from-zowe-yaml" and predicted["my.own"] == "1"
    assert len(predicted) >= 25  # the rest use the scripts' own variables (keystore, TLS): not predicted
    wrong = {k: (v, properties.get(k)) for k, v in predicted.items() if properties.get(k) != v}
    assert not wrong, json.dumps(wrong, indent=1)


@needs_dash
@needs_java
def test_real_jdk_a_zowe_yaml_jvm_property_loses_as_predicted(root):
    """No hook: `components.gateway.jvm.Djava_io_tmpdir` lands in ${CUSTOM_JVM_OPTS}, before the
    script's own -Djava.io.tmpdir, and loses; explain says so before the start."""
    set_jvm(
        root, {"Djava_io_tmpdir": "/from-zowe-yaml", "Dapiml_connection_timeout": "1", "XshowSettings": ":properties"}
    )
    java_bin = Path(os.path.realpath(JAVA)).parent
    env = zowe_env(root, java_bin, JAVA_HOME=str(java_bin.parent))
    env.update({"ZWE_configs_jvm_Djava_io_tmpdir": "/from-zowe-yaml", "ZWE_configs_jvm_Dapiml_connection_timeout": "1",
                "ZWE_configs_jvm_XshowSettings": ":properties"})  # fmt: skip

    done = run_like_zowe(root / "components" / "gateway", env)

    properties = jvm_properties(done.stderr)
    found = explained(root, jvm="hotspot", zos=False)
    rows = {r.family: r for r in found.rows}
    assert [a.where for a in rows["-Djava.io.tmpdir"].args] == [
        "zowe.yaml components.gateway.jvm.Djava_io_tmpdir",
        "start.sh line 77",
    ]
    assert predicted_properties(found)["java.io.tmpdir"] == properties["java.io.tmpdir"] == "/tmp"
    assert predicted_properties(found)["apiml.connection.timeout"] == properties["apiml.connection.timeout"] == "30000"
