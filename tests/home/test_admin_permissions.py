"""Staff groups: Editors publish; only Practice owners change the practice's settings."""

import pytest
from django.urls import reverse
from wagtail.models import Site

pytestmark = pytest.mark.django_db


def settings_url():
    site = Site.objects.get(is_default_site=True)
    return reverse("wagtailsettings:edit", args=["home", "practicesettings", site.pk])


def test_admin_login_page_renders(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert b'name="username"' in response.content


def test_editor_cannot_open_practice_settings(client, editor):
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    response = client.get(settings_url())
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/admin/" in response["Location"]


def test_practice_owner_can_edit_practice_settings(client, owner, html):
    client.force_login(owner)
    response = client.get(settings_url())
    assert response.status_code == 200
    assert html(response).select_one('input[name="name"]')
    data = {"name": "Renamed Practice", "social_links-count": "0"}
    response = client.post(settings_url(), data)
    assert response.status_code == 302
    assert "Renamed Practice" in client.get("/").content.decode()


def test_editor_can_add_pages_but_owner_can_also_delete(editor, owner):
    from wagtail.models import Page

    home = Page.objects.get(depth=2)
    editor_perms = home.permissions_for_user(editor)
    owner_perms = home.permissions_for_user(owner)
    assert editor_perms.can_edit() and editor_perms.can_publish()
    assert owner_perms.can_delete() and owner.has_perm("home.change_practicesettings")
    assert not editor.has_perm("home.change_practicesettings")


def test_admin_pages_send_nothing_about_staff_to_third_parties(client, owner):
    """Staff avatars come from the practice's own site, never from Gravatar or another host."""
    client.force_login(owner)
    for url in ("/admin/", "/admin/account/", reverse("wagtailusers_users:index")):
        page = client.get(url).content.decode()
        assert "gravatar" not in page, url
        assert 'src="//' not in page and 'src="https://' not in page, url
