"""The initiative form names organisations and places in the reader's language and starts from the editor's own."""

import html as htmllib
import re

from tests.factories import PlaceFactory


def _selected(html: str, name: str) -> str:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return htmllib.unescape(re.search(r"<option[^>]*selected[^>]*>(.*?)</option>", select).group(1))


def test_japanese_initiative_form_shows_japanese_names_grouped_and_preselected(client, world):
    world["kr"].names = {"ja": "大韓民国"}
    world["kr"].save()
    world["seoul"].names = {"ja": "ソウル"}
    world["seoul"].save()
    world["city_a"].names = {"ja": "ソウル市庁"}
    world["city_a"].save()
    world["provider"].names = {"ja": "プロバイダー"}
    world["provider"].save()
    PlaceFactory(kind="district", name="Mapo-gu", slug="mapo", parent=world["seoul"], names={"ja": "麻浦区"})
    client.force_login(world["users"]["editor_a"])
    client.cookies["django_language"] = "ja"
    html = client.get("/initiatives/new/").content.decode()
    assert _selected(html, "owner") == "ソウル市庁"
    assert _selected(html, "city") == "ソウル"
    assert 'value="ja" selected' in re.search(r'<select name="original_language".*?</select>', html, re.S).group(0)
    assert '<optgroup label="大韓民国">' in html and '<optgroup label="ソウル">' in html  # districts under the city
    assert "麻浦区" in html and "プロバイダー" in html  # partner organisations too
    assert '<option value="' + str(world["makati"].pk) + '" lang="en">Makati</option>' in html
