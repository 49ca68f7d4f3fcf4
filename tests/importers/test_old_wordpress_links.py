"""WordPress's ``/?p=123`` links arrive at the home page, where no redirect fires: they are sent
on to the article imported from post 123, once it is published."""

import pytest

from practice_blog.blog.models import ArticlePage
from practice_blog.importers.models import ImportedItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_sample(import_blog, sample_path):
    import_blog(sample_path, "--publish")
    return ArticlePage.objects.get(slug="why-saying-no-is-a-form-of-care")


def test_an_old_post_number_goes_to_its_article(client, published_sample):
    response = client.get("/", {"p": "12"})

    assert response.status_code == 301
    assert response["Location"] == published_sample.url


def test_a_draft_or_unknown_number_or_other_value_shows_the_home_page(
    client, import_blog, sample_path
):
    import_blog(sample_path)  # drafts only

    for value in ["12", "999", "12abc", "١٢", "9" * 30, ""]:
        response = client.get("/", {"p": value})
        assert response.status_code == 200, value


def test_only_the_home_page_answers_old_post_numbers(client, published_sample, blog_index):
    response = client.get(blog_index.url, {"p": "12"})

    assert response.status_code == 200


def test_an_unpublished_article_is_no_longer_sent_to(client, published_sample):
    published_sample.unpublish()

    assert client.get("/", {"p": "12"}).status_code == 200


def test_old_post_numbers_still_work_after_importing_again(
    client, import_blog, sample_path, published_sample
):
    import_blog(sample_path)

    assert client.get("/", {"p": "12"})["Location"] == published_sample.url
    assert ImportedItem.objects.get(post_number=12).page_id == published_sample.pk
