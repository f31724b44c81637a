import re
from pathlib import Path

from django.conf import settings


def test_display_settings_are_remembered_in_cookies(client, db):
    response = client.post("/display/", {"text": "larger", "contrast": "high", "mode": "easy", "next": "/cities/"})
    assert response.status_code == 302 and response["Location"] == "/cities/"
    html = client.get("/").content.decode()
    assert 'data-text="larger" data-contrast="high" data-mode="easy"' in html


def test_unknown_display_values_fall_back_to_defaults(client, db):
    client.cookies["madang_text"] = "gigantic"
    html = client.get("/").content.decode()
    assert 'data-text="normal"' in html


def test_display_redirect_refuses_other_sites(client, db):
    response = client.post("/display/", {"text": "large", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_easy_mode_uses_plain_wording(client, db):
    client.cookies["madang_mode"] = "easy"
    assert "make life easier" in client.get("/").content.decode()


def test_no_stylesheet_defines_a_custom_property_in_terms_of_itself():
    # `--x: max(var(--x), 1.25)` is a cycle: the property becomes invalid and every size using it falls back to 16 px.
    cycles = []
    for css in sorted(Path(settings.BASE_DIR, "madang").rglob("*.css")):
        for name, value in re.findall(r"(--[\w-]+)\s*:\s*([^;}]*)", css.read_text()):
            if f"var({name})" in value.replace(" ", "") or f"var({name}," in value.replace(" ", ""):
                cycles.append(f"{css.name}: {name}")
    assert cycles == []
