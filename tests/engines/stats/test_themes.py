import numpy as np
import pytest

from engines.stats.themes import CommentThemes

TEXTS = ["The font is too small", "Letters too small to read", "small text is hard to read",
         "The card reader rejected my card", "card payment failed", "could not pay by card"]  # fmt: skip
EMB = np.array([[1, 0.1, 0], [1, 0, 0.1], [0.9, 0.1, 0], [0, 1, 0.1], [0.1, 1, 0], [0, 0.9, 0.2]])


def test_themes_follow_the_embeddings_and_are_named_by_distinctive_words():
    themes = CommentThemes(n_themes=2).fit(TEXTS, EMB).themes_
    assert sorted(sorted(t.members) for t in themes) == [[0, 1, 2], [3, 4, 5]]
    by_first = {min(t.members): t for t in themes}
    assert "small" in by_first[0].keywords and "card" in by_first[3].keywords


def test_same_random_state_same_themes():
    a = CommentThemes(random_state=3).fit(TEXTS, EMB).labels_
    b = CommentThemes(random_state=3).fit(TEXTS, EMB).labels_
    assert np.array_equal(a, b)


def test_empty_and_mismatched_inputs():
    assert CommentThemes().fit([], np.zeros((0, 3))).themes_ == []
    with pytest.raises(ValueError, match="one embedding per text"):
        CommentThemes().fit(["a"], np.zeros((2, 3)))
