"""System Usability Scale scoring (Brooke 1996) and its grade on the Sauro-Lewis curved scale."""

from __future__ import annotations

from collections.abc import Sequence

AVERAGE = 68.0  # the commonly used SUS average (Sauro 2011, about 500 studies)

# The Sauro-Lewis curved grading scale (Sauro & Lewis 2016, Quantifying the User Experience, 2nd ed.) with the
# adjectives MeasuringU pairs with its ranges; (lower bound, letter grade, adjective). Transcribed from the widely
# reproduced table, not yet checked against the book itself (see the issue note).
GRADES: tuple[tuple[float, str, str], ...] = (
    (84.1, "A+", "Best imaginable"),
    (80.8, "A", "Excellent"),
    (78.9, "A-", "Good"),
    (77.2, "B+", "Good"),
    (74.1, "B", "Good"),
    (72.6, "B-", "Good"),
    (71.1, "C+", "Good"),
    (65.0, "C", "OK"),
    (62.7, "C-", "OK"),
    (51.7, "D", "OK"),
    (25.1, "F", "Poor"),
    (0.0, "F", "Worst imaginable"),
)


def sus_score(answers: Sequence[int]) -> float:
    """0-100 from ten answers on 1-5: odd items contribute answer - 1, even items 5 - answer, the sum times 2.5."""
    if len(answers) != 10:
        raise ValueError(f"SUS needs 10 answers, got {len(answers)}")
    if any(not isinstance(a, int) or not 1 <= a <= 5 for a in answers):
        raise ValueError("SUS answers are whole numbers from 1 to 5")
    total = sum((a - 1) if i % 2 == 0 else (5 - a) for i, a in enumerate(answers))
    return total * 2.5


def sus_grade(score: float) -> tuple[str, str]:
    """(letter grade, adjective) for a SUS score."""
    for lower, letter, adjective in GRADES:
        if score >= lower:
            return letter, adjective
    raise ValueError(f"SUS scores are 0-100, got {score}")
