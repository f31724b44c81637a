"""Cross-lingual retrieval for Madang's matchmaking (pure Python: numpy, PyStemmer, a packaged encoder)."""

from .encoders import Encoder, UniversalSentenceEncoder
from .engine import CityProfile, Document, Explanation, MatchEngine, Passage, Query, Result
from .text import detect_language, tokenize

__all__ = [
    "CityProfile", "Document", "Encoder", "Explanation", "MatchEngine", "Passage", "Query", "Result",
    "UniversalSentenceEncoder", "detect_language", "tokenize",
]  # fmt: skip
