from jopt.app import demo


def test_demo_round_trip_is_byte_identical(tmp_path):
    lines = []
    assert demo.run(str(tmp_path / "kept"), lines.append) == 0
    text = "\n".join(lines)
    assert "$ jopt install gateway --dry-run" in text and "+    ${JOPT_OPTIONS} \\" in text
    assert "Round trip: 9 start scripts byte-identical" in text
    assert (tmp_path / "kept" / "zowe.yaml").is_file()


def test_fingerprints_see_a_change(tmp_path):
    root = tmp_path / "z"
    demo.prepare(root)
    before = demo.fingerprints(root)
    (root / "components" / "gateway" / "bin" / "start.sh").write_text("#!/bin/sh\n")
    assert demo.fingerprints(root) != before
