"""COINr's own exact checks (tests/testthat in github.com/bluefoxr/COINr), ported; each names its source."""

import math

import numpy as np
import pandas as pd
import pytest

from engines.composite import CompositeIndex, a_amean, a_genmean, a_gmean, a_hmean
from engines.composite.aggregate import aggregate_rows
from engines.composite.impute import impute_columns, impute_groups, impute_panel
from engines.composite.normalise import (
    n_borda,
    n_dist2max,
    n_dist2ref,
    n_dist2targ,
    n_fracmax,
    n_goalposts,
    n_minmax,
    n_prank,
    n_rank,
    n_scaled,
    n_zscore,
)
from engines.composite.treat import kurt, passes, skew, treat_column, winsorise

WINSORISE = {"method": "winsorise", "winmax": 5, "skew": 2.0, "kurt": 3.5, "fallback": "none", "lambda": None,
             "force_win": False}  # fmt: skip


# --- test-normalise.R -----------------------------------------------------------------------------------------


def test_norm_num_minmax_zscore_and_capped_distance_to_target():
    # test-normalise.R "norm_num": x <- 1:10
    x = np.arange(1.0, 11.0)
    xn = n_minmax(x, (2, 7))
    assert xn.min() == 2 and xn.max() == 7
    xz = n_zscore(x, (5, 2))
    assert xz.mean() == pytest.approx(5) and xz.std(ddof=1) == pytest.approx(2)
    xt = n_dist2targ(x, 8, cap_max=True)
    assert xt.min() == 0 and xt.max() == 1 and np.all(xt[x >= 8] == 1)


def test_n_funcs_scaled_dist2max_dist2ref_fracmax():
    # test-normalise.R "n_funcs" (x <- runif(10); a fixed seed here)
    x = np.random.default_rng(1).random(10)
    assert np.allclose(n_scaled(x, (1, 10)), (x - 1) / (10 - 1) * 100)
    assert np.allclose(n_dist2max(x), 1 - (x.max() - x) / (x.max() - x.min()))
    expected = 1 - (x[0] - x) / (x[0] - x.min())
    assert np.allclose(n_dist2ref(x, 0), expected)
    assert np.allclose(n_dist2ref(x, 0, cap_max=True), np.minimum(expected, 1))
    assert np.allclose(n_fracmax(x), x / x.max())


def test_n_goalposts_cases():
    # test-normalise.R "n_funcs": goalposts c(0.2, 0.8, 10) and the zoomed-in cases
    x = np.random.default_rng(2).random(10)
    assert np.allclose(n_goalposts(x, (0.2, 0.8, 10)), np.clip((x - 0.2) / 0.6, 0, 1) * 10)
    assert n_goalposts(np.array([1.0]), (0, 10, 1))[0] == pytest.approx(0.1)  # 1 in range 0-10
    assert n_goalposts(np.array([11.0]), (0, 10, 1))[0] == 1  # above max
    assert n_goalposts(np.array([-1.0]), (0, 10, 1))[0] == 0  # below min
    assert n_goalposts(np.array([1.0]), (0, 10, 1), direction=-1)[0] == pytest.approx(0.9)
    assert n_goalposts(np.array([-1.0]), (0, 10, 1), direction=-1)[0] == 1
    assert n_goalposts(np.array([11.0]), (0, 10, 1), direction=-1)[0] == 0


def test_dist2targ_both_directions_with_and_without_cap():
    # test-normalise.R "dist2targ"
    x = np.array([0.0, 5.0, 11.0])
    assert np.allclose(n_dist2targ(x, 10, direction=1, cap_max=False), [0, 0.5, 1.1])
    assert np.allclose(n_dist2targ(x, 10, direction=1, cap_max=True), [0, 0.5, 1])
    x = np.array([-1.0, 1.0, 10.0])
    assert np.allclose(n_dist2targ(x, 0, direction=-1, cap_max=False), [1.1, 0.9, 0])
    assert np.allclose(n_dist2targ(x, 0, direction=-1, cap_max=True), [1, 0.9, 0])


def test_rank_percentile_rank_and_borda_use_min_ties():
    # COINr's n_rank, n_prank, n_borda: rank(x, ties.method = "min", na.last = "keep")
    x = np.array([3.0, 1.0, 3.0, np.nan, 2.0])
    assert np.array_equal(n_rank(x), [3, 1, 3, np.nan, 2], equal_nan=True)
    assert np.array_equal(n_borda(x), [2, 0, 2, np.nan, 1], equal_nan=True)
    assert np.allclose(n_prank(x), [2 / 3, 0, 2 / 3, np.nan, 1 / 3], equal_nan=True)


def test_norm_df_individual_specs_and_directions(small_tree):
    # test-normalise.R "norm_df": v1 minmax 1-10, v2 borda -> 0:9; a backwards column flips min and max
    rng = np.random.default_rng(3)
    data = pd.DataFrame({"uCode": [f"u{i}" for i in range(10)], "a": rng.random(10), "b": rng.random(10),
                         "c": rng.random(10), "d": rng.random(10)})  # fmt: skip
    spec = {"treat": "none", "normalise": {"method": "minmax", "per_indicator": {
        "a": {"method": "minmax", "range": [1, 10]}, "c": {"method": "borda"}}}}  # fmt: skip
    norm = CompositeIndex(spec).fit(data, small_tree).stages_["normalised"]
    assert norm["a"].min() == pytest.approx(1) and norm["a"].max() == pytest.approx(10)
    assert sorted(norm["c"]) == list(range(10))
    b = data["b"]  # Direction -1 in small_tree
    assert norm.loc[b.idxmin(), "b"] == pytest.approx(100) and norm.loc[b.idxmax(), "b"] == pytest.approx(0)
    d = data["d"]
    assert norm.loc[d.idxmin(), "d"] == pytest.approx(0) and norm.loc[d.idxmax(), "d"] == pytest.approx(100)


def test_dist2targ_coin_uses_imeta_targets_and_directions(asem_idata, asem_imeta):
    # test-normalise.R "dist2targ_coin": LPI (direction 1) and CO2 (direction -1) against their iMeta targets
    spec = {"denominate": "none", "treat": "none", "normalise": {"method": "distance_to_target"}}
    model = CompositeIndex(spec).fit(asem_idata, asem_imeta)
    raw, norm = model.stages_["raw"], model.stages_["normalised"]
    meta = asem_imeta.set_index("iCode")
    targ = meta.loc["LPI", "Target"]
    assert np.allclose(norm["LPI"], (raw["LPI"] - raw["LPI"].min()) / (targ - raw["LPI"].min()))
    targ = meta.loc["CO2", "Target"]
    assert np.allclose(norm["CO2"], (raw["CO2"].max() - raw["CO2"]) / (raw["CO2"].max() - targ))


def test_imeta_goalposts_as_coinr_iMeta_norm_paras(asem_idata, asem_imeta):
    # test-normalise.R "iMeta_norm_paras", GOALPOSTS: posts at 5% inside each indicator's range, from iMeta columns
    imeta = asem_imeta.copy()
    for code in imeta.loc[imeta["Type"] == "Indicator", "iCode"]:
        x = asem_idata[code]
        rx = x.max() - x.min()
        imeta.loc[imeta["iCode"] == code, "goalpost_lower"] = x.min() + 0.05 * rx
        imeta.loc[imeta["iCode"] == code, "goalpost_upper"] = x.max() - 0.05 * rx
    spec = {"denominate": "none", "treat": "none", "normalise": {"method": "goalposts"}}
    model = CompositeIndex(spec).fit(asem_idata, imeta)
    norm, raw, meta = model.stages_["normalised"], model.stages_["raw"], imeta.set_index("iCode")
    for code, direction in (("LPI", 1), ("Tariff", -1)):
        posts = (meta.loc[code, "goalpost_lower"], meta.loc[code, "goalpost_upper"], 1)
        expected = n_goalposts(raw[code].to_numpy(), posts, direction=direction)
        assert np.allclose(norm[code], expected, equal_nan=True)


# --- test-treat.R and COINr's skew/kurt ----------------------------------------------------------------------


def test_skew_and_kurt_are_the_sample_statistics_of_pandas():
    # COINr's skew()/kurt() follow e1071 type 2 = Excel SKEW/KURT = pandas .skew()/.kurt()
    x = np.r_[np.random.default_rng(4).lognormal(size=40), np.nan]
    assert skew(x) == pytest.approx(pd.Series(x).skew(), rel=1e-12)
    assert kurt(x) == pytest.approx(pd.Series(x).kurt(), rel=1e-12)


def test_treat_num_one_outlier_is_winsorised_to_the_next_value():
    # test-treat.R "treat_num": x <- c(1:10, 100) fails; winsorise (winmax 5): the 100 becomes 10, then it passes
    x = np.r_[np.arange(1.0, 11.0), 100.0]
    assert not passes(skew(x), kurt(x))
    out, report = treat_column(x, WINSORISE, len(x))
    assert out[-1] == 10 and np.array_equal(out[:10], x[:10])
    assert passes(skew(out), kurt(out)) and report["winsorised"] == 1 and report["winsorised_high"] == 1


def test_treat_num_two_outliers_winmax_1_fails_then_log_of_the_original():
    # test-treat.R "treat_num": x <- c(1:20, 100, 200); winmax 1 alone still fails; with f2 = "log" -> log(x)
    x = np.r_[np.arange(1.0, 21.0), 100.0, 200.0]
    out, report = treat_column(x, {**WINSORISE, "winmax": 1}, len(x))
    assert not passes(skew(out), kurt(out)) and report["winsorised"] == 1
    out, report = treat_column(x, {**WINSORISE, "winmax": 1, "fallback": "log"}, len(x))
    assert np.allclose(out, np.log(x)) and report["treatment"] == "log"


def test_treat_num_forced_winsorisation_treats_winmax_points():
    # test-treat.R "treat_num": force_win with winmax 3 -> 3 treated points. The direction follows the skew at
    # every step: 200 and 100 come down to 20, then the skew is negative and the 1 goes up to 2.
    x = np.r_[np.arange(1.0, 21.0), 100.0, 200.0]
    w = winsorise(x, winmax=3, force_win=True)
    assert w.n_points == 3 and (w.x != x).sum() == 3
    assert w.high.sum() == 2 and w.low.sum() == 1 and w.x[0] == 2 and np.array_equal(w.x[-2:], [20.0, 20.0])


def test_treat_df_negative_outlier_is_winsorised_from_below():
    # test-treat.R "treat_df": the column c(1:10, -100) (winmax 2, log_CT fallback)
    x = np.r_[np.arange(1.0, 11.0), -100.0]
    out, report = treat_column(x, {**WINSORISE, "winmax": 2, "fallback": "log_ct"}, len(x))
    assert out[-1] == 1 and report["winsorised_low"] == 1 and report["treatment"] == "winsorised 1"


def test_log_ct_is_coinr_formula():
    # COINr's log_CT: log(x - min(x) + 0.01 * (max(x) - min(x)))
    x = np.r_[np.arange(1.0, 21.0), 100.0, 200.0]
    out, report = treat_column(x, {**WINSORISE, "winmax": 1, "fallback": "log_ct"}, len(x))
    assert np.allclose(out, np.log(x - 1 + 0.01 * 199)) and report["treatment"] == "log_ct"


# --- test-aggregate.R and COINr's a_* functions --------------------------------------------------------------


def test_agg_df_weighted_mean_and_data_threshold():
    # test-aggregate.R "agg_df": weights 1:5 equal weighted.mean; a row with 4/5 missing is NA at dat_thresh 0.5
    x = np.random.default_rng(5).random((20, 5))
    w = np.arange(1.0, 6.0)
    y, _ = aggregate_rows(x, w, "arithmetic")
    assert np.allclose(y, (x * w).sum(axis=1) / w.sum())
    x_na = x.copy()
    x_na[0, :4] = np.nan
    y_na, _ = aggregate_rows(x_na, w, "arithmetic", min_share=0.5)
    assert np.isnan(y_na[0]) and np.allclose(y_na[1:], y[1:])


def test_agg_coin_follows_weights_and_structure(asem_idata, asem_imeta, asem_spec):
    # test-aggregate.R "agg_coin": random weights, then the levels re-aggregated by hand
    imeta = asem_imeta.copy()
    tree_rows = imeta["Type"].isin(["Indicator", "Aggregate"])
    imeta.loc[tree_rows, "Weight"] = np.random.default_rng(6).random(tree_rows.sum())
    agg = CompositeIndex(asem_spec).fit(asem_idata, imeta).stages_["aggregated"]
    manual = agg[[c for c in imeta.loc[imeta["Type"] == "Indicator", "iCode"]]].copy()
    meta = imeta[tree_rows].set_index("iCode")
    for level in (2, 3, 4):
        for parent in meta.index[meta["Level"] == level]:
            kids = meta.index[meta["Parent"] == parent]
            w = meta.loc[kids, "Weight"].to_numpy()
            manual[parent] = (manual[kids].to_numpy() * w).sum(axis=1) / w.sum()
    assert np.allclose(agg[manual.columns].to_numpy(), manual.to_numpy())


def test_geometric_harmonic_and_generalised_means():
    # COINr's a_gmean, a_hmean, a_genmean definitions, on x = 1:10 with equal weights
    x = np.arange(1.0, 11.0)
    assert a_amean(x) == pytest.approx(5.5)
    assert a_gmean(x) == pytest.approx(math.factorial(10) ** 0.1)  # 4.528728688...
    assert a_hmean(x) == pytest.approx(10 / sum(1 / k for k in range(1, 11)))  # 3.414171521...
    assert a_genmean(x, p=2) == pytest.approx(math.sqrt(38.5))  # quadratic mean 6.2048...
    assert a_genmean(x, p=1) == pytest.approx(a_amean(x))
    assert a_genmean(x, p=-1) == pytest.approx(a_hmean(x))
    # weighted: w = (3, 1) on (2, 8): exp((3 ln 2 + ln 8) / 4) = 2^1.5; 4 / (3/2 + 1/8)
    assert a_gmean([2, 8], [3, 1]) == pytest.approx(2**1.5)
    assert a_hmean([2, 8], [3, 1]) == pytest.approx(4 / (3 / 2 + 1 / 8))
    assert a_gmean([2, np.nan, 8], [1, 5, 1]) == pytest.approx(4.0)  # NaN skipped with its weight


def test_means_refuse_values_they_cannot_take():
    # COINr stops on zero/negative values in a_gmean and on zeros in a_hmean
    with pytest.raises(ValueError, match="geometric"):
        a_gmean([0.0, 1.0])
    with pytest.raises(ValueError, match="harmonic"):
        a_hmean([0.0, 1.0])
    with pytest.raises(ValueError, match="p = -1"):
        a_genmean([0.0, 1.0], p=-1)


# --- test-Impute.R, test-impute_panel.R, test-Screen.R ------------------------------------------------------


def test_impute_numeric_median():
    # test-Impute.R "Impute.numeric": x <- 1:10; x[3] <- NA; i_median
    x = np.arange(1.0, 11.0)
    x[2] = np.nan
    out = impute_columns(x.reshape(-1, 1), "median")[:, 0]
    assert out[2] == np.nanmedian(x) and np.array_equal(np.delete(out, 2), np.delete(x, 2))


def test_group_mean_and_median_leave_units_without_group_missing():
    # test-Impute.R "group_mean" / "group_median", including NA groups
    rng = np.random.default_rng(7)
    x = rng.random(20)
    f = rng.choice(np.array(["a", "b"], dtype=object), 20)
    x[[0, 4, 9]] = np.nan
    for how, stat in (("mean", np.nanmean), ("median", np.nanmedian)):
        out = impute_groups(x.reshape(-1, 1), f, how)[:, 0]
        for i in (0, 4, 9):
            assert out[i] == pytest.approx(stat(x[f == f[i]]))
    f2 = f.copy()
    f2[[1, 4]] = None
    out = impute_groups(x.reshape(-1, 1), f2, "mean")[:, 0]
    keep = np.array([i not in (1, 4) for i in range(20)])
    assert out[0] == pytest.approx(np.nanmean(x[keep][f2[keep] == f2[0]]))
    assert np.isnan(out[4])


def test_panel_linear_and_constant_imputation():
    # test-impute_panel.R "linear_imp_works" and "constant_imp_works": one unit, 2020-2022
    x = np.array([[1, 3, np.nan, 7], [2, np.nan, 5, 8], [3, 5, 6, np.nan]], dtype=float)
    units, times = np.array(["A"] * 3, dtype=object), np.array([2020, 2021, 2022], dtype=object)
    lin = impute_panel(x, units, times, "linear")
    assert np.allclose(lin, [[1, 3, 5, 7], [2, 4, 5, 8], [3, 5, 6, 8]])
    const = impute_panel(x, units, times, "constant")
    assert np.allclose(const, [[1, 3, 5, 7], [2, 3, 5, 8], [3, 5, 6, 8]])


def test_panel_imputation_takes_2021_for_a_2022_gap():
    # test-impute_panel.R "panel imputation correct": NZ LPI and AT Flights set missing in 2022 get their 2021 values
    from .conftest import ASEM

    panel = pd.read_csv(ASEM / "COINr_ASEM_iData_p.csv")
    holes = panel.copy()
    holes.loc[(holes["uCode"] == "NZL") & (holes["Time"] == 2022), "LPI"] = np.nan
    holes.loc[(holes["uCode"] == "AUT") & (holes["Time"] == 2022), "Flights"] = np.nan
    codes = ["LPI", "Flights"]
    out = impute_panel(holes[codes].to_numpy(), holes["uCode"].to_numpy(dtype=object),
                       holes["Time"].to_numpy(dtype=object))  # fmt: skip
    out = pd.DataFrame(out, columns=codes)
    for unit, code in (("NZL", "LPI"), ("AUT", "Flights")):
        got = out.loc[((holes["uCode"] == unit) & (holes["Time"] == 2022)).to_numpy(), code].item()
        want = panel.loc[(panel["uCode"] == unit) & (panel["Time"] == 2021), code].item()
        assert got == want


def test_screen_df_by_missing_values_zeros_and_forcing():
    # test-Screen.R "screendf": 10 units x 10 indicators; unit 1 50% available, 2 90%, 3 50% zeros, 4 90% non-zero
    rng = np.random.default_rng(8)
    codes = [f"v{i}" for i in range(10)]
    x = pd.DataFrame(rng.random((10, 10)), columns=codes)
    x.iloc[0, :5] = np.nan
    x.iloc[1, 0] = np.nan
    x.iloc[2, :5] = 0.0
    x.iloc[3, 0] = 0.0
    x.insert(0, "uCode", list("abcdefghij"))
    meta = [{"iCode": c, "Parent": "Index"} for c in codes] + [{"iCode": "Index", "Parent": None}]

    def removed(screen):
        spec = {"treat": "none", "impute": "mean", "screen": screen}
        model = CompositeIndex(spec).fit(x, meta)
        return [u for u, kept in zip(model.screening_["uCode"], model.screening_["included"], strict=True) if not kept]

    assert removed({"method": "by_na", "min_availability": 0.75}) == ["a"]
    assert removed({"method": "by_na", "min_availability": 1}) == ["a", "b"]
    assert removed({"method": "by_zeros", "min_nonzero": 0.75}) == ["c"]
    assert removed({"method": "by_na", "min_availability": 1, "force_exclude": ["f"]}) == ["a", "b", "f"]


# --- test-results.R ---------------------------------------------------------------------------------------


def test_str_weak_values_are_the_units_raw_values(asem_idata, asem_imeta, asem_spec):
    # test-results.R "str_weak": for ESP, each strength and weakness value is ESP's raw value of that indicator
    model = CompositeIndex(asem_spec).fit(asem_idata, asem_imeta)
    table = model.strengths_weaknesses(n=5)
    esp = table[table["uCode"] == "ESP"]
    raw = asem_idata.set_index("uCode").loc["ESP"]
    assert len(esp) == 10
    for _, row in esp.iterrows():
        assert row["value"] == raw[row["iCode"]]
    direction = asem_imeta.set_index("iCode")["Direction"]
    best = esp[esp["kind"] == "strength"].iloc[0]
    directed = asem_idata[best["iCode"]] * direction[best["iCode"]]
    assert best["rank"] == (directed > directed[asem_idata["uCode"] == "ESP"].item()).sum() + 1
