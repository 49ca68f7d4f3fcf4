"""What an outside security review found in the signup, each fixed: one client's whole IPv6
/64 shares a limit, old form timestamps expire, only the wording shown can be consented to,
and invisible direction-changing characters are refused."""

import pytest
from django.test import Client

from practice_blog.core import anonymous_posts
from practice_blog.newsletter.forms import signed_consent_version
from practice_blog.newsletter.models import ConsentText, Subscriber
from practice_blog.newsletter.views import SIGNUPS_PER_WINDOW

from .conftest import BROWSER, rendered_long_ago

pytestmark = pytest.mark.django_db


def client_at(address):
    return Client(enforce_csrf_checks=True, headers={"User-Agent": BROWSER}, REMOTE_ADDR=address)


def test_addresses_in_one_ipv6_64_share_the_signup_limit(sign_up):
    statuses = [
        sign_up(client=client_at(f"2001:db8:1:2::{n}"), email=f"r{n}@example.org").status_code
        for n in range(2, 10)
    ]
    assert statuses[:SIGNUPS_PER_WINDOW] == [303] * SIGNUPS_PER_WINDOW
    assert set(statuses[SIGNUPS_PER_WINDOW:]) == {429}
    # The next /64 over is another client.
    other = client_at("2001:db8:1:3::2")
    assert sign_up(client=other, email="neighbour@example.org").status_code == 303


def test_a_form_timestamp_older_than_two_days_is_refused_kindly(sign_up, html):
    old = rendered_long_ago(anonymous_posts.TIMESTAMP_MAX_AGE_SECONDS + 60)
    response = sign_up(**{anonymous_posts.TIMESTAMP_FIELD: old})
    assert response.status_code == 400
    message = html(response).select_one("[role=alert]").get_text()
    assert "reload the page and try again" in message
    assert not Subscriber.objects.exists()
    # A day-old page (well within the limit) still works.
    assert sign_up(**{anonymous_posts.TIMESTAMP_FIELD: rendered_long_ago(86_400)}).status_code == (
        303
    )


def test_a_reader_cannot_pick_the_consent_wording_recorded(sign_up, newsletter_settings, html):
    old_version = newsletter_settings.consent_version()
    newsletter_settings.consent_text = "A newer wording of what readers agree to."
    newsletter_settings.save()
    assert newsletter_settings.consent_version() != old_version
    assert ConsentText.objects.filter(pk=old_version).exists()

    # A version number the site did not render into the form (unsigned) is refused...
    for forged in (str(old_version), str(newsletter_settings.consent_version())):
        response = sign_up(consent_version=forged)
        assert response.status_code == 400
        assert "reload the page" in html(response).get_text()
    assert not Subscriber.objects.exists()

    # ...and the wording the page was rendered with, signed, is what gets recorded.
    current = signed_consent_version(newsletter_settings.consent_version())
    assert sign_up(consent_version=current).status_code == 303
    assert Subscriber.objects.get().consent_text_id == newsletter_settings.consent_version()


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200f", "\x07"])
def test_direction_overrides_and_control_characters_are_refused_in_names(sign_up, html, char):
    response = sign_up(first_name=f"Sam{char}evil")
    assert response.status_code == 400
    assert "invisible" in html(response).get_text()
    assert not Subscriber.objects.exists()
