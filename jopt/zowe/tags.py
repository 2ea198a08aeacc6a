"""Component TAGs: the short upper-case code in the options and log file names."""

from __future__ import annotations

import re

from jopt.errors import ConfigError

#: GW comes from the original recipe; the others follow it.
DEFAULT_TAGS = {
    "gateway": "GW",
    "discovery": "DS",
    "api-catalog": "AC",
    "caching-service": "CS",
    "zaas": "ZA",
    "apiml": "AM",
    "metrics-service": "MS",
    "cloud-gateway": "CG",
}

_TAG = re.compile(r"^[A-Z0-9]{1,8}$")


def validate(tag: str) -> str:
    if not _TAG.match(tag):
        raise ConfigError(f"tag {tag!r} is not 1 to 8 characters of A-Z and 0-9")
    return tag


def derive(component_id: str) -> str:
    """A default tag: the known one, else the initials of the id's words (at least 2 letters)."""
    if component_id in DEFAULT_TAGS:
        return DEFAULT_TAGS[component_id]
    words = [w for w in re.split(r"[^A-Za-z0-9]+", component_id) if w]
    initials = "".join(w[0] for w in words).upper()
    if len(initials) < 2:
        initials = re.sub(r"[^A-Z0-9]", "", component_id.upper())[:4]
    return initials[:8] or "X"


def assign(component_ids: list[str], chosen: dict[str, str]) -> dict[str, str]:
    """Tags for all components: chosen ones kept, derived ones made unique with a digit."""
    tags: dict[str, str] = {}
    present = set(component_ids)
    taken = {validate(tag): cid for cid, tag in chosen.items() if cid in present}
    if len(taken) != len([c for c in chosen if c in present]):
        raise ConfigError("two components were given the same tag")
    for cid in component_ids:
        if cid in chosen:
            tags[cid] = chosen[cid]
            continue
        base = derive(cid)
        tag, n = base, 2
        while tag in taken:
            tag = f"{base[:7]}{n}"
            n += 1
        taken[tag] = cid
        tags[cid] = tag
    return tags
