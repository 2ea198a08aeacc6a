"""Generate accumulated hook logs (start.log2<TAG>) of any size from a real JDK capture."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

_FALLBACK = """VM settings:
    Max. Heap Size (Estimated): 512.00M
    Using VM: OpenJDK 64-Bit Server VM

Property settings:
    file.encoding = UTF-8
    java.home = /usr/lib/jvm/java-17-openjdk-amd64
    java.vm.name = OpenJDK 64-Bit Server VM
    user.dir = /tmp

"""


def jvm_capture() -> str:
    """Real `-XshowSettings:all` output from the machine's JVM (a stored shape if none)."""
    java = shutil.which("java")
    if java is None:
        return _FALLBACK
    done = subprocess.run(
        [java, "-XshowSettings:all", "-Xmx512m", "-Dbench.prop=some value", "-version"],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stderr


def run_text(n: int, capture: str) -> str:
    marker = f"#jopt-run time=2026-11-{1 + n % 28:02d}T{n % 24:02d}:00:00Z component=gateway tag=GW ha=lpar1 pid={1000 + n} hook=v1\n"
    trace = (
        "#jopt-trace options-file=/global/zowe/workspace/jopt/java.options.GW\n"
        "#jopt-optfile -Xshareclasses:name=zowe_gateway,nonfatal\n"
        "#jopt-env ZWE_zowe_certificate_keystore_password=***\n"
        "#jopt-env ZWE_zowe_job_prefix=ZWE1\n"
        "#jopt-trace launch-options=-Xoptionsfile=/global/zowe/workspace/jopt/java.options.GW -XshowSettings\n"
    )
    warnings = "".join(
        f"May 29, 2025 9:30:{s:02d} AM sun.security.ssl.SSLLogger log\nWARNING: No AlgorithmParameters for sect163k{s % 3}\n"
        for s in range(6)
    )
    app = "".join(
        f"2026-11-24 00:00:{s:02d}.000 <ZWEAGW1:main:1> INFO  o.z.a.g.GatewayApplication Started step {s}\n"
        for s in range(20)
    )
    return marker + trace + capture + warnings + app


def generate_log(path: Path, size: int) -> None:
    """Write runs until the file holds at least `size` bytes."""
    capture = jvm_capture()
    block = "".join(run_text(n, capture) for n in range(50)).encode()
    written = 0
    with path.open("wb") as out:
        while written < size:
            out.write(block)
            written += len(block)
