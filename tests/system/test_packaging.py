"""The wheel carries the hook templates, profiles and sample runtime, and works unpacked."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
#: Not part of what setuptools reads; left out of the build copy (and so out of the race
#: with other processes writing build/ or *.egg-info in the checkout).
NOT_BUILT = shutil.ignore_patterns(".git", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", "tests")


def _package_files(folder: Path, patterns: tuple[str, ...]) -> set[str]:
    return {
        str(p.relative_to(folder))
        for pattern in patterns
        for p in folder.glob(pattern)
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel once, from a copy of the checkout, without network or isolation."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "src"
    shutil.copytree(REPO, source, ignore=NOT_BUILT)
    out = work / "dist"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(source)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, (
        "pip wheel failed (with --no-build-isolation, setuptools<70.1 needs the `wheel` package):\n"
        + done.stdout
        + done.stderr
    )
    (built,) = out.glob("jopt-*.whl")
    return built


@pytest.fixture(scope="module")
def names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


@pytest.fixture(scope="module")
def unpacked(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    return target


def _run_installed(unpacked: Path, cwd: Path, *args: str, program: str = sys.executable) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(unpacked), "NO_COLOR": "1"}
    for name in ("JOPT_ZOWE_YAML", "JOPT_RUNTIME", "JOPT_OVERRIDES", "JOPT_EXTENSIONS"):
        env.pop(name, None)
    return subprocess.run([program, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=60)


def test_wheel_name_carries_the_version(wheel):
    from jopt import __version__

    assert wheel.name == f"jopt-{__version__}-py3-none-any.whl"


@pytest.mark.parametrize(
    "name",
    [
        "jopt/hooks/head.v1.sh.j2",
        "jopt/hooks/redact.v1.awk.j2",
        "jopt/hooks/head.v2.sh",
        "jopt/hooks/hook.v2.sh.in",
        "jopt/hooks/trace.v2.sh.in",
        "jopt/sample/components/gateway/bin/start.sh",
        "jopt/sample/extensions/sample-ext/bin/start.sh",
        "jopt/sample/zowe.yaml.template",
        "jopt/cli/__init__.py",
        "jopt/__main__.py",
    ],
)
def test_wheel_contains(names, name):
    assert name in names


def test_wheel_has_every_hook_template(names):
    expected = {f"jopt/hooks/{n}" for n in _package_files(REPO / "hooks", ("*.j2", "*.in", "*.sh", "*.md"))}
    assert expected >= {
        "jopt/hooks/head.v1.sh.j2",
        "jopt/hooks/redact.v1.awk.j2",
        "jopt/hooks/head.v2.sh",
        "jopt/hooks/hook.v2.sh.in",
        "jopt/hooks/trace.v2.sh.in",
    }
    assert {n for n in names if n.startswith("jopt/hooks/")} == expected


def test_wheel_has_every_overrides_file(names):
    expected = {f"jopt/overrides/{n}" for n in _package_files(REPO / "overrides", ("*.yaml", "*.j2", "*.md"))}
    assert expected, "overrides/ ships no files"
    assert {n for n in names if n.startswith("jopt/overrides/")} == expected


def test_wheel_has_the_whole_sample_runtime(names):
    expected = {f"jopt/sample/{n}" for n in _package_files(REPO / "fixtures", ("**/*",))}
    assert {n for n in names if n.startswith("jopt/sample/")} == expected


def test_wheel_declares_the_jopt_command_as_an_entry_point(wheel):
    with zipfile.ZipFile(wheel) as archive:
        (entry_points,) = [n for n in archive.namelist() if n.endswith(".dist-info/entry_points.txt")]
        assert archive.read(entry_points).decode().split() == ["[console_scripts]", "jopt", "=", "jopt.cli:main"]
        assert not [n for n in archive.namelist() if ".data/scripts/" in n]


@pytest.fixture(scope="module")
def pip_installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel as pip installs it (into a folder of its own): the modules and bin/jopt."""
    target = tmp_path_factory.mktemp("installed")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return target


def test_the_jopt_command_pip_writes_answers_version_and_help(pip_installed, tmp_path):
    from jopt import __version__

    command = str(pip_installed / "bin" / "jopt")
    done = _run_installed(pip_installed, tmp_path, "--version", program=command)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"jopt {__version__}\n", "")
    done = _run_installed(pip_installed, tmp_path, "status", "--help", program=command)
    assert (done.returncode, done.stdout.splitlines()[0]) == (0, "Usage: jopt status [OPTIONS] [COMPONENTS]...")


def test_unpacked_wheel_uses_its_own_resources(unpacked, tmp_path):
    done = _run_installed(
        unpacked,
        tmp_path,
        "-c",
        "import jopt, jopt.resources as r; print(jopt.__file__); print(r.data_dir('hooks')); print(r.data_dir('fixtures'))",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        str(unpacked / "jopt" / "__init__.py"),
        str(unpacked / "jopt" / "hooks"),
        str(unpacked / "jopt" / "sample"),
    ]


def test_unpacked_wheel_version(unpacked, tmp_path):
    from jopt import __version__

    done = _run_installed(unpacked, tmp_path, "-m", "jopt", "--version")
    assert (done.returncode, done.stdout, done.stderr) == (0, f"jopt {__version__}\n", "")


def test_unpacked_wheel_runs_the_demo(unpacked, tmp_path):
    done = _run_installed(unpacked, tmp_path, "-m", "jopt", "demo", "--keep", str(tmp_path / "demo"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "byte-identical" in done.stdout
    scripts = len(list((REPO / "fixtures").rglob("start.sh")))
    assert done.stdout.rstrip().endswith(
        f"Round trip: {scripts} start scripts byte-identical to the originals after install + uninstall."
    )
    gateway = tmp_path / "demo" / "components" / "gateway" / "bin" / "start.sh"
    assert gateway.read_bytes() == (REPO / "fixtures" / "components" / "gateway" / "bin" / "start.sh").read_bytes()
