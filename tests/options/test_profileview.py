"""How profiles are listed and shown; the examples render."""

from __future__ import annotations

import pytest

from jopt.options import profiles, profileview

BUILTIN = set(profiles.available(None))


@pytest.mark.parametrize("name", sorted(BUILTIN))
def test_every_builtin_example_renders(name: str) -> None:
    options = profileview.example_options(profiles.find(name, None))
    assert options and not options[0].startswith("error:")


def test_example_sets() -> None:
    profile = profiles.find("dumps", None)
    assert profileview.example_sets(profile) == ("agent=heap", "events=systhrow", "filter=java/lang/OutOfMemoryError")


def test_table() -> None:
    text = profileview.table(profiles.find_all(["heap", "jit"], None), BUILTIN)
    assert text.splitlines() == [
        "NAME  JVMS            SOURCE    DESCRIPTION",
        "heap  openj9,hotspot  built-in  Java heap sizes (-Xms, -Xmx, optionally -Xmn); Xms must not exceed Xmx",
        "jit   openj9          built-in  JIT compiler threads and compile threshold (-XcompilationThreads<n>, -Xjit:count=<n>)",
    ]


def test_details_of_heap() -> None:
    profile = profiles.find("heap", None)
    lines = profileview.details(profile, BUILTIN).splitlines()
    assert lines[0] == f"heap (built-in: {profile.path})"
    assert "  xms  size  256m     Initial heap size (-Xms). An integer with k, m, g or t." in lines
    assert "Notes:" in lines
    assert lines[-3:] == ["  renders, for component gateway (tag GW), openj9:", "  -Xms512m", "  -Xmx2g"]


def test_example_that_fails_shows_the_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "odd.yaml").write_text(
        "name: odd\ndescription: d\njvms: [openj9]\nexample: jopt render -p odd --set nope=1 gateway\n"
    )
    (tmp_path / "odd.options.j2").write_text("-Xmx1g\n")
    options = profileview.example_options(profiles.load(tmp_path / "odd.yaml"))
    assert options[0].startswith("error: cannot render, 1 problem (nothing written):")


def test_site_profile_replacing_a_builtin_is_labelled(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "heap.yaml").write_text("name: heap\ndescription: d\njvms: [openj9]\n")
    (tmp_path / "heap.options.j2").write_text("-Xmx1g\n")
    profile = profiles.load(tmp_path / "heap.yaml")
    assert profileview.as_dict(profile, BUILTIN)["source"] == "site (replaces built-in)"
