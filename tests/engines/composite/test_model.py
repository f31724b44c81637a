import numpy as np
import pandas as pd
import pytest

from engines.composite import CompositeIndex, rank_changes, rank_changes_over_time
from engines.composite.synthetic import make_synthetic


def test_scores_and_ranks_cover_every_code_and_rank_1_is_best(small_tree, small_data):
    model = CompositeIndex({"treat": "none"}).fit(small_data, small_tree)
    assert list(model.scores_.columns) == ["a", "b", "c", "d", "P", "Q", "Index"]
    assert model.scores_.index.name == "uCode" and list(model.scores_.index) == ["u1", "u2", "u3", "u4", "u5"]
    best = model.scores_["Index"].idxmax()
    assert model.ranks_.loc[best, "Index"] == 1
    # a rises and b falls (Direction -1): both best for u5, so u5 leads pillar P
    assert model.ranks_.loc["u5", "P"] == 1 and model.scores_.loc["u5", "P"] == pytest.approx(100)
    # ties share the best rank: d is 2, 2 for u1 and u2 (third highest)
    assert model.ranks_.loc["u1", "d"] == model.ranks_.loc["u2", "d"] == 3
    assert model.index_code_ == "Index"


def test_stages_keep_input_rows_ids_and_code_columns(small_tree, small_data):
    before = small_data.copy()
    model = CompositeIndex({"treat": "none"}).fit(small_data, small_tree)
    assert set(model.stages_) == {"raw", "denominated", "imputed", "screened", "treated", "normalised", "aggregated"}
    for name, frame in model.stages_.items():
        assert frame["uCode"].tolist() == small_data["uCode"].tolist()
        assert frame.columns[:2].tolist() == ["uCode", "uName"]
        extra = ["P", "Q", "Index"] if name == "aggregated" else []
        assert frame.columns[2:].tolist() == ["a", "b", "c", "d", *extra]
    pd.testing.assert_frame_equal(small_data, before)  # the input is not modified


def test_results_table_is_coinr_results_score_shape(small_tree, small_data):
    results = CompositeIndex({"treat": "none"}).fit(small_data, small_tree).results_
    assert results.columns.tolist() == ["uCode", "uName", "Rank", "Index", "P", "Q"]
    assert results["Rank"].is_monotonic_increasing


def test_panel_ranks_within_each_year_and_normalises_across_years():
    idata, imeta = make_synthetic(30, 10, 3, n_years=3, missing=0.0, random_state=2)
    model = CompositeIndex({"treat": "none"}).fit(idata, imeta)
    assert model.scores_.index.names == ["Time", "uCode"]
    for year in (2020, 2021, 2022):
        ranks = model.ranks_.xs(year, level="Time")["Index"]
        assert sorted(ranks) == list(range(1, 31))
    norm = model.stages_["normalised"]
    assert norm["i000"].min() == pytest.approx(0) and norm["i000"].max() == pytest.approx(100)
    per_year = norm.groupby("Time")["i000"].agg(["min", "max"])
    assert (per_year["max"] < 100).sum() >= 1  # one scale for the panel: not every year reaches 100
    separate = CompositeIndex({"treat": "none", "normalise": {"across_time": False}}).fit(idata, imeta)
    yearly = separate.stages_["normalised"].groupby("Time")["i000"].agg(["min", "max"])
    assert np.allclose(yearly["min"], 0) and np.allclose(yearly["max"], 100)


def test_rank_changes_between_runs_and_between_years():
    idata, imeta = make_synthetic(25, 10, 3, n_years=2, missing=0.0, random_state=3)
    a = CompositeIndex({"treat": "none"}).fit(idata, imeta)
    b = CompositeIndex({"treat": "none", "weights": "equal"}).fit(idata, imeta)
    table = rank_changes(a, b)
    assert table.columns.tolist() == ["Time", "uCode", "rank_before", "rank_after", "rank_change", "score_before",
                                      "score_after", "score_change"]  # fmt: skip
    assert np.array_equal(table["rank_change"], table["rank_before"] - table["rank_after"])
    over = rank_changes_over_time(a, 2020, 2021)
    u = over.set_index("uCode").loc["U00003"]
    assert u["rank_before"] == a.ranks_.loc[(2020, "U00003"), "Index"]
    assert u["rank_after"] == a.ranks_.loc[(2021, "U00003"), "Index"]
    assert u["rank_change"] == u["rank_before"] - u["rank_after"]
    with pytest.raises(ValueError, match="no year 2030"):
        rank_changes_over_time(a, 2020, 2030)
    same = rank_changes(a.scores_[["Index"]], a.scores_[["Index"]])
    assert (same["rank_change"] == 0).all()


def test_strengths_and_weaknesses_by_rank_among_units(small_tree, small_data):
    model = CompositeIndex({"treat": "none"}).fit(small_data, small_tree)
    table = model.strengths_weaknesses(n=2)
    u5 = table[table["uCode"] == "u5"]
    strengths = u5[u5["kind"] == "strength"]
    assert strengths["iCode"].tolist() == ["a", "b"] and strengths["rank"].tolist() == [1, 1]
    # u5 is last on d (1.0): a tied-last indicator is discarded as COINr's min_discard does
    assert "d" not in u5[u5["kind"] == "weakness"]["iCode"].tolist()
    keep_worst = model.strengths_weaknesses(n=1, discard_worst=False)
    worst = keep_worst[(keep_worst["uCode"] == "u5") & (keep_worst["kind"] == "weakness")]
    assert worst["iCode"].tolist() == ["d"] and worst["rank"].item() == 5
    with pytest.raises(ValueError, match="stage must be one of"):
        model.strengths_weaknesses(stage="cooked")


def test_per_indicator_treatment_and_normalisation_overrides(asem_idata, asem_imeta, asem_spec):
    spec = {**asem_spec, "treat": {**asem_spec["treat"], "per_indicator": {"Services": {"method": "none"}}},
            "normalise": {"method": "minmax", "range": [0, 100],
                          "per_indicator": {"LPI": {"method": "zscore", "mean": 50, "sd": 10}}}}  # fmt: skip
    model = CompositeIndex(spec).fit(asem_idata, asem_imeta)
    pd.testing.assert_series_equal(model.stages_["treated"]["Services"], model.stages_["imputed"]["Services"])
    lpi = model.stages_["normalised"]["LPI"]
    assert lpi.mean() == pytest.approx(50) and lpi.std() == pytest.approx(10)
    assert model.spec_.for_code("normalise", "Flights")["range"] == [0, 100]
    assert model.spec_.for_code("normalise", "LPI")["method"] == "zscore"


def test_aggregation_by_level_and_by_aggregate(small_tree, small_data):
    spec = {"treat": "none", "normalise": {"range": [1, 100]},
            "aggregate": {"method": "arithmetic", "per_aggregate": {"Index": {"method": "geometric"}},
                          "per_level": {"2": {"method": "harmonic"}}}}  # fmt: skip
    model = CompositeIndex(spec).fit(small_data, small_tree)
    s = model.scores_
    norm = s[["a", "b", "c", "d"]]
    hp = 3 / (1 / norm["a"] + 2 / norm["b"])
    hq = 2 / (1 / norm["c"] + 1 / norm["d"])
    assert np.allclose(s["P"], hp) and np.allclose(s["Q"], hq)
    assert np.allclose(s["Index"], np.sqrt(hp * hq))


def test_min_share_leaves_aggregates_with_too_few_children_missing(small_tree, small_data):
    data = small_data.copy()
    data.loc[0, "a"] = np.nan
    loose = CompositeIndex({"treat": "none"}).fit(data, small_tree)
    spec = {"treat": "none", "aggregate": {"per_level": {"2": {"min_share": 0.75}}}}
    strict = CompositeIndex(spec).fit(data, small_tree)
    assert loose.scores_.loc["u1", "P"] == pytest.approx(loose.scores_.loc["u1", "b"])  # b alone
    assert np.isnan(strict.scores_.loc["u1", "P"]) and strict.scores_.loc["u1", "Index"] == pytest.approx(
        strict.scores_.loc["u1", "Q"])  # fmt: skip
    assert np.isnan(strict.ranks_.loc["u1", "P"])


def test_weights_equal_values_and_pca(small_tree, small_data):
    model = CompositeIndex({"treat": "none", "weights": {"method": "equal", "values": {"Q": 3}}}).fit(
        small_data, small_tree)  # fmt: skip
    s = model.scores_
    assert np.allclose(s["P"], (s["a"] + s["b"]) / 2)
    assert np.allclose(s["Index"], (s["P"] + 3 * s["Q"]) / 4)
    idata, imeta = make_synthetic(40, 10, 3, missing=0.0, random_state=6)
    pca = CompositeIndex({"treat": "none", "weights": {"method": "pca", "levels": [2]}}).fit(idata, imeta)
    kids = pca.tree_.children["L2_00"]
    norm = pca.stages_["normalised"][kids].to_numpy()
    eigvals, eigvecs = np.linalg.eigh(np.corrcoef(norm.T))  # prcomp(scale = TRUE): the correlation matrix
    first = eigvecs[:, -1] * np.sign(eigvecs[:, -1].sum())
    assert np.allclose(pca.weights_[kids], first)
    assert pca.weights_["L2_00"] == 1 and pca.weights_["L2_01"] == 1  # level 3 keeps the iMeta weights
    s = pca.scores_
    assert np.allclose(s["L2_00"], (s[kids] * first).sum(axis=1) / first.sum())


def test_denominate_with_scale_and_switched_off(small_tree, small_data):
    tree = [dict(r, Denominator="Pop") if r["iCode"] in ("a", "c") else r for r in small_tree]
    data = small_data.assign(Pop=[2.0, 4.0, 5.0, 8.0, 10.0])
    spec = {"treat": "none", "denominate": {"per_indicator": {"a": {"scale": 100}, "c": {"method": "none"}}}}
    den = CompositeIndex(spec).fit(data, tree).stages_["denominated"]
    assert np.allclose(den["a"], data["a"] / data["Pop"] * 100)
    assert np.allclose(den["c"], data["c"])


def test_panel_imputation_through_fit_and_screening_drops_rows():
    idata, imeta = make_synthetic(20, 10, 3, n_years=3, missing=0.0, random_state=4)
    idata.loc[(idata["uCode"] == "U00002") & (idata["Time"] == 2022), "i001"] = np.nan
    model = CompositeIndex({"treat": "none", "impute": "panel"}).fit(idata, imeta)
    imp = model.stages_["imputed"].set_index(["Time", "uCode"])
    assert imp.loc[(2022, "U00002"), "i001"] == imp.loc[(2021, "U00002"), "i001"]
    sparse = idata.copy()
    sparse.loc[sparse["uCode"] == "U00005", [f"i{j:03d}" for j in range(6)]] = np.nan
    screened = CompositeIndex({"treat": "none", "impute": "mean", "screen": "by_na"}).fit(sparse, imeta)
    assert "U00005" not in screened.stages_["treated"]["uCode"].tolist()
    assert "U00005" in screened.stages_["imputed"]["uCode"].tolist()
    assert len(screened.scores_) == 57 and not screened.screening_["included"][sparse["uCode"] == "U00005"].any()


def test_unbalanced_tree_and_several_roots():
    meta = [{"iCode": "x", "Parent": "P"}, {"iCode": "y", "Parent": "P"}, {"iCode": "z", "Parent": "Index"},
            {"iCode": "P", "Parent": "Index"}, {"iCode": "Index", "Parent": None}, {"iCode": "w", "Parent": "Other"},
            {"iCode": "Other", "Parent": None}]  # fmt: skip
    data = pd.DataFrame({"uCode": ["a", "b", "c"], "x": [1.0, 2, 3], "y": [3.0, 2, 1], "z": [1.0, 5, 3],
                         "w": [1.0, 2, 3]})  # fmt: skip
    model = CompositeIndex({"treat": "none"}).fit(data, meta)
    s = model.scores_
    assert np.allclose(s["Index"], (s["P"] + s["z"]) / 2)
    assert model.index_code_ == "Index" and model.tree_.roots == ["Index", "Other"]
    other = CompositeIndex({"treat": "none", "index": "Other"}).fit(data, meta)
    assert other.results_["uCode"].tolist() == ["c", "b", "a"]


def test_distance_to_reference_unit_per_year():
    idata, imeta = make_synthetic(10, 5, 2, n_years=2, missing=0.0, random_state=5)
    spec = {"treat": "none", "normalise": {"method": "distance_to_reference", "reference": "U00000", "cap": True}}
    norm = CompositeIndex(spec).fit(idata, imeta).stages_["normalised"]
    ref = norm[norm["uCode"] == "U00000"]
    assert np.allclose(ref[[f"i{j:03d}" for j in range(5)]], 1.0)
    assert norm[[f"i{j:03d}" for j in range(5)]].max().max() <= 1.0


def test_nullable_and_decimal_columns_and_integer_codes(small_tree, small_data):
    from decimal import Decimal

    data = small_data.copy()
    data["uCode"] = [101, 102, 103, 104, 105]
    data["a"] = pd.array([1, None, 3, 4, 5], dtype="Int64")
    data["c"] = [Decimal("5"), Decimal("3"), None, Decimal("1"), Decimal("2")]
    meta = pd.DataFrame(small_tree).astype({"Weight": "Float64"})
    model = CompositeIndex({"treat": "none", "impute": "mean"}).fit(data, meta)
    assert model.scores_.index.tolist() == ["101", "102", "103", "104", "105"]
    assert model.stages_["imputed"]["a"].tolist() == [1.0, 3.25, 3.0, 4.0, 5.0]
    assert model.stages_["imputed"].loc[2, "c"] == pytest.approx(11 / 4)
