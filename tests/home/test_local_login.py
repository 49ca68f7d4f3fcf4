"""The login `make run` prints: a Practice owner (the superuser only on request), with links
to the address actually served, and the local site pointed there."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Site

from practice_blog.core.groups import PRACTICE_OWNERS
from practice_blog.core.management.commands.practice_blog_run import base_url

pytestmark = pytest.mark.django_db


def reset(*args):
    out = io.StringIO()
    call_command("reset_local_admin", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def test_the_printed_login_is_a_practice_owner_on_the_address_served(debug, client):
    output = reset("--address", "127.0.0.1:8123")
    assert "Log in at http://127.0.0.1:8123/admin/ as owner / " in output
    password = output.rsplit(" / ", 1)[1].strip()
    user = get_user_model().objects.get(username="owner")
    assert not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [PRACTICE_OWNERS]
    assert client.login(username="owner", password=password)
    site = Site.objects.get(is_default_site=True)
    assert site.root_url == "http://127.0.0.1:8123"


def test_the_superuser_only_on_request(debug):
    output = reset("--address", "127.0.0.1:8000", "--superuser")
    assert "Log in at http://127.0.0.1:8000/admin/ as admin / " in output
    assert get_user_model().objects.get(username="admin").is_superuser
    assert not get_user_model().objects.filter(username="owner").exists()


def test_a_second_run_resets_the_password_and_keeps_one_account(debug, client):
    first = reset().rsplit(" / ", 1)[1].strip()
    second = reset().rsplit(" / ", 1)[1].strip()
    assert first != second
    assert get_user_model().objects.filter(username="owner").count() == 1
    assert not client.login(username="owner", password=first)
    assert client.login(username="owner", password=second)


def test_a_real_host_name_is_never_changed(debug):
    Site.objects.filter(is_default_site=True).update(hostname="www.harbor.example", port=443)
    reset("--address", "127.0.0.1:8123")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("www.harbor.example", 443)


def test_a_bad_address_is_refused_and_changes_nothing(debug):
    with pytest.raises(CommandError, match="not an address"):
        reset("--address", "127.0.0.1:eighty")
    assert not get_user_model().objects.filter(username="owner").exists()


def test_runserver_addresses_become_links():
    assert base_url("127.0.0.1:8123") == "http://127.0.0.1:8123"
    assert base_url("0.0.0.0:8001") == "http://127.0.0.1:8001"
    assert base_url("8002") == "http://127.0.0.1:8002"


def test_an_earlier_lan_address_is_re_pointed_but_never_a_host_name(debug):
    Site.objects.filter(is_default_site=True).update(hostname="192.168.1.20", port=8000)
    reset("--address", "0.0.0.0:8123")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8123)
