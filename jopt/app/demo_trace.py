"""The demo's traced start: the hooked gateway script run like Zowe runs it, with a real JVM.

No Java compiler is needed: the stand-in gateway jar holds only a manifest. The launcher
prints its -XshowSettings output after the JVM is created and before it loads the main
class, so the real JVM shows every setting and then stops with "Could not find or load
main class" (the report lists that line under Errors). A HotSpot JVM cannot read the
OpenJ9 options file rendered earlier in the demo, so for one that file is set aside and a
HotSpot argument file is rendered instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

Echo = Callable[[str], None]
Step = Callable[..., int]


def _jvm_kind(java: str) -> str:
    from jopt.settings.reader import parse_text
    from jopt.settings.report import jvm_kind

    done = subprocess.run([java, "-XshowSettings:properties", "-version"], capture_output=True, text=True, timeout=60)
    runs = parse_text(done.stderr)
    name = runs[0].properties.get("java.vm.name", "") if runs else ""
    return jvm_kind(name, *(runs[0].banner if runs else []))


def _settle(path: Path, timeout: float = 10.0) -> None:
    """Wait until the log stops growing: the hook's log filters finish after the JVM."""
    deadline, size, still = time.monotonic() + timeout, -1, 0
    while time.monotonic() < deadline and still < 5:
        now = path.stat().st_size if path.exists() else -1
        still = still + 1 if now == size and now > 0 else 0
        size = now
        time.sleep(0.1)


def _stand_in_jar(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as jar:
        jar.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\nMain-Class: jopt.app.demo.NoApplication\r\n\r\n")


def _start_like_zowe(component_dir: Path, java: str) -> None:
    bin_dir = str(Path(java).parent)
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "JAVA_BIN_DIR": f"{bin_dir}/", "HOME": os.environ.get("HOME", "/tmp"),
           "ZWE_zowe_job_prefix": "ZWE1", "ZWE_zowe_certificate_keystore_password": "demo-keystore-pass"}  # fmt: skip
    text = f"cd {component_dir}\n" + (component_dir / "bin" / "start.sh").read_text(encoding="utf-8")
    subprocess.run(["/bin/sh"], input=text, text=True, env=env, cwd=component_dir, capture_output=True, timeout=120)


def traced_start(root: Path, env: dict[str, str], echo: Echo, step: Step) -> None:
    """Trace on, start the hooked gateway with the machine's JVM, report the run."""
    java = shutil.which("java")
    if java is None:
        echo("\n(no `java` on PATH: skipping the traced start of the gateway and its report)")
        return
    overrides = root / "workspace" / "jopt"
    if _jvm_kind(java) != "openj9" and (overrides / "java.options.GW").exists():
        echo("\nThis machine's JVM is not OpenJ9 and cannot read java.options.GW; setting it aside.")
        (overrides / "java.options.GW").rename(overrides / "java.options.GW.openj9")
        step(
            echo,
            env,
            "render",
            "--dialect",
            "hotspot",
            "--profile",
            "heap",
            "--set",
            "xms=64m",
            "--set",
            "xmx=384m",
            "gateway",
        )
    step(echo, env, "trace", "on", "gateway")
    component_dir = root / "components" / "gateway"
    _stand_in_jar(component_dir / "bin" / "gateway-service.jar")
    echo("\nbin/gateway-service.jar is a stand-in holding only a manifest: the JVM prints its settings, then stops.")
    echo(f"$ cd {component_dir} && /bin/sh < bin/start.sh   # as Zowe starts it; JVM: {java}")
    _start_like_zowe(component_dir, java)
    _settle(overrides / "start.log2GW")
    step(echo, env, "report", "start.log2GW")
