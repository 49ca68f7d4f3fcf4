"""Listings built on practice_blog.core.modeladmin: a hand-edited filter address never breaks
the page."""

import pytest

pytestmark = pytest.mark.django_db

LISTINGS = (
    "/admin/feedback/comments/",
    "/admin/newsletter/subscriber/",
    "/admin/newsletter/outgoingemail/",
    "/admin/newsletter/consenttext/",
)


@pytest.mark.parametrize("listing", LISTINGS)
@pytest.mark.parametrize(
    "params",
    [
        "nope=1",
        "created_at__gte=not-a-date",
        "signed_up_at__lt=2020",
        "id__exact=abc",
    ],
)
def test_unusable_filters_lead_back_to_the_list_with_a_message(client, owner, listing, params):
    client.force_login(owner)
    response = client.get(f"{listing}?{params}")
    assert response.status_code == 302
    assert response["Location"] == listing
    page = client.get(response["Location"]).content.decode()
    assert "That filter is not one this list offers, so the whole list is shown." in page


@pytest.mark.parametrize("listing", ["/admin/feedback/comments/", "/admin/newsletter/subscriber/"])
def test_a_filter_the_database_refuses_leads_back_to_the_list(demo_site, client, owner, listing):
    """An invalid regular expression only fails when the database runs the query on rows."""
    client.force_login(owner)
    response = client.get(f"{listing}?id__regex=(")
    assert response.status_code == 302
    assert response["Location"] == listing
    assert client.get(listing).status_code == 200


def test_filters_the_list_offers_still_work(client, owner):
    client.force_login(owner)
    assert client.get("/admin/feedback/comments/?helpful__exact=1").status_code == 200
    assert client.get("/admin/newsletter/subscriber/?status__exact=active").status_code == 200
