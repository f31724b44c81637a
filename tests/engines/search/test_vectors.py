import numpy as np

from engines.search.vectors import ExactIndex


def unit(rows):
    v = np.asarray(rows, dtype=np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_add_remove_and_replace():
    index = ExactIndex(2)
    index.add(["a", "b", "c"], unit([[1, 0], [0, 1], [1, 1]]))
    index.remove("b")
    scores = index.scores(np.array([0, 1], dtype=np.float32))
    assert np.isneginf(scores[index.row_.get("b", 1)]) or "b" not in index.ids_
    assert len(index) == 2
    index.add(["a"], unit([[0, 1]]))  # re-adding an id replaces its vector
    assert len(index) == 2
    assert np.allclose(index.vector("a"), [0, 1])


def test_compaction_keeps_ids_and_vectors_aligned():
    index = ExactIndex(2)
    index.add([f"d{i}" for i in range(8)], unit([[i + 1, 1] for i in range(8)]))
    for i in range(4):
        index.remove(f"d{i}")
    assert len(index.ids_) < 8  # compacted once the tombstones passed a quarter
    assert sorted(index.row_) == ["d4", "d5", "d6", "d7"]
    assert np.allclose(index.vector("d5"), unit([[6, 1]])[0])


def test_save_and_load_round_trip(tmp_path):
    index = ExactIndex(2)
    index.add(["x", "y"], unit([[1, 2], [3, 1]]))
    index.save(tmp_path / "v.npz")
    loaded = ExactIndex.load(tmp_path / "v.npz")
    assert loaded.ids_ == ["x", "y"]
    assert np.array_equal(loaded.vectors_, index.vectors_)


def test_empty_index_maps_a_shared_file_instead_of_copying_it(tmp_path):
    # Web workers memory-map one vectors file; adopting the map keeps one copy in memory for all of them.
    path = tmp_path / "vectors.npy"
    np.save(path, np.eye(3, dtype=np.float32))
    shared = np.load(path, mmap_mode="r")
    index = ExactIndex(3)
    index.add(["a", "b", "c"], shared)
    assert np.shares_memory(index.vectors_, shared)
    assert index.scores(np.array([0, 1, 0], dtype=np.float32)).tolist() == [0.0, 1.0, 0.0]
    index.add(["d"], np.ones((1, 3), dtype=np.float32))  # a later change copies instead of writing to the file
    assert not np.shares_memory(index.vectors_, shared) and len(index) == 4
    assert np.load(path).tolist() == np.eye(3).tolist()
