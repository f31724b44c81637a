import json
from pathlib import Path

import pandas as pd
import pytest

ASEM = Path(__file__).resolve().parents[3] / "engines" / "composite" / "examples" / "asem"
ASEM_SPEC = ASEM.parent / "asem_coinr_v06.json"


@pytest.fixture(scope="session")
def asem_idata():
    return pd.read_csv(ASEM / "COINr_ASEM_iData.csv")


@pytest.fixture(scope="session")
def asem_imeta():
    return pd.read_csv(ASEM / "COINr_ASEM_iMeta.csv")


@pytest.fixture(scope="session")
def asem_spec():
    return json.loads(ASEM_SPEC.read_text(encoding="utf-8"))


@pytest.fixture
def small_tree():
    """Four indicators in two pillars under one index, as records (iMeta rows)."""
    return [
        {"iCode": "a", "Parent": "P", "Direction": 1, "Weight": 1, "Type": "Indicator", "Level": 1},
        {"iCode": "b", "Parent": "P", "Direction": -1, "Weight": 2, "Type": "Indicator", "Level": 1},
        {"iCode": "c", "Parent": "Q", "Direction": 1, "Weight": 1, "Type": "Indicator", "Level": 1},
        {"iCode": "d", "Parent": "Q", "Direction": 1, "Weight": 1, "Type": "Indicator", "Level": 1},
        {"iCode": "P", "Parent": "Index", "Weight": 1, "Type": "Aggregate", "Level": 2},
        {"iCode": "Q", "Parent": "Index", "Weight": 1, "Type": "Aggregate", "Level": 2},
        {"iCode": "Index", "Parent": None, "Type": "Aggregate", "Level": 3},
    ]


@pytest.fixture
def small_data():
    return pd.DataFrame({
        "uCode": ["u1", "u2", "u3", "u4", "u5"],
        "uName": ["One", "Two", "Three", "Four", "Five"],
        "a": [1.0, 2.0, 3.0, 4.0, 5.0],
        "b": [10.0, 8.0, 6.0, 4.0, 2.0],
        "c": [5.0, 3.0, 4.0, 1.0, 2.0],
        "d": [2.0, 2.0, 3.0, 9.0, 1.0],
    })  # fmt: skip
