"""Demo reader comments for ``load_demo``: a few approved comments, a reply from the practice,
and one comment waiting for review, on the newer demo articles (comments on the older ones have
closed by themselves, as the default 90 days allow).

Every demo writer's address is at ``demo-readers.example`` (a reserved domain; nothing is ever
sent there), so the demo's comments are known as such and removed with the demo. Running the
loader again replaces them. All text is written for this project.
"""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from practice_blog.blog.models import ArticlePage
from practice_blog.comments.models import ReaderComment

from .practice import PRACTICE

DEMO_DOMAIN = "demo-readers.example"
# (article slug, name, days ago, text, the practice's reply or "", status)
COMMENTS = [
    (
        "working-with-other-providers",
        "Dana",
        20,
        "I never knew I could ask my therapist to talk to my GP. The part about writing down "
        "who knows what made it feel much less complicated.",
        "Thank you, Dana. That list can be as short as three names: it is there so that you "
        "decide who hears what. We are happy to go through it with you at a session.",
        ReaderComment.Status.APPROVED,
    ),
    (
        "working-with-other-providers",
        "Lee",
        9,
        "Useful for parents too. Our school counsellor and our family therapist finally spoke "
        "to each other after I asked.",
        "",
        ReaderComment.Status.APPROVED,
    ),
    (
        "knowing-your-role",
        "M.",
        12,
        "It helped to read that a therapist is not a friend and that this is on purpose. I had "
        "felt awkward about not knowing anything about mine.",
        "",
        ReaderComment.Status.APPROVED,
    ),
    (
        "saying-goodbye-at-the-end-of-care",
        "Priya",
        2,
        "Could you write something about ending care when you move to another city? Finding "
        "a new person from far away feels daunting.",
        "",
        ReaderComment.Status.HELD,
    ),
]


def demo_comments():
    """Every demo comment and the practice's replies under them."""
    domain = f"@{DEMO_DOMAIN}"
    return ReaderComment.objects.filter(
        Q(email__endswith=domain) | Q(parent__email__endswith=domain)
    )


def load(stdout=None):
    """Replace the demo comments; returns a one-line summary."""
    demo_comments().delete()
    now = timezone.now()
    articles = {page.slug: page for page in ArticlePage.objects.filter(slug__in=slugs())}
    created = replies = 0
    for slug, name, days_ago, text, reply, status in COMMENTS:
        page = articles.get(slug)
        if page is None:
            continue
        written = now - timedelta(days=days_ago)
        comment = ReaderComment.objects.create(
            page=page,
            display_name=name,
            email=f"{name.strip('.').lower()}@{DEMO_DOMAIN}",
            body=text,
            status=status,
            created_at=written,
            confirmed_at=written + timedelta(minutes=4),
            moderated_at=written + timedelta(hours=20) if status == "approved" else None,
        )
        created += 1
        if reply:
            ReaderComment.objects.create(
                page=page,
                parent=comment,
                display_name=PRACTICE["name"],
                body=reply,
                status=ReaderComment.Status.APPROVED,
                is_practice_reply=True,
                created_at=written + timedelta(hours=21),
                moderated_at=written + timedelta(hours=21),
            )
            replies += 1
    return f"{created} reader comments ({replies} with a reply from the practice, 1 waiting)"


def slugs():
    return {slug for slug, *_ in COMMENTS}
