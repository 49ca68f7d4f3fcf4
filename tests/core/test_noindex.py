"""Form-result pages are kept out of search engines by a header, whatever the host's base.html."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["practice_blog_newsletter:thanks", "practice_blog_newsletter:confirmed"]
)
def test_newsletter_result_pages_send_noindex(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"


@pytest.mark.django_db
def test_a_refused_vote_sends_noindex(client):
    response = client.post(reverse("practice_blog_feedback:vote"), {"page": "nope"})
    assert 400 <= response.status_code < 500
    assert response["X-Robots-Tag"] == "noindex"


@pytest.mark.django_db
def test_articles_themselves_can_be_indexed(demo_site, client):
    response = client.get("/")
    assert response.status_code == 200
    assert not response.has_header("X-Robots-Tag")
