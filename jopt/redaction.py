"""Which names hold secrets, in one place: the hook's trace filter, reports and verify use it.

A name (an environment variable or a Java property) is secret when, upper-cased, it matches
one of SECRET_NAMES and none of NOT_SECRET_ENDINGS. The patterns are shell globs, so the
same text becomes the `case` patterns of the trace filter (`shell_pattern`); Python matches
them with fnmatch. So:

- secret: a password, passphrase, secret, token or credential (`*PASSWORD*`, `*PASSWD*`,
  `*PASSPHRASE*`, `*SECRET*`, `*TOKEN*`, `*CREDENTIAL*`), a name ending in `_PASS` or
  `_PW` or with a `_PW_` word, an API key (`*APIKEY*`, `*API_KEY*`) or a private key
  (`*PRIVATEKEY*`, `*PRIVATE_KEY*`); `_` also stands for `.` or `-` (property names);
- not secret: names that end in a word naming a *setting about* a secret rather than the
  secret: `…_FILE`, `…_PATH`, `…_ALIAS`, `…_TYPE`, `…_LABEL`, `…_ENABLED`, … (keystore file,
  alias, type and label are what one needs when debugging certificates), and names without
  any secret word (`ZWE_zowe_certificate_keystore_file`, `server.ssl.keyAlias`).

Values of secret names are masked as MASK wherever they appear in a trace, whatever their
length or first character (tests/test_redaction.py has the table of names).
"""

from __future__ import annotations

import fnmatch
import functools
import re

MASK = "***"

SECRET_NAMES = (
    "*PASSWORD*",
    "*PASSWD*",
    "*PASSPHRASE*",
    "*SECRET*",
    "*TOKEN*",
    "*CREDENTIAL*",
    "*[_.-]PASS",
    "*[_.-]PW",
    "*[_.-]PW[_.-]*",
    "*APIKEY*",
    "*API[_.-]KEY*",
    "*PRIVATEKEY*",
    "*PRIVATE[_.-]KEY*",
)
NOT_SECRET_ENDINGS = tuple(
    f"*{word}"
    for word in (
        "FILE",
        "PATH",
        "DIR",
        "LOCATION",
        "ALIAS",
        "TYPE",
        "LABEL",
        "NAME",
        "ENABLED",
        "ENABLE",
        "EXPIRATION",
        "TIMEOUT",
        "TTL",
        "LENGTH",
        "SIZE",
        "URL",
        "URI",
        "HEADER",
        "PROVIDER",
        "MODE",
    )
)


@functools.cache
def _pattern(globs: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{fnmatch.translate(glob)})" for glob in globs))


def is_secret_name(name: str) -> bool:
    """Whether a variable or property of this name holds a secret."""
    upper = name.upper()
    return bool(_pattern(SECRET_NAMES).match(upper)) and not _pattern(NOT_SECRET_ENDINGS).match(upper)


#: Environment variables and Java properties follow the same rule.
is_secret_env_name = is_secret_name
is_secret_property = is_secret_name


def shell_pattern(glob: str) -> str:
    """An upper-case glob as a `case` pattern that matches either case: `*PW` -> `*[Pp][Ww]`."""
    return "".join(f"[{c}{c.lower()}]" if c.isalpha() else c for c in glob)
