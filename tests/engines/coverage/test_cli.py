import json

import pytest

from engines.coverage.__main__ import main

# The line instance of test_exact in the benchmark's format (tabs, CRLF, trailing tab as in the published files).
LINE = "4\t9999\tp\tS\r\n0\t0\t3\t\r\n2\t0\t4\t\r\n4\t0\t4\t\r\n6\t0\t3\t\r\n"


def write(tmp_path, text):
    path = tmp_path / "instance.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_cli_solve_prints_json_with_the_proven_optimum(tmp_path, capsys):
    # Every node is a candidate; radius 2 lets node 0 (x=0) and node 3 (x=6)... cover only their neighbours:
    # node 1 covers x = 0, 2, 4 (3 + 4 + 4 = 11), node 2 covers x = 2, 4, 6 (11); p = 2 with nodes 1 and 2
    # (or 0 and 2, 1 and 3) covers all 14.
    assert main(["solve", "--instance", str(write(tmp_path, LINE)), "--p", "2", "--radius", "2", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["covered"] == 14 and out["total"] == 14 and out["optimal"] is True and out["bound"] == 14
    assert len(out["facilities"]) == 2 and isinstance(out["seconds"], float)
    assert set(out) >= {"covered", "total", "facilities", "optimal", "bound", "seconds"}


def test_cli_solve_prints_plain_lines_by_default(tmp_path, capsys):
    # Radius 1 makes each node cover only itself: p = 1 takes a weight-4 node.
    assert main(["solve", "--instance", str(write(tmp_path, LINE)), "--p", "1", "--radius", "1",
                 "--method", "heuristic", "--time-limit", "2"]) == 0  # fmt: skip
    lines = dict(line.split("\t", 1) for line in capsys.readouterr().out.strip().splitlines())
    assert lines["covered"] == "4" and lines["total"] == "14" and lines["facilities"] in ("1", "2")
    assert lines["optimal"] == "true" and lines["bound"] == "4" and lines["method"] == "heuristic"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "the file is empty"),
        ("4 9999 p S\n0 0 3\n2 0 four\n4 0 4\n6 0 3\n", "line 3: 'x y demand' must be numbers"),
        ("5 9999 p S\n0 0 3\n2 0 4\n", "announces 5 nodes but the file has 2"),
        ("0 0 3\n2 0 4\n", "line 1: the header must be 'n 9999 p S'"),
    ],
)
def test_cli_bad_instance_exits_2_with_a_clear_message(tmp_path, capsys, text, expected):
    assert main(["solve", "--instance", str(write(tmp_path, text)), "--p", "1", "--radius", "1"]) == 2
    captured = capsys.readouterr()
    assert expected in captured.err and "Nothing solved" in captured.err
    assert captured.out == ""


def test_cli_missing_file_exits_2(tmp_path, capsys):
    assert main(["solve", "--instance", str(tmp_path / "nope.txt"), "--p", "1", "--radius", "1"]) == 2
    assert "cannot read" in capsys.readouterr().err


@pytest.mark.parametrize("args", [["--p", "-1", "--radius", "1"], ["--p", "1", "--radius", "0"],
                                  ["--p", "two", "--radius", "1"]])  # fmt: skip
def test_cli_bad_arguments_exit_2(tmp_path, capsys, args):
    with pytest.raises(SystemExit) as caught:
        main(["solve", "--instance", str(write(tmp_path, LINE)), *args])
    assert caught.value.code == 2
    assert "error" in capsys.readouterr().err


def test_cli_module_runs_as_a_process(tmp_path):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "engines.coverage", "solve", "--instance",  # noqa: S603 (our own interpreter)
                             str(write(tmp_path, LINE)), "--p", "2", "--radius", "2", "--json"],
                            capture_output=True, text=True, check=False, timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["covered"] == 14  # stdout holds only the JSON (no solver banner)
