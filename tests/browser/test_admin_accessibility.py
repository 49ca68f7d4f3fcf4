"""The admin screens this project adds pass axe-core (WCAG 2.2 A/AA) in their own content.

Only what this project draws is audited (the screen's ``<main>``, or our panels inside
Wagtail's page editor): Wagtail's own editor widgets are Wagtail's to fix. At the time of
writing axe reports its rich-text boxes inside StreamField blocks and its tag input as
unnamed fields.
"""

import pytest

from practice_blog.blog.models import ArticlePage
from practice_blog.feedback.models import HelpfulVote

from .audits import axe_violations_in, describe_violations
from .harness import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def our_admin_screens():
    """``{screen: path}`` for every admin screen this project adds, with the demo's data."""
    article = ArticlePage.objects.live().order_by("pk").first()
    comment = HelpfulVote.objects.with_comment().order_by("pk").first()
    return {
        "feedback overview": "/admin/feedback/",
        "feedback overview, last 12 months by week": "/admin/feedback/?period=12m",
        "feedback articles table": "/admin/feedback/articles/",
        "needs attention": "/admin/feedback/needs-attention/",
        "article feedback detail": f"/admin/feedback/articles/{article.pk}/",
        "readers' notes inbox": "/admin/feedback/comments/",
        "one comment": f"/admin/feedback/comments/inspect/{comment.pk}/",
        "confirm marking a comment as spam": f"/admin/feedback/comments/{comment.pk}/spam/",
        "article pages with helpfulness": "/admin/feedback/pages/practice_blog_blog/articlepage/",
        "subscribers": "/admin/newsletter/subscriber/",
        "outgoing emails": "/admin/newsletter/outgoingemail/",
        "consent versions": "/admin/newsletter/consenttext/",
        "admin home with panels (Getting started, Write a new article)": "/admin/",
        "articles listing": "/admin/articles/",
        **reader_comment_screens(),
    }


def reader_comment_screens():
    """The Reader comments screens, with the demo's comments (one waiting, the rest approved
    and one of them answered by the practice)."""
    from practice_blog.comments.models import CannedReply, ReaderComment

    waiting = ReaderComment.objects.awaiting_review().order_by("pk").first()
    answered = ReaderComment.objects.filter(replies__isnull=False).order_by("pk").first()
    return {
        "reader comments waiting for review": "/admin/reader-comments/",
        "reader comments approved": "/admin/reader-comments/approved/",
        "reader comments urgent (empty)": "/admin/reader-comments/urgent/",
        "one reader comment waiting": f"/admin/reader-comments/{waiting.pk}/",
        "one reader comment with the reply form": f"/admin/reader-comments/{answered.pk}/",
        "confirm deleting a reader comment": (f"/admin/reader-comments/{waiting.pk}/delete/"),
        "export reader comments": "/admin/reader-comments/export/",
        "erase a reader's comments": "/admin/reader-comments/erase/",
        "canned replies": "/admin/reader-comments/canned-replies/",
        "edit a canned reply": (
            f"/admin/reader-comments/canned-replies/edit/{CannedReply.objects.first().pk}/"
        ),
        "risk phrases": "/admin/reader-comments/risk-phrases/",
    }


def test_our_admin_screens_have_no_accessibility_violations(site, page, owner):
    log_in(page, site, owner.username)
    violations = {}
    for name, path in our_admin_screens().items():
        response = page.goto(site + path)
        assert response.status == 200, f"{name} at {path} answered {response.status}"
        found = axe_violations_in(page, "main")
        if found:
            violations[name] = describe_violations(found)
    report = [f"axe, {name}:\n{text}" for name, text in violations.items()]
    assert not report, "\n\n".join(report)


def test_our_panels_in_the_article_editor_have_no_accessibility_violations(site, page, owner):
    article = ArticlePage.objects.live().order_by("pk").first()
    log_in(page, site, owner.username)
    page.goto(f"{site}/admin/pages/{article.pk}/edit/")
    found = axe_violations_in(page, "[data-safe-messaging]")
    page.get_by_role("tab", name="Reader care").click()
    reader_care = page.get_by_role("tabpanel", name="Reader care")
    assert "Reader feedback, last 90 days" in reader_care.inner_text()
    found += axe_violations_in(page, f"#{reader_care.get_attribute('id')}")
    assert not found, describe_violations(found)
