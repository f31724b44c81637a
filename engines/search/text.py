"""Language detection by script and language-aware tokens for BM25.

Measured on the matching dev split (docs/benchmarks.md): for Korean, Japanese and Chinese, character unigrams
plus bigrams need no dictionary and match 1-2 character words that a trigram tokenizer cannot; English uses
Snowball stemming and stop-words.
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

LANGUAGES = ("en", "ko", "ja", "zh")
_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff]+|[^\W_]+", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff]")
_SENTENCE = re.compile(r"(?<=[.!?。！？])\s*|\n+")
STOP_WORDS = frozenset(
    """a about an and are as at be been but by can could do does for from has have how i if in into is it its
    more most no not of on or our should so such than that the their them then there these they this to up us was
    we were what when where which while who will with would you your also all any each other some very""".split()
)


def detect_language(text: str) -> str:
    """The dominant script decides: Hangul is Korean, kana is Japanese, Han without kana is Chinese."""
    hangul = kana = han = latin = 0
    for ch in text:
        if "\uac00" <= ch <= "\ud7a3":
            hangul += 1
        elif "\u3040" <= ch <= "\u30ff":
            kana += 1
        elif "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf":
            han += 1
        elif ch.isascii() and ch.isalpha():
            latin += 1
    if hangul and hangul >= max(kana, han) / 2:
        return "ko"
    if kana and kana * 5 >= han:
        return "ja"
    if han and han >= latin / 3:
        return "ja" if kana else "zh"
    return "en"


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def tokenize(text: str) -> list[str]:
    """BM25 terms: CJK/Hangul runs become character unigrams and bigrams; other words are lower-cased,
    stop-word filtered and stemmed. Language-independent, so mixed-language text works too."""
    terms: list[str] = []
    stem = _stemmer().stemWord
    for match in _TOKEN.finditer(text):
        word = match.group()
        if _CJK.match(word):
            terms.extend(word)
            terms.extend(word[i : i + 2] for i in range(len(word) - 1))
        else:
            lowered = word.lower()
            if lowered not in STOP_WORDS:
                terms.append(stem(lowered))
    return terms


def surface_terms(text: str) -> dict[str, str]:
    """Map each BM25 term back to a readable surface form (for explanations)."""
    surface: dict[str, str] = {}
    stem = _stemmer().stemWord
    for match in _TOKEN.finditer(text):
        word = match.group()
        if _CJK.match(word):
            for i in range(len(word) - 1):
                surface.setdefault(word[i : i + 2], word[i : i + 2])
        elif word.lower() not in STOP_WORDS:
            surface.setdefault(stem(word.lower()), word)
    return surface


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s and s.strip()]
