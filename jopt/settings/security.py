"""Reader of `Security settings summary:` (JDK 17+) and the full `Security settings:`. Pure.

The summary lists provider names and the enabled TLS protocols; the full form (JDK 17.0.x
backports, 21, 25) adds security properties (long comma lists split over lines), each
provider's information and services, and the enabled cipher suites. Sub-headings switch
what the following lines are, so the reader works with or without indentation.
"""

from __future__ import annotations

import re

from jopt.settings.sections import Section

_PROPERTY = re.compile(r"^(?P<key>[\w.\-]+)=(?P<value>.*)$")
_PROTOCOL = re.compile(r"^(?:(?:D?TLS|SSL)v[\d.]+|SSLv2Hello)$")
_CIPHER = re.compile(r"^(?:TLS|SSL)_[A-Z0-9_]+$")
_SERVICE = re.compile(r"^[A-Za-z]\w*\.\S+$")

_SUBHEADINGS = (
    ("Security properties:", "properties"),
    ("Security provider static configuration", "providers"),
    ("Security TLS configuration", "tls"),
    ("Enabled Protocols:", "protocols"),
    ("Enabled Cipher Suites:", "ciphers"),
)
_HEADINGS = tuple(heading for heading, _ in _SUBHEADINGS)
_TLS_TITLE = re.compile(r"^[^(]*\(?|\)?:$")


class Security(Section):
    kind = "security"

    def __init__(self, title: str):
        super().__init__(title)
        self.properties: dict[str, str] = {}
        self.providers: list[str] = []
        self.provider_info: dict[str, str] = {}
        self.services: dict[str, list[str]] = {}
        self.protocols: list[str] = []
        self.ciphers: list[str] = []
        self.tls_provider = ""
        self.part = ""  # the sub-heading the lines are under
        self.key: str | None = None  # security property or "info" being continued
        self.key_indent = 0
        self.in_aliases = False

    def interrupt(self) -> None:
        self.key = None
        self.in_aliases = False

    def entry(self, stripped: str, indent: int, after_blank: bool) -> bool:
        if not stripped.strip("-"):  # a rule of dashes
            return True
        if stripped.startswith("Provider name: "):
            self.part = "providers"
        if stripped.startswith(_HEADINGS):
            return self._subheading(stripped)
        if self.part == "properties":
            return self._property(stripped, indent, after_blank)
        if self.part == "providers":
            return self._provider(stripped, indent, after_blank)
        if self.part == "protocols" and _PROTOCOL.match(stripped):
            self.protocols.append(stripped)
            return True
        if self.part == "ciphers" and _CIPHER.match(stripped):
            self.ciphers.append(stripped)
            return True
        return False

    def _subheading(self, stripped: str) -> bool:
        part = next(part for heading, part in _SUBHEADINGS if stripped.startswith(heading))
        self.part = part
        self.interrupt()
        if part == "tls":
            self.tls_provider = _TLS_TITLE.sub("", stripped).removesuffix(" provider")
        return True

    def _continues(self, indent: int, after_blank: bool) -> bool:
        if self.key is None:
            return False
        return indent > self.key_indent if self.indented else not after_blank

    def _property(self, stripped: str, indent: int, after_blank: bool) -> bool:
        match = _PROPERTY.match(stripped)
        if match and not (self.indented and self._continues(indent, after_blank)):
            self.key, self.key_indent = match.group("key"), indent
            self.properties[self.key] = match.group("value").rstrip()
            return True
        if self._continues(indent, after_blank):
            assert self.key is not None
            self.properties[self.key] = (self.properties[self.key] + " " + stripped).strip()
            return True
        return False

    def _provider(self, stripped: str, indent: int, after_blank: bool) -> bool:
        if stripped.startswith("Provider name: "):
            name = stripped[len("Provider name: ") :]
            self.providers.append(name)
            self.interrupt()
            return True
        if not self.providers:
            return False
        name = self.providers[-1]
        if stripped.startswith("Provider information: "):
            self.provider_info[name] = stripped[len("Provider information: ") :]
            self.key, self.key_indent = "info", indent
            return True
        if stripped.startswith("Provider services:"):
            self.interrupt()
            self.services[name] = []
            return True
        if self.key == "info" and self._continues(indent, after_blank):
            self.provider_info[name] += " " + stripped
            return True
        return self._service(name, stripped)

    def _service(self, name: str, stripped: str) -> bool:
        if name not in self.services:
            return False
        if stripped.startswith("aliases: [") or self.in_aliases:
            self.in_aliases = not stripped.endswith("]")
            return True
        if stripped == "<none>" or _SERVICE.match(stripped):
            if stripped != "<none>":
                self.services[name].append(stripped)
            return True
        return False
