"""The hook's log filter (awk, inside the head block) and the shared secret patterns."""

import shutil
import subprocess

import pytest

from jopt import redaction
from jopt.script import hook

AWKS = [a for a in ("awk", "mawk", "gawk", "original-awk", "busybox") if shutil.which(a)]


def filter_program() -> str:
    text = "\n".join(hook.head_lines(hook.HookParams("gateway", "GW", "/o")))
    start = text.index("jopt_a='") + len("jopt_a='")
    return text[start : text.index("'", start)]


def run_filter(awk: str, lines: list[str], env: dict[str, str]) -> list[str]:
    command = [awk, filter_program()] if awk != "busybox" else ["busybox", "awk", filter_program()]
    done = subprocess.run(command, input="\n".join(lines) + "\n", capture_output=True, text=True, env=env, check=True)
    return done.stdout.splitlines()


@pytest.mark.parametrize("awk", AWKS)
def test_filter_masks_secret_values_everywhere_longest_first(awk):
    env = {
        "A_PASS": "pass1",
        "B_PASSWORD": "pass123",
        "ZWE_zowe_certificate_keystore_alias": "localhost",
        "API_KEY": "k3y-v4lue",
        "PATH": "/usr/bin:/bin",
    }
    lines = [
        "pw=pass123 other=pass1",
        "    apiml.service.hostname = localhost",
        "    server.ssl.keyStorePassword = anything",
        "    javax.net.ssl.keyStore = /global/keystore.p12",
        "java -Dserver.ssl.keyPassword=xyz -Dplain=1 -Dmy.token=abc rest",
        "#jopt-env ZWE_zowe_certificate_keystore_alias=localhost",
        "#jopt-env SOME_SECRET=line one",
        "#jopt-env line two of the secret",
        "#jopt-env PLAIN=visible",
        "key k3y-v4lue used",
    ]
    assert run_filter(awk, lines, env) == [
        "pw=*** other=***",
        "    apiml.service.hostname = localhost",
        "    server.ssl.keyStorePassword = ***",
        "    javax.net.ssl.keyStore = /global/keystore.p12",
        "java -Dserver.ssl.keyPassword=*** -Dplain=1 -Dmy.token=*** rest",
        "#jopt-env ZWE_zowe_certificate_keystore_alias=***",
        "#jopt-env SOME_SECRET=***",
        "#jopt-env ***",
        "#jopt-env PLAIN=visible",
        "key *** used",
    ]


@pytest.mark.parametrize(
    "name,secret",
    [
        ("ZWE_zowe_certificate_keystore_password", True),
        ("MY_TOKEN", True),
        ("KEYSTORE_TYPE", True),
        ("HOME", False),
        ("ZWE_configs_port", False),
    ],
)
def test_env_names(name, secret):
    assert redaction.is_secret_env_name(name) is secret


@pytest.mark.parametrize(
    "key,secret",
    [
        ("server.ssl.keyStorePassword", True),
        ("server.ssl.keyPassword", True),
        ("apiml.security.auth.jwt.secret", True),
        ("javax.net.ssl.keyStore", False),
        ("server.ssl.keyAlias", False),
        ("user.dir", False),
    ],
)
def test_property_names(key, secret):
    assert redaction.is_secret_property(key) is secret
