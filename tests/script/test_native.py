"""Native mode: detection, the zowe.yaml -> JVM option mapping, and the proof under dash that
the apiml fixture gets -Xoptionsfile from the zowe.yaml jopt wrote, with start.sh untouched."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import DASH, FIXTURES, argv_runs, run_like_zowe, zowe_env

from jopt.script import native

APIML = FIXTURES / "components" / "apiml"
needs_dash = pytest.mark.skipif(DASH is None, reason="dash is not installed (.ci/run installs it)")


# --- detection ---------------------------------------------------------------------------------


def lines(text: str) -> list[str]:
    return text.split("\n")


@pytest.mark.parametrize(
    ("script", "how"),
    [
        (". ./bin/parse_jvm_args.sh\njava \\\n  -jar x.jar &", "line 1 sources parse_jvm_args.sh"),
        ('if [ -f x ]; then\n  source "${ROOT}/bin/parse_jvm_args.sh"\nfi', "line 2 sources parse_jvm_args.sh"),
        ("java \\\n  ${CUSTOM_JVM_OPTS} \\\n  -jar x.jar &", "line 2 puts ${CUSTOM_JVM_OPTS} on the launch line"),
        ("java $CUSTOM_JVM_OPTS \\\n  -jar x.jar &", "line 1 puts ${CUSTOM_JVM_OPTS} on the launch line"),
    ],
)
def test_native_capable_scripts(script, how):
    assert native.capability(lines(script)) == native.Capability(True, how)


@pytest.mark.parametrize(
    "script",
    [
        "# . ./bin/parse_jvm_args.sh\njava \\\n  -jar x.jar &",  # a comment
        "echo parse_jvm_args.sh\njava \\\n  -jar x.jar &",  # named, not sourced
        'OPTS="${CUSTOM_JVM_OPTS}"\njava \\\n  -jar x.jar &',  # not on the launch line
        "java \\\n  -jar x.jar &",
    ],
)
def test_not_native_capable(script):
    assert native.capability(lines(script)) == native.Capability(False)


def test_fixture_capability():
    apiml = (APIML / "bin" / "start.sh").read_text().split("\n")
    assert native.capability(apiml) == native.Capability(True, "line 18 sources parse_jvm_args.sh")
    gateway = (FIXTURES / "components" / "gateway" / "bin" / "start.sh").read_text().split("\n")
    assert native.capability(gateway).capable is False


# --- the mapping ----------------------------------------------------------------------------------

MAPPING = [
    ("Xoptionsfile", "=/u/jopt/java.options.AM", "-Xoptionsfile=/u/jopt/java.options.AM"),
    ("XshowSettings", "", "-XshowSettings"),
    ("Xmx", "1g", "-Xmx1g"),
    ("Dapiml_security_x509_enabled", "true", "-Dapiml.security.x509.enabled=true"),
    ("XX_UseG1GC", "", "-XX:+UseG1GC"),
    ("XX_UseCompressedOops", "true", "-XX:+UseCompressedOops"),
    ("XX_UseContainerSupport", "false", "-XX:-UseContainerSupport"),
    ("XX_MaxRAMPercentage", "50", "-XX:MaxRAMPercentage=50"),
]


@pytest.mark.parametrize(("name", "value", "option"), MAPPING)
def test_jvm_option(name, value, option):
    assert native.jvm_option(name, value) == option


def test_options_from_env_sorted_and_only_jvm_variables():
    env = {f"ZWE_configs_jvm_{n}": v for n, v, _ in MAPPING} | {
        "ZWE_configs_port": "1",
        "ZWE_configs_jvm_bad-name": "x",
    }
    assert native.options_from_env(env) == [
        "-Dapiml.security.x509.enabled=true",
        "-XX:MaxRAMPercentage=50",
        "-XX:+UseCompressedOops",
        "-XX:-UseContainerSupport",
        "-XX:+UseG1GC",
        "-Xmx1g",
        "-Xoptionsfile=/u/jopt/java.options.AM",
        "-XshowSettings",
    ]


@needs_dash
def test_fixture_parse_jvm_args_matches_the_mapping():
    env = {f"ZWE_configs_jvm_{n}": v for n, v, _ in MAPPING} | {"PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [DASH, "-c", '. ./bin/parse_jvm_args.sh; for o in ${CUSTOM_JVM_OPTS}; do echo "$o"; done; set'],
        cwd=APIML,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    out = done.stdout.splitlines()
    assert out[: len(MAPPING)] == native.options_from_env(env)
    assert not [line for line in out[len(MAPPING) :] if line.startswith("jvm_arg_")], "helper variables left set"
    assert done.stderr == ""


@needs_dash
@pytest.mark.parametrize("script", ["start.sh", "parse_jvm_args.sh"])
def test_fixture_scripts_pass_dash_n_and_are_ascii(script):
    path = APIML / "bin" / script
    assert subprocess.run([DASH, "-n", str(path)], capture_output=True).returncode == 0
    data = path.read_bytes()
    assert data.isascii() and b"$0" not in data


def test_settings_and_points_at():
    assert native.settings("/o/java.options.AM", trace=False) == {"Xoptionsfile": "=/o/java.options.AM"}
    assert native.settings("/o/f", trace=True) == {"Xoptionsfile": "=/o/f", "XshowSettings": ":vm"}
    assert native.points_at("=/o/f", "/o/f") and not native.points_at("=/o/g", "/o/f")
    assert not native.points_at(None, "/o/f") and not native.points_at("/o/f", "/o/f")


# --- the proof: Zowe's environment from the zowe.yaml jopt wrote, under dash ----------------------


def zowe_jvm_env(zowe_yaml: Path, component: str) -> dict[str, str]:
    """What Zowe exports for `components.<id>.jvm.<NAME>: <VALUE>`: ZWE_configs_jvm_<NAME>=<VALUE>."""
    data = yaml.safe_load(zowe_yaml.read_text())
    settings = ((data.get("components") or {}).get(component) or {}).get("jvm") or {}
    text = {True: "true", False: "false", None: ""}
    return {
        f"ZWE_configs_jvm_{name}": text.get(value, str(value)) if not isinstance(value, str) else value
        for name, value in settings.items()
    }


def start_apiml(sample, stub_java, argv_file: Path, **extra: str) -> list[str]:
    env = zowe_env(stub_java, argv_file, ZWE_zowe_runtimeDirectory=str(sample.root), **extra)
    done = run_like_zowe(sample.component_dir("apiml"), env)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    (argv,) = argv_runs(argv_file)
    return argv


@needs_dash
@pytest.mark.parametrize("trace", [False, True])
def test_apiml_gets_the_options_file_from_zowe_yaml_with_start_sh_untouched(trace, sample, jopt, stub_java, tmp_path):
    script = sample.script("apiml")
    original = script.read_bytes()
    base = start_apiml(sample, stub_java, tmp_path / "argv.base", **zowe_jvm_env(sample.zowe_yaml, "apiml"))
    options = sample.overrides / "java.options.AM"
    sample.overrides.mkdir(parents=True)
    options.write_text("-Xmx1g\n")
    if trace:
        assert jopt("trace", "on", "apiml").exit_code == 0

    done = jopt("install", "apiml", "--native", "--write-config")

    assert done.exit_code == 0, done.output
    env = zowe_jvm_env(sample.zowe_yaml, "apiml")
    expected_env = {"ZWE_configs_jvm_Xoptionsfile": f"={options}"} | (
        {"ZWE_configs_jvm_XshowSettings": ":vm"} if trace else {}
    )
    assert env == expected_env
    argv = start_apiml(sample, stub_java, tmp_path / "argv.native", **env)
    added = [f"-Xoptionsfile={options}"] + (["-XshowSettings:vm"] if trace else [])
    assert base[-2:] == ["-jar", f"{sample.component_dir('apiml')}/bin/apiml.jar"]
    assert argv == base[:-2] + added + base[-2:]
    assert script.read_bytes() == original
