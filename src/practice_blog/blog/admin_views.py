""" "Write a new article": one button that opens a new article under the blog.

Wagtail makes a writer find the blog in the page tree and spot a small ⊕ icon; this view goes
straight to the new-article form under the only blog the user may write in, and asks which
blog only when there are several.
"""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from .models import ArticlePage, BlogIndexPage


def blogs_to_write_in(user):
    """The blogs under which ``user`` may add an article, in tree order."""
    return [
        blog
        for blog in BlogIndexPage.objects.order_by("path")
        if blog.permissions_for_user(user).can_add_subpage()
    ]


def new_article_url(blog):
    """Wagtail's form for a new article under ``blog``."""
    opts = ArticlePage._meta
    return reverse("wagtailadmin_pages:add", args=[opts.app_label, opts.model_name, blog.pk])


def write_article(request):
    """Straight to a new article, or a choice of blog when there are several (none: say why)."""
    blogs = blogs_to_write_in(request.user)
    if len(blogs) == 1:
        return redirect(new_article_url(blogs[0]))
    return TemplateResponse(
        request,
        "practice_blog/blog/admin/write_article.html",
        {
            "blogs": [(blog, new_article_url(blog)) for blog in blogs],
            "page_title": "Write a new article",
            "header_icon": "doc-full",
        },
    )
