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
