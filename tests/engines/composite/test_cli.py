import json

import pandas as pd

from engines.composite.cli import main

from .conftest import ASEM

IDATA, IMETA = str(ASEM / "COINr_ASEM_iData.csv"), str(ASEM / "COINr_ASEM_iMeta.csv")


def test_run_writes_one_csv_per_stage_with_the_input_rows_and_codes(tmp_path, small_tree, small_data, capsys):
    small_data.to_csv(tmp_path / "idata.csv", index=False)
    pd.DataFrame(small_tree).to_csv(tmp_path / "imeta.csv", index=False)
    out = tmp_path / "out"
    args = ["run", "--idata", str(tmp_path / "idata.csv"), "--imeta", str(tmp_path / "imeta.csv"), "--out", str(out)]
    assert main(args) == 0
    assert "top:" in capsys.readouterr().out
    for name in ("denominated", "imputed", "screened", "treated", "normalised", "aggregated"):
        frame = pd.read_csv(out / f"{name}.csv")
        assert frame["uCode"].tolist() == small_data["uCode"].tolist()
        expected = ["uCode", "uName", "a", "b", "c", "d"] + (["P", "Q", "Index"] if name == "aggregated" else [])
        assert frame.columns.tolist() == expected
    results = pd.read_csv(out / "results.csv")
    assert results.columns.tolist() == ["uCode", "uName", "Rank", "Index", "P", "Q"]
    assert (out / "treatment.csv").exists() and (out / "screening.csv").exists()


def test_missing_files_and_bad_spec_exit_2_listing_every_problem(tmp_path, capsys):
    spec = tmp_path / "spec.json"
    spec.write_text('{"normalise": {"method": "minmx"}, "treat": {"winmax": -1}}', encoding="utf-8")
    code = main(["run", "--idata", str(tmp_path / "none.csv"), "--imeta", IMETA, "--spec", str(spec),
                 "--out", str(tmp_path / "out")])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2
    assert "none.csv: no such file" in err
    assert "unknown method 'minmx'" in err and "treat.winmax: must be >= 0" in err
    assert "Nothing computed: 3 problem(s)." in err
    assert not (tmp_path / "out").exists()


def test_spec_that_is_not_json(tmp_path, capsys):
    spec = tmp_path / "spec.json"
    spec.write_text("method: minmax", encoding="utf-8")
    assert main(["run", "--idata", IDATA, "--imeta", IMETA, "--spec", str(spec), "--out", str(tmp_path)]) == 2
    assert "not valid JSON" in capsys.readouterr().err


def test_bad_imeta_and_idata_files_exit_2(tmp_path, capsys):
    meta = pd.read_csv(IMETA).astype({"Weight": object})
    meta.loc[meta["iCode"] == "LPI", "Parent"] = "Nowhere"
    meta.loc[meta["iCode"] == "Ship", "Weight"] = "lots"
    meta.to_csv(tmp_path / "imeta.csv", index=False)
    assert main(["run", "--idata", IDATA, "--imeta", str(tmp_path / "imeta.csv"), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "LPI: parent 'Nowhere'" in err and "Ship: Weight 'lots' is not a number" in err
    data = pd.read_csv(IDATA).drop(columns=["Goods"]).astype({"LPI": object})
    data.loc[2, "LPI"] = "about four"
    data.to_csv(tmp_path / "idata.csv", index=False)
    assert main(["run", "--idata", str(tmp_path / "idata.csv"), "--imeta", IMETA, "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "no column for indicator(s) Goods" in err
    assert "indicator 'LPI' has values that are not numbers (line 4)" in err
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    assert main(["run", "--idata", str(tmp_path / "empty.csv"), "--imeta", IMETA, "--out", str(tmp_path)]) == 2
    assert "cannot read as a CSV file" in capsys.readouterr().err


def test_uncertainty_command_writes_rank_summary_and_sobol(tmp_path, capsys):
    analysis = {"inputs": [{"name": "weights", "kind": "weight_noise", "noise": 0.25},
                           {"name": "agg", "kind": "choice", "path": "aggregate.method",
                            "options": ["arithmetic", "generalised"]}],
                "n_replications": 8, "method": "sobol", "random_state": 1}  # fmt: skip
    (tmp_path / "ua.json").write_text(json.dumps(analysis), encoding="utf-8")
    code = main(["uncertainty", "--idata", IDATA, "--imeta", IMETA, "--analysis", str(tmp_path / "ua.json"),
                 "--spec", str(ASEM.parent / "asem_coinr_v06.json"), "--out", str(tmp_path / "ua")])  # fmt: skip
    assert code == 0 and "32 runs (0 failed)" in capsys.readouterr().out
    summary = pd.read_csv(tmp_path / "ua" / "rank_summary.csv")
    assert len(summary) == 51 and {"median", "p05", "p95"} <= set(summary.columns)
    assert pd.read_csv(tmp_path / "ua" / "sobol.csv")["input"].tolist() == ["weights", "agg"]
    (tmp_path / "bad.json").write_text('{"inputs": [], "samples": 3}', encoding="utf-8")
    code = main(["uncertainty", "--idata", IDATA, "--imeta", IMETA, "--analysis", str(tmp_path / "bad.json"),
                 "--out", str(tmp_path / "ua2")])  # fmt: skip
    assert code == 2 and "unknown key(s) samples" in capsys.readouterr().err


def test_module_entry_point_runs_and_fails_with_status_2(tmp_path, monkeypatch, capsys):
    import runpy

    import pytest

    def run_module(*args):
        monkeypatch.setattr("sys.argv", ["python -m engines.composite", *args])
        with pytest.raises(SystemExit) as caught:
            runpy.run_module("engines.composite", run_name="__main__", alter_sys=False)
        return caught.value.code

    spec = str(ASEM.parent / "asem_coinr_v06.json")
    assert run_module("run", "--idata", IDATA, "--imeta", IMETA, "--spec", spec, "--out", str(tmp_path / "a")) == 0
    assert (tmp_path / "a" / "aggregated.csv").exists()
    assert run_module("run", "--idata", IMETA, "--imeta", IMETA, "--out", str(tmp_path / "b")) == 2
    assert "iData has no uCode column" in capsys.readouterr().err
