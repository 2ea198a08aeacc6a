"""Which names are secret (jopt.redaction), and the trace relay's masking in the shell.

The relay is the shell code of `<overrides>/hook/v2-trace.sh`; its functions are run here
under dash (and every other POSIX shell installed) on the cases the issue lists: an API
key named `apiKeyValue`, a `_PW` name, a 3-character password, one starting with `/`, one
with spaces and quotes; and keystore file, alias, type and label stay readable.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from jopt import redaction
from jopt.script import hooklib

SHELLS = [s for s in ("dash", "sh", "bash", "ksh", "mksh", "yash", "posh") if shutil.which(s)]

SECRET_NAMES = [
    "ZWE_zowe_certificate_keystore_password",
    "ZWE_configs_certificate_keystore_password",
    "ZWE_configs_certificate_key_password",
    "ZWE_configs_apiKeyValue",
    "ZWE_configs_KEYRING_PW",
    "ZWE_configs_keyring_pw_old",
    "keystore_pass",
    "MY_TOKEN",
    "ZWE_configs_apiml_security_auth_jwt_secret",
    "DB_PASSPHRASE",
    "LDAP_PASSWD",
    "AWS_CREDENTIALS",
    "SERVICE_API_KEY",
    "tls.privateKey",
    "PRIVATE_KEY",
    "server.ssl.keyStorePassword",
    "server.ssl.keyPassword",
    "javax.net.ssl.trustStorePassword",
    "apiml.security.auth.jwt.secret",
]
PLAIN_NAMES = [
    "ZWE_zowe_certificate_keystore_file",
    "ZWE_zowe_certificate_keystore_alias",
    "ZWE_zowe_certificate_keystore_type",
    "ZWE_configs_certificate_keystore_type",
    "ZWE_zowe_certificate_truststore_file",
    "ZWE_zowe_certificate_pem_key",
    "KEYSTORE_TYPE",
    "KEYRING_LABEL",
    "PKCS11_TOKEN_LABEL",
    "ZWE_configs_apiml_security_personalAccessToken_enabled",
    "ZWE_configs_keystore_password_file",
    "server.ssl.keyStore",
    "server.ssl.keyAlias",
    "server.ssl.keyStoreType",
    "javax.net.ssl.keyStore",
    "user.dir",
    "HOME",
    "PWD",
    "OLDPWD",
    "ZWE_configs_port",
    "BYPASS",
    "COMPASS",
    "apiml.security.auth.passticket.customUserHeader",
]


@pytest.mark.parametrize("name", SECRET_NAMES)
def test_secret_names(name):
    assert redaction.is_secret_name(name)
    assert redaction.is_secret_env_name(name) and redaction.is_secret_property(name)


@pytest.mark.parametrize("name", PLAIN_NAMES)
def test_names_that_are_not_secret(name):
    assert not redaction.is_secret_name(name)


def test_shell_pattern_matches_either_case():
    assert redaction.shell_pattern("*[_.-]PW") == "*[_.-][Pp][Ww]"


# --- the relay's shell code ---------------------------------------------------------------


def definitions() -> str:
    """The function definitions of v2-trace.sh (the part before the start itself)."""
    text = hooklib.render("/o")["hook/v2-trace.sh"]
    return text[: text.index("# This start (everything above only defines):")]


def run(shell: str, body: str, *args: str, stdin: str = "") -> str:
    script = definitions() + body
    done = subprocess.run(
        [shell, "-c", script, "sh", *args], input=stdin.encode(), capture_output=True, timeout=30, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.decode()


@pytest.mark.parametrize("shell", SHELLS)
def test_shell_and_python_agree_on_every_name(shell):
    names = SECRET_NAMES + PLAIN_NAMES
    out = run(shell, 'for n do if jopt_is_secret "$n"; then echo "$n yes"; else echo "$n no"; fi; done', *names)
    assert out.splitlines() == [f"{n} {'yes' if redaction.is_secret_name(n) else 'no'}" for n in names]


PASSWORD_3 = "abc"
PASSWORD_SLASH = "/pw/with/slash"
PASSWORD_QUOTES = """it's "a b" c*?["""
API_KEY = "k3y-v4lue"
KEYRING_PW = "R1ng Pw!"


def relay(shell: str, lines: list[str], secrets: list[str]) -> tuple[list[str], list[str]]:
    """Lines through jopt_relay with these secret values: (what the job log gets, the log)."""
    out = run(
        shell,
        'exec 3>"$JOPT_TEST_LOG"; jopt_relay "$@"; exec 3>&-; echo ---; cat "$JOPT_TEST_LOG"',
        *secrets,
        stdin="\n".join(lines) + "\n",
    )
    job_log, trace_log = out.split("---\n")
    return job_log.splitlines(), trace_log.splitlines()


@pytest.fixture
def log_env(tmp_path, monkeypatch):
    monkeypatch.setenv("JOPT_TEST_LOG", str(tmp_path / "log"))


@pytest.mark.parametrize("shell", SHELLS)
def test_relay_masks_every_case_and_leaves_certificate_names_readable(shell, log_env):
    secrets = sorted([PASSWORD_QUOTES, PASSWORD_SLASH, KEYRING_PW, API_KEY, PASSWORD_3], key=len, reverse=True)
    lines = [
        f"login with {PASSWORD_3} and again {PASSWORD_3}.",
        f"path-like password {PASSWORD_SLASH} here",
        f"quoted: {PASSWORD_QUOTES}",
        f"apiKey={API_KEY} keyring: {KEYRING_PW}",
        "    server.ssl.keyStorePassword = whatever-value",
        "    server.ssl.keyStore = /global/zowe/keystore/localhost.keystore.p12",
        "    server.ssl.keyAlias = localhost",
        "    server.ssl.keyStoreType = PKCS12",
        "    javax.net.ssl.trustStorePassword = other",
        "java -Dserver.ssl.keyPassword=xyz -Dplain=1 -Dmy.token=tok rest",
        "ZWEAM000I APIML started in 12.3 seconds",
        "KEYRING_LABEL=jwtsecret-label-visible",
    ]
    expected = [
        "login with *** and again ***.",
        "path-like password *** here",
        "quoted: ***",
        "apiKey=*** keyring: ***",
        "    server.ssl.keyStorePassword = ***",
        "    server.ssl.keyStore = /global/zowe/keystore/localhost.keystore.p12",
        "    server.ssl.keyAlias = localhost",
        "    server.ssl.keyStoreType = PKCS12",
        "    javax.net.ssl.trustStorePassword = ***",
        "java -Dserver.ssl.keyPassword=*** -Dplain=1 -Dmy.token=*** rest",
        "ZWEAM000I APIML started in 12.3 seconds",
        "KEYRING_LABEL=jwtsecret-label-visible",
    ]
    job_log, trace_log = relay(shell, lines, secrets)
    assert job_log == expected
    assert trace_log == expected


@pytest.mark.parametrize("shell", SHELLS)
def test_longer_secret_is_masked_before_one_inside_it(shell, log_env):
    job_log, _ = relay(shell, ["pw=pass123 other=pass1"], ["pass123", "pass1"])
    assert job_log == ["pw=*** other=***"]


@pytest.mark.parametrize("shell", SHELLS)
def test_relay_keeps_blanks_backslashes_and_a_last_line_without_newline(shell, tmp_path, log_env):
    text = "  leading and trailing  \nback\\slash \\n and %s\n\tTab\nlast without newline"
    out = run(shell, 'exec 3>/dev/null; jopt_relay "$@"', "nomatch", stdin=text)
    assert out == text + "\n"


@pytest.mark.parametrize("shell", SHELLS)
def test_collect_sort_and_header_mask_the_environment(shell, tmp_path):
    options = tmp_path / "java.options.GW"
    options.write_text("-Xmx1g\n-Djavax.net.ssl.trustStorePassword=tp-secret\n-Dplain.name=tp-secret-too\n")
    body = """
jopt_f=$JOPT_TEST_OPTIONS
jopt_collect
jopt_sort
set --
jopt_i=$jopt_vn
while [ "$jopt_i" -ge 1 ]; do eval "set -- \\"\\$jopt_v$jopt_i\\" \\"\\$@\\""; jopt_i=$((jopt_i - 1)); done
jopt_header "$@"
"""
    env = {
        "PATH": "/usr/bin:/bin",
        "JOPT_TEST_OPTIONS": str(options),
        "ZWE_zowe_certificate_keystore_password": PASSWORD_3,
        "ZWE_configs_apiKeyValue": API_KEY,
        "ZWE_zowe_certificate_keystore_file": "/ks/keystore.p12",
        "ZWE_zowe_certificate_keystore_alias": "localhost",
        "ECHO_OF_IT": f"x{API_KEY}y",
    }
    done = subprocess.run([shell, "-c", definitions() + body], env=env, capture_output=True, timeout=30, check=False)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.decode().splitlines()
    assert lines[:4] == [
        f"#jopt-trace options-file={options}",
        "#jopt-optfile -Xmx1g",
        "#jopt-optfile -Djavax.net.ssl.trustStorePassword=***",
        "#jopt-optfile -Dplain.name=***-too",
    ]
    env_lines = set(lines[4:-1])
    assert "#jopt-env ZWE_zowe_certificate_keystore_password=***" in env_lines
    assert "#jopt-env ZWE_configs_apiKeyValue=***" in env_lines
    assert "#jopt-env ZWE_zowe_certificate_keystore_file=/ks/keystore.p12" in env_lines
    assert "#jopt-env ZWE_zowe_certificate_keystore_alias=localhost" in env_lines
    assert "#jopt-env ECHO_OF_IT=x***y" in env_lines
    assert lines[-1] == "#jopt-trace launch-options= -XshowSettings"
    assert API_KEY not in done.stdout.decode() and "tp-secret" not in done.stdout.decode()
