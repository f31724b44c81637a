import numpy as np
import pandas as pd
import pytest

from engines.composite import CompositeError, CompositeIndex, DataError, IndicatorTree, MetaError, Spec, SpecError


def test_meta_error_lists_every_problem_at_once():
    rows = [
        {"iCode": "a", "Parent": "Nowhere", "Direction": 1, "Weight": 1},
        {"iCode": "b", "Parent": "P", "Direction": 2, "Weight": "heavy"},
        {"iCode": "b", "Parent": "P"},
        {"iCode": "c", "Parent": "P", "Weight": -1, "Direction": 1},
        {"iCode": "P", "Parent": None, "Type": "Aggregate", "Weight": 1, "Direction": 1},
        {"iCode": "Lonely", "Parent": None, "Type": "Aggregate", "Weight": 1, "Direction": 1},
    ]
    with pytest.raises(MetaError) as caught:
        IndicatorTree.from_records(rows)
    problems = caught.value.problems
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, CompositeError)
    text = "\n".join(problems)
    assert "a: parent 'Nowhere' is not an indicator or aggregate" in text
    assert "b: Direction must be 1 or -1" in text
    assert "b: Weight 'heavy' is not a number" in text
    assert "'b' appears more than once" in text
    assert "c: Weight -1 is negative" in text
    assert "Lonely: Type is Aggregate but no code names it as parent" in text
    assert len(problems) == 6
    assert str(caught.value).startswith("6 problem(s) in the indicator metadata (iMeta)")


def test_cycle_is_reported_once_with_its_path():
    rows = [{"iCode": "x", "Parent": "A"}, {"iCode": "A", "Parent": "B"}, {"iCode": "B", "Parent": "A"}]
    with pytest.raises(MetaError) as caught:
        IndicatorTree.from_records(rows)
    cycles = [p for p in caught.value.problems if p.startswith("cycle")]
    assert cycles == ["cycle in the tree: A -> B -> A"]


def test_indicator_with_children_and_levels_that_do_not_increase():
    rows = [{"iCode": "a", "Parent": "b", "Type": "Indicator", "Level": 1},
            {"iCode": "b", "Parent": None, "Type": "Indicator", "Level": 1}]  # fmt: skip
    with pytest.raises(MetaError, match="b: Type is Indicator but it is the parent of a"):
        IndicatorTree.from_records(rows)
    rows = [{"iCode": "a", "Parent": "P", "Level": 2}, {"iCode": "P", "Parent": None, "Level": 2}]
    with pytest.raises(MetaError, match="a: Level 2 is not below its parent P's Level 2"):
        IndicatorTree.from_records(rows)


def test_missing_columns_and_empty_codes():
    with pytest.raises(MetaError, match="no iCode column"):
        IndicatorTree.from_frame(pd.DataFrame({"Code": ["a"]}))
    with pytest.raises(MetaError) as caught:
        IndicatorTree.from_frame(pd.DataFrame({"iCode": ["a", None]}))
    assert "iMeta has no Parent column" in caught.value.problems
    assert "row 3: iCode is empty" in caught.value.problems


def test_tree_of_any_depth_without_levels_or_types():
    rows = [{"iCode": "x1", "Parent": "A"}, {"iCode": "x2", "Parent": "B"}, {"iCode": "B", "Parent": "A"},
            {"iCode": "A", "Parent": "Top"}, {"iCode": "Top", "Parent": None}]  # fmt: skip
    tree = IndicatorTree.from_records(rows)
    assert tree.indicators == ["x1", "x2"]
    assert tree.aggregates == ["B", "A", "Top"]  # children before parents
    assert tree.level == {"x1": 1, "x2": 1, "B": 2, "A": 3, "Top": 4}
    assert tree.leaves("A") == ["x1", "x2"] and tree.roots == ["Top"]


def test_data_error_lists_missing_and_non_numeric_columns(small_tree, small_data):
    data = small_data.drop(columns=["d"]).astype({"a": object})
    data.loc[1, "a"] = "n/a"
    data.loc[3, "c"] = np.inf
    data.loc[4, "uCode"] = "u1"
    with pytest.raises(DataError) as caught:
        CompositeIndex().fit(data, small_tree)
    text = "\n".join(caught.value.problems)
    assert "no column for indicator(s) d" in text
    assert "indicator 'a' has values that are not numbers (line 3)" in text
    assert "indicator 'c' has infinite values (line 5)" in text
    assert "the same uCode appears on more than one row (line 2, 6)" in text


def test_missing_denominator_column_and_zero_denominators(small_tree, small_data):
    tree = [dict(r, Denominator="Pop") if r["iCode"] == "a" else r for r in small_tree]
    with pytest.raises(DataError, match="no column 'Pop' \\(the denominator of a\\)"):
        CompositeIndex().fit(small_data, tree)
    data = small_data.assign(Pop=[1.0, 0.0, 2.0, 2.0, 2.0])
    with pytest.raises(DataError, match="a: denominator 'Pop' is 0 for u2"):
        CompositeIndex().fit(data, tree)


def test_spec_error_lists_unknown_methods_parameters_and_bad_values():
    with pytest.raises(SpecError) as caught:
        Spec.from_dict({"normalise": {"method": "minmx"}, "treat": {"winmax": 2.5, "skw": 2}, "aggregate": "mean",
                        "extra": 1, "screen": {"method": "by_na", "min_availability": 2}})  # fmt: skip
    text = "\n".join(caught.value.problems)
    assert "unknown key 'extra'" in text
    assert "normalise: unknown method 'minmx'" in text
    assert "treat.winmax: must be a whole number (got 2.5)" in text
    assert "treat: winsorise has no parameter 'skw'" in text
    assert "aggregate: unknown method 'mean'" in text
    assert "screen.min_availability: must be <= 1 (got 2)" in text
    assert len(caught.value.problems) == 6


def test_spec_checked_against_the_tree_and_data(small_tree, small_data):
    spec = {"normalise": {"per_indicator": {"zz": {"method": "rank"}, "a": {"method": "distance_to_target"}}},
            "impute": {"method": "group_mean", "group": "Region"}, "weights": {"values": {"nope": 1}},
            "aggregate": {"per_aggregate": {"a": "geometric"}}, "index": "Idx",
            "screen": {"force_exclude": ["u9"]}}  # fmt: skip
    with pytest.raises(SpecError) as caught:
        CompositeIndex(spec).fit(small_data, small_tree)
    text = "\n".join(caught.value.problems)
    assert "normalise.per_indicator: 'zz' is not an indicator" in text
    assert "normalise (a): distance_to_target needs a target" in text
    assert "no iData column 'Region' to group by" in text
    assert "weights.values: 'nope' is not in the tree" in text
    assert "aggregate.per_aggregate: 'a' is not an aggregate" in text
    assert "index: 'Idx' is not in the tree" in text
    assert "screen.force_exclude: no unit 'u9' in iData" in text


def test_geometric_mean_of_zeros_is_a_clear_data_error(small_tree, small_data):
    with pytest.raises(DataError, match="geometric mean of zero or negative values"):
        CompositeIndex({"aggregate": "geometric"}).fit(small_data, small_tree)  # minmax 0-100 gives zeros
    model = CompositeIndex({"aggregate": "geometric", "normalise": {"range": [1, 100]}}).fit(small_data, small_tree)
    assert model.scores_["Index"].notna().all()


def test_required_parameters_and_aliases():
    with pytest.raises(SpecError, match="distance_to_reference needs 'reference'"):
        Spec.from_dict({"normalise": {"method": "distance_to_reference"}})
    spec = Spec.from_dict({"normalise": {"method": "n_prank"}, "aggregate": {"method": "a_gmean"}})
    assert spec.step("normalise")["method"] == "percentile_rank" and spec.step("aggregate")["method"] == "geometric"
    assert Spec.from_dict(spec.to_dict()).to_dict() == spec.to_dict()


def test_spec_load_reports_the_file(tmp_path):
    path = tmp_path / "spec.json"
    path.write_text('{"aggregate": {"method": "generalised", "p": 0}}', encoding="utf-8")
    with pytest.raises(SpecError, match="aggregate.p: must not be 0"):
        Spec.load(path)
    with pytest.raises(SpecError, match="cannot read"):
        Spec.load(tmp_path / "missing.json")


def test_tree_round_trips_through_to_frame(asem_imeta):
    tree = IndicatorTree.from_frame(asem_imeta)
    again = IndicatorTree.from_frame(tree.to_frame())
    assert again.codes == tree.codes and again.weight == tree.weight and again.direction == tree.direction
    assert len(tree.indicators) == 49 and tree.n_levels == 4 and tree.groups[0] == "GDP_group"
