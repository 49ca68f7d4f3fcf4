"""The demo loader builds a complete practice and is safe to run twice."""

import io

import pytest
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page

from home.models import PracticeSettings

pytestmark = pytest.mark.django_db


def counts():
    return {
        "pages": Page.objects.count(),
        "settings": PracticeSettings.objects.count(),
        "images": get_image_model().objects.count(),
    }


def test_load_demo_twice_leaves_the_same_content():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    first = counts()
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == first
    assert first["settings"] == 1
    assert "Demo loaded:" in out.getvalue().splitlines()[-1]


def test_load_demo_if_empty_does_not_touch_an_existing_site():
    call_command("load_demo", stdout=io.StringIO())
    practice = PracticeSettings.objects.get()
    practice.name = "Edited by staff"
    practice.save()
    out = io.StringIO()
    call_command("load_demo", "--if-empty", stdout=out)
    assert PracticeSettings.objects.get().name == "Edited by staff"
    assert "already has content" in out.getvalue()


def test_reset_local_admin_refuses_when_debug_is_off():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("reset_local_admin", stdout=io.StringIO())


def test_demo_site_links_point_where_make_run_serves_it(demo_site):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)
    assert site.root_url == "http://127.0.0.1:8000"
