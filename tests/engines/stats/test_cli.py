import json

import pytest

from engines.stats.__main__ import main

HEADER = "tester_id,segment,task_id,outcome,seconds,errors,assists," + ",".join(f"sus_{i}" for i in range(1, 11))


def write(tmp_path, rows):
    path = tmp_path / "sessions.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def sus(answers):
    return ",".join(str(a) for a in answers)


ROWS = [
    "t1,seniors,buy,helped,120,1,2," + sus((4, 2, 4, 2, 4, 2, 4, 2, 4, 2)),
    "t1,seniors,pay,failed,,3,1,,,,,,,,,,",
    "t2,seniors,buy,unaided,90,0,0," + sus((3,) * 10),
    "t2,seniors,pay,abandoned,,2,0,,,,,,,,,,",
    "t3,adults,buy,unaided,40,0,0," + sus((5, 1) * 5),
    "t3,adults,pay,unaided,30,0,0,,,,,,,,,,",
    "t4,adults,buy,unaided,50,0,0," + sus((4, 1, 5, 1, 4, 2, 5, 1, 4, 2)),
    "t4,adults,pay,helped,80,1,1,,,,,,,,,,",
]


def test_cli_prints_json_per_segment(tmp_path, capsys):
    assert main(["usability", "--sessions", str(write(tmp_path, ROWS)), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"all", "seniors", "adults"}
    assert out["seniors"]["n_testers"] == 2
    assert out["seniors"]["sus_mean"] == 62.5  # testers score 75 and 50
    assert out["seniors"]["completion_rate"] == 0.5
    assert out["adults"]["unaided_rate"] == 0.75
    assert out["all"]["median_seconds"] == 65.0  # completed rows: 120, 90, 40, 30, 50, 80
    assert out["all"]["completion_ci_low"] < out["all"]["completion_rate"] < out["all"]["completion_ci_high"]


def test_cli_reports_every_bad_line_and_computes_nothing(tmp_path, capsys):
    rows = [*ROWS, "t5,adults,buy,gave-up,30,0,0,,,,,,,,,,", "t6,adults,buy,unaided,-4,0,0,,,,,,,,,,"]
    assert main(["usability", "--sessions", str(write(tmp_path, rows))]) == 2
    err = capsys.readouterr().err
    assert "line 10" in err and "line 11" in err and "Nothing computed" in err


def test_cli_names_missing_columns(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("tester_id,segment\nt1,a\n", encoding="utf-8")
    assert main(["usability", "--sessions", str(path)]) == 2
    assert "missing columns" in capsys.readouterr().err


def test_vulnerable_segment_doing_markedly_worse_is_flagged():
    from engines.stats import Outcome, TaskResult, UsabilityReport

    rows = [TaskResult(f"s{i}", "seniors", "t", Outcome.FAILED if i < 18 else Outcome.UNAIDED, 60) for i in range(20)]
    rows += [TaskResult(f"a{i}", "adults", "t", Outcome.UNAIDED if i < 19 else Outcome.FAILED, 30) for i in range(20)]
    report = UsabilityReport(vulnerable=("seniors",)).fit(rows)
    assert report.segments_["seniors"].flagged is True
    assert report.segments_["adults"].flagged is False
    assert report.segments_["seniors"].completion_gap.high < 0


@pytest.mark.parametrize("flag", [[], ["--json"]])
def test_cli_table_and_json_agree_on_segments(tmp_path, capsys, flag):
    assert main(["usability", "--sessions", str(write(tmp_path, ROWS)), *flag]) == 0
    assert "seniors" in capsys.readouterr().out


def test_cli_json_carries_full_precision_while_the_table_rounds(tmp_path, capsys):
    from engines.stats import UsabilityReport
    from engines.stats.__main__ import read_sessions

    path = write(tmp_path, ROWS)
    results, _ = read_sessions(path)
    exact = UsabilityReport().fit(results).segments_["all"]
    assert round(exact.sus.low, 4) != exact.sus.low  # the interval bound has more than four decimals

    assert main(["usability", "--sessions", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["all"]["sus_ci_low"] == exact.sus.low
    assert out["all"]["completion_ci_high"] == exact.completion.high

    assert main(["usability", "--sessions", str(path)]) == 0
    table = capsys.readouterr().out
    header, *lines = table.splitlines()
    cells = next(line for line in lines if line.startswith("all\t")).split("\t")
    row = dict(zip(header.split("\t"), cells, strict=True))
    assert row["sus_ci_low"] == str(round(exact.sus.low, 4))
