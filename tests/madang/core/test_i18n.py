import pytest

from madang.core.i18n_tools import UI_LANGUAGES, compile_mo_files, extract, missing_translations


@pytest.mark.parametrize("language", UI_LANGUAGES)
def test_every_ui_string_has_a_translation(language):
    missing = missing_translations(language)
    assert missing == [], f"{len(missing)} UI strings lack a {language} translation, e.g. {missing[:5]}"


def test_extraction_finds_template_and_python_strings():
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in extract()}
    assert {"Display settings", "Unknown city “%(value)s”.", "Efficient government", "%(n)s initiative"} <= ids


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ko", "로그인"), ("ja", "ログイン"), ("zh-hans", "登录"), ("en", "Sign in")],
)
def test_choosing_a_language_changes_the_ui(client, db, language, expected):
    compile_mo_files()
    response = client.post("/i18n/setlang/", {"language": language, "next": "/"}, follow=True)
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert expected in html


def test_language_switcher_shows_autonyms_with_their_lang(client, db):
    html = client.get("/").content.decode()
    for code, autonym in (("ko", "한국어"), ("ja", "日本語"), ("zh-hans", "中文（简体）")):
        assert f'lang="{code}"' in html and autonym in html


def test_place_name_in_visitors_language_or_marked_fallback(client, world):
    client.cookies["django_language"] = "ko"
    html = client.get("/cities/").content.decode()
    assert ">서울</a>" in html
    assert '<span lang="en">Makati</span>' in html
