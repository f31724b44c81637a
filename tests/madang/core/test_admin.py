import pytest

from tests.factories import UserFactory


@pytest.mark.parametrize(
    "path",
    ["/admin/", "/admin/catalogue/initiative/", "/admin/catalogue/initiative/{pk}/change/", "/admin/core/place/",
     "/admin/core/organisation/", "/admin/accounts/user/"],
)  # fmt: skip
def test_staff_admin_pages_open(client, world, path):
    client.force_login(UserFactory(username="staff", is_staff=True, is_superuser=True))
    response = client.get(path.format(pk=world["initiative_b"].pk))
    assert response.status_code == 200


def test_admin_is_closed_to_editors(client, world):
    client.force_login(world["users"]["editor_a"])
    assert client.get("/admin/catalogue/initiative/").status_code == 302
