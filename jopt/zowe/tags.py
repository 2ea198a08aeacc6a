"""Component TAGs: the short upper-case code in the options and log file names."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import NamedTuple

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


class Collision(NamedTuple):
    """Two or more components whose JVMs would read the options file of one TAG."""

    tag: str
    components: tuple[str, ...]


def _unique(base: str, taken: Collection[str]) -> str:
    tag, n = base, 2
    while tag in taken:
        tag = f"{base[:7]}{n}"
        n += 1
    return tag


def free(component_id: str, taken: Collection[str]) -> str:
    """The tag a component would get now, its derived one made unique against `taken`."""
    return _unique(derive(component_id), taken)


def settle(
    component_ids: list[str], claimed: dict[str, str], preferred: dict[str, str]
) -> tuple[dict[str, str], list[Collision]]:
    """Tags for all components, and where two claim one.

    `claimed`: tags components already use whatever else exists (an installed hook reads its
    own, a --tag is the user's word); each keeps its claim, and a tag claimed by two is a
    Collision. `preferred`: tags remembered from earlier commands (state.json), kept where no
    claim took them. The rest are derived and made unique with a digit, in the order given.
    """
    present = [cid for cid in component_ids if cid in claimed]
    owners: dict[str, list[str]] = {}
    for cid in present:
        owners.setdefault(validate(claimed[cid]), []).append(cid)
    collisions = [Collision(tag, tuple(sorted(ids))) for tag, ids in owners.items() if len(ids) > 1]
    tags = {cid: claimed[cid] for cid in present}
    taken = set(owners)
    for cid in component_ids:
        if cid in tags:
            continue
        wish = preferred.get(cid)
        tags[cid] = wish if wish is not None and _TAG.match(wish) and wish not in taken else free(cid, taken)
        taken.add(tags[cid])
    return {cid: tags[cid] for cid in component_ids}, collisions


def assign(component_ids: list[str], chosen: dict[str, str]) -> dict[str, str]:
    """Tags for all components: chosen ones kept, derived ones made unique with a digit."""
    tags, collisions = settle(component_ids, chosen, {})
    if collisions:
        first = collisions[0]
        raise ConfigError(f"{' and '.join(first.components)} were given the same tag {first.tag}")
    return tags


def is_valid(tag: str) -> bool:
    return bool(_TAG.match(tag))
