import pytest

from engines.search.text import detect_language, sentences, tokenize


@pytest.mark.parametrize(
    ("text", "lang"),
    [("Kiosk lessons for seniors", "en"), ("어르신 키오스크 교육", "ko"), ("防犯カメラの映像を解析する", "ja"),
     ("交通信号优化系统", "zh"), ("東京都の防災", "ja"), ("Seoul 디지털 안내사", "ko")],
)  # fmt: skip
def test_detect_language_by_script(text, lang):
    assert detect_language(text) == lang


def test_english_is_stemmed_and_stop_words_dropped():
    assert tokenize("The kiosks are helping seniors") == ["kiosk", "help", "senior"]


def test_korean_becomes_character_unigrams_and_bigrams():
    assert tokenize("키오스크") == ["키", "오", "스", "크", "키오", "오스", "스크"]


def test_one_character_cjk_word_is_a_term():
    # A trigram index cannot match this; unigrams can.
    assert "水" in tokenize("水")


def test_mixed_text_keeps_acronyms_and_numbers():
    assert tokenize("CCTV 112 신고") == ["cctv", "112", "신", "고", "신고"]


def test_sentences_split_on_western_and_cjk_punctuation():
    assert sentences("First one. Second! 第三。第四？") == ["First one.", "Second!", "第三。", "第四？"]
