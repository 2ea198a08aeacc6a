"""What counts as a secret, in one place: the hook's log filter and reports both use it."""

from __future__ import annotations

import re

MASK = "***"

#: Words that make an environment variable name secret (matched upper-cased, anywhere in it).
ENV_SECRET_WORDS = ("PASS", "SECRET", "TOKEN", "CREDENTIAL", "KEY")
#: Words that make a Java property name secret; no KEY, so keyStore paths stay readable.
PROPERTY_SECRET_WORDS = ("PASS", "SECRET", "TOKEN", "CREDENTIAL")

ENV_PATTERN = "|".join(ENV_SECRET_WORDS)
#: Environment names whose *values* are masked wherever they appear in a trace. Narrower
#: than ENV_PATTERN: a keystore alias or type ("localhost", "PKCS12") must not blank out
#: every host name in the log; an API key (name ending in KEY) must.
VALUE_PATTERN = "PASS|SECRET|TOKEN|CREDENTIAL|KEY$"
PROPERTY_PATTERN = "|".join(PROPERTY_SECRET_WORDS)

_ENV = re.compile(ENV_PATTERN)
_PROPERTY = re.compile(PROPERTY_PATTERN)


def is_secret_env_name(name: str) -> bool:
    return bool(_ENV.search(name.upper()))


def is_secret_property(key: str) -> bool:
    return bool(_PROPERTY.search(key.upper()))
