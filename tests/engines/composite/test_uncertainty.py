import numpy as np
import pandas as pd
import pytest

from engines.composite import CompositeIndex, SpecError, UncertaintyAnalysis, saltelli_design, sobol_indices
from engines.composite.synthetic import make_synthetic

SPEC = {"treat": "none", "normalise": {"method": "minmax", "range": [1, 100]}}
WEIGHTS = {"name": "weights", "kind": "weight_noise", "noise": 0.5}
AGGREGATION = {"name": "aggregation", "kind": "choice", "path": "aggregate.method",
               "options": ["arithmetic", "geometric"]}  # fmt: skip


@pytest.fixture(scope="module")
def data():
    return make_synthetic(40, 12, 3, missing=0.0, random_state=11)


def test_same_random_state_gives_the_same_results(data):
    idata, imeta = data
    runs = [UncertaintyAnalysis(spec=SPEC, inputs=[WEIGHTS, AGGREGATION], n_replications=30, method="sobol",
                                random_state=5).fit(idata, imeta) for _ in range(2)]  # fmt: skip
    pd.testing.assert_frame_equal(runs[0].rank_summary_, runs[1].rank_summary_)
    pd.testing.assert_frame_equal(runs[0].sobol_, runs[1].sobol_)
    other = UncertaintyAnalysis(spec=SPEC, inputs=[WEIGHTS, AGGREGATION], n_replications=30, method="sobol",
                                random_state=6).fit(idata, imeta)  # fmt: skip
    assert not runs[0].rank_samples_.equals(other.rank_samples_)
    assert runs[0].n_runs_ == 30 * (2 + 2) and runs[0].n_failed_ == 0


def test_rank_summary_brackets_the_median_and_keeps_nominal_ranks(data):
    idata, imeta = data
    ua = UncertaintyAnalysis(spec=SPEC, inputs=[WEIGHTS], n_replications=60, random_state=1).fit(idata, imeta)
    summary = ua.rank_summary_
    assert summary.columns.tolist() == ["code", "uCode", "nominal", "median", "mean", "p05", "p95", "score_nominal",
                                        "score_median", "score_p05", "score_p95"]  # fmt: skip
    assert len(summary) == 40 and (summary["code"] == "Index").all()
    assert (summary["p05"] <= summary["median"]).all() and (summary["median"] <= summary["p95"]).all()
    nominal = CompositeIndex(SPEC).fit(idata, imeta).ranks_["Index"]
    assert summary.set_index("uCode")["nominal"].reindex(nominal.index).equals(nominal.rename("nominal"))
    assert ua.rank_samples_.shape == (40, 60) and ua.sobol_ is None


def test_no_noise_means_no_uncertainty(data):
    idata, imeta = data
    ua = UncertaintyAnalysis(spec=SPEC, inputs=[{**WEIGHTS, "noise": 0.0}], n_replications=5,
                             codes=["Index", "L2_00"], random_state=1).fit(idata, imeta)  # fmt: skip
    s = ua.rank_summary_
    assert set(s["code"]) == {"Index", "L2_00"}
    assert (s["p05"] == s["nominal"]).all() and (s["p95"] == s["nominal"]).all()


def test_sobol_estimators_on_a_linear_additive_model():
    # y = x1 + 2 x2 + 3 x3 with uniform inputs: S_i = a_i^2 / sum(a^2) = 1/14, 4/14, 9/14, and first = total
    rng = np.random.default_rng(0)
    n, d = 20_000, 3
    x = saltelli_design(n, d, rng)
    y = x @ np.array([1.0, 2.0, 3.0])
    sob = sobol_indices(y, n, d)
    expected = np.array([1, 4, 9]) / 14
    assert np.allclose(sob["first"], expected, atol=0.03)
    assert np.allclose(sob["total"], expected, atol=0.03)


def test_sobol_with_interaction_has_total_above_first():
    # y = x1 * x2 (centred): no first-order effect at all, everything through the interaction
    rng = np.random.default_rng(1)
    n = 20_000
    x = saltelli_design(n, 2, rng) - 0.5
    sob = sobol_indices(x[:, 0] * x[:, 1], n, 2, n_bootstrap=50, rng=rng)
    assert np.allclose(sob["first"], 0, atol=0.05) and np.allclose(sob["total"], 1, atol=0.05)
    assert (sob["first_p05"] <= sob["first_p95"]).all()


def test_one_uncertain_input_has_first_and_total_near_1_and_a_dummy_has_0(data):
    idata, imeta = data
    ua = UncertaintyAnalysis(spec=SPEC, inputs=[WEIGHTS], n_replications=200, method="sobol",
                             random_state=3).fit(idata, imeta)  # fmt: skip
    assert ua.sobol_first_["weights"] == pytest.approx(1, abs=0.25)
    assert ua.sobol_total_["weights"] == pytest.approx(1, abs=0.25)
    dummy = {"name": "dummy", "kind": "choice", "path": "treat.method", "options": ["none", "none"]}
    ua = UncertaintyAnalysis(spec=SPEC, inputs=[WEIGHTS, dummy], n_replications=60, method="sobol",
                             random_state=3).fit(idata, imeta)  # fmt: skip
    assert ua.sobol_first_["dummy"] == 0 and ua.sobol_total_["dummy"] == 0


def test_runs_that_cannot_be_computed_are_counted_not_fatal(data):
    idata, imeta = data
    spec = {"treat": "none"}  # minmax 0-100: the geometric mean of a zero fails
    ua = UncertaintyAnalysis(spec=spec, inputs=[AGGREGATION], n_replications=20, random_state=2).fit(idata, imeta)
    assert 0 < ua.n_failed_ < 20 and "geometric mean" in ua.failures_[0]
    assert ua.rank_summary_["median"].notna().all()


def test_bad_inputs_are_listed_before_anything_runs(data):
    idata, imeta = data
    inputs = [{"name": "x", "kind": "gaussian"}, {"name": "y", "kind": "choice", "path": "nowhere.method",
              "options": [1, 2]}, {**AGGREGATION, "options": ["arithmetic", "mean"]},
              {"name": "z", "kind": "uniform", "path": "treat.winmax", "low": 5, "high": 1}]  # fmt: skip
    with pytest.raises(SpecError) as caught:
        UncertaintyAnalysis(spec=SPEC, inputs=inputs, n_replications=10).fit(idata, imeta)
    text = "\n".join(caught.value.problems)
    assert "x: kind must be one of weight_noise, choice, uniform" in text
    assert "y: path must start with a step" in text
    assert "aggregation = \"mean\": aggregate: unknown method 'mean'" in text
    assert "z: a uniform input needs numbers low < high" in text


def test_choosing_a_method_drops_the_parameters_of_the_nominal_one(data):
    idata, imeta = data
    spec = {**SPEC, "aggregate": {"method": "generalised", "p": 3}, "treat": {"method": "winsorise", "winmax": 2}}
    inputs = [
        {"name": "agg", "kind": "choice", "path": "aggregate.method", "options": ["generalised", "arithmetic"]},
        {"name": "treat", "kind": "choice", "path": "treat.method", "options": ["winsorise", "none"]},
    ]
    ua = UncertaintyAnalysis(spec=spec, inputs=inputs, n_replications=12, random_state=0).fit(idata, imeta)
    assert ua.n_failed_ == 0 and ua.n_runs_ == 12


def test_uniform_parameter_and_normalisation_choice_on_a_panel():
    idata, imeta = make_synthetic(20, 10, 3, n_years=2, missing=0.0, random_state=4)
    inputs = [
        {"name": "winmax", "kind": "uniform", "path": "treat.winmax", "low": 1, "high": 4, "integer": True},
        {
            "name": "normalisation",
            "kind": "choice",
            "path": "normalise",
            "options": [{"method": "minmax", "range": [1, 100]}, {"method": "zscore", "mean": 50, "sd": 10}],
        },
    ]
    ua = UncertaintyAnalysis(spec={"treat": "winsorise"}, inputs=inputs, n_replications=20,
                             random_state=9).fit(idata, imeta)  # fmt: skip
    assert ua.rank_summary_.columns[:3].tolist() == ["code", "Time", "uCode"]
    assert len(ua.rank_summary_) == 40 and ua.n_failed_ == 0
    assert ua.rank_samples_.index.names == ["Time", "uCode"]


def test_screening_threshold_as_an_uncertain_input():
    idata, imeta = make_synthetic(30, 10, 3, missing=0.15, random_state=8)
    spec = {**SPEC, "impute": "mean", "screen": {"method": "by_na", "min_availability": 0.5}}
    inputs = [{"name": "screen", "kind": "uniform", "path": "screen.min_availability", "low": 0.5, "high": 0.9}]
    ua = UncertaintyAnalysis(spec=spec, inputs=inputs, n_replications=20, random_state=1).fit(idata, imeta)
    assert ua.n_failed_ == 0
    dropped = ua.rank_samples_.isna().sum(axis=1)
    assert dropped.max() > 0  # some units are screened out of the stricter runs ...
    assert (ua.rank_samples_.max() <= 30).all()  # ... and the others are ranked among those left
