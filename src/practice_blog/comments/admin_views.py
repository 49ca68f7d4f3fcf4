"""The reader comment screens in the Wagtail admin (the "Reader comments" menu): the lists to
moderate, one comment with its actions and the practice's reply, the export and the erasure of
one reader's comments.

Moderating needs ``practice_blog_comments.moderate_readercomment`` (Editors and Practice
owners); exporting and erasing have permissions of their own (Practice owners). Wagtail's admin
URL wrapper sends anonymous visitors to the login page and turns ``PermissionDenied`` into its
"no permission" redirect. Every change goes through :mod:`practice_blog.comments.moderation`,
which keeps the page caches fresh. Comment text is untrusted: templates show it escaped.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from practice_blog.core import spreadsheets

from . import moderation
from .admin_forms import CannedReplyChoiceForm, EraseForm, ExportForm, ReplyForm, SearchForm
from .apps import EXPORT, MODERATE
from .models import CannedReply, CommentSettings, ReaderComment

ERASE = "practice_blog_comments.erase_readercomment"
CHANGE_SETTINGS = "practice_blog_comments.change_commentsettings"
EXPORT_ACTION = "practice_blog_comments.export"
ERASE_ACTION = "practice_blog_comments.erase"
COMMENTS_PER_PAGE = 50
EXCERPT_LENGTH = 160
DEFAULT_REPLY_NAME = "The practice"
Status = ReaderComment.Status


def can_moderate(user):
    """Whether ``user`` may list, read, moderate and reply to reader comments."""
    return user.is_active and user.has_perm(MODERATE)


# --- The lists ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CommentList:
    """One list of the "Reader comments" menu: what it holds and what it says when empty."""

    key: str
    title: str
    description: str
    empty: str

    def comments(self):
        """The list's comments in its order: urgent ones first in every list."""
        comments = ReaderComment.objects.select_related("page", "parent")
        if self.key == "held":
            return comments.awaiting_review().order_by("-is_urgent", "created_at", "id")
        if self.key == "urgent":
            return comments.urgent().order_by("created_at", "id")
        return comments.filter(status=self.key).order_by("-is_urgent", "-created_at", "-id")

    def url(self):
        if self.key == "held":
            return reverse("reader_comments:list")
        return reverse("reader_comments:list", args=[self.key])


LISTS = {
    "urgent": CommentList(
        "urgent",
        "Urgent",
        "Comments that may show the writer is at risk, oldest first. None of them is "
        "published; each waits for a person.",
        "No urgent comment is waiting.",
    ),
    "held": CommentList(
        "held",
        "Waiting for review",
        "Comments a person reads before they can appear on the site: urgent ones first, "
        "then the oldest.",
        "Nothing is waiting for review.",
    ),
    "approved": CommentList(
        "approved",
        "Approved",
        "Comments shown on their pages, and the practice's replies: urgent ones first, then "
        "the newest.",
        "No comment has been approved yet.",
    ),
    "rejected": CommentList(
        "rejected",
        "Rejected",
        "Comments kept off their pages: urgent ones first, then the newest. They are deleted "
        "after the number of days set in the Reader comments settings.",
        "No comment has been rejected.",
    ),
    "spam": CommentList(
        "spam",
        "Spam",
        "Comments marked as spam: urgent ones first, then the newest. They are deleted like "
        "rejected ones.",
        "No comment is marked as spam.",
    ),
}
NAV_ORDER = ("urgent", "held", "approved", "rejected", "spam")


@dataclass(frozen=True)
class WaitingCounts:
    """How many comments wait for a person, and how many of those are urgent."""

    waiting: int
    urgent: int


def waiting_counts():
    """What waits for review, counted in one grouped query."""
    rows = (
        ReaderComment.objects.awaiting_review()
        .order_by()
        .values("is_urgent")
        .annotate(total=Count("pk"))
    )
    totals = {row["is_urgent"]: row["total"] for row in rows}
    return WaitingCounts(waiting=sum(totals.values()), urgent=totals.get(True, 0))


def nav_links(current, counts):
    """The links between the lists, with the waiting counts in the first two."""
    shown = {"urgent": counts.urgent, "held": counts.waiting}
    return [
        {
            "label": f"{LISTS[key].title} ({shown[key]})" if key in shown else LISTS[key].title,
            "url": LISTS[key].url(),
            "current": key == current,
        }
        for key in NAV_ORDER
    ]


def public_url(page, request):
    """The page's address on the site when it is live, else ``None``."""
    return page.get_url(request=request) if page.live else None


def with_next(url, next_url):
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def comment_row(comment, request, next_url):
    """One row of a list, every cell worked out here so the template reads plain values."""
    return {
        "comment": comment,
        "detail_url": with_next(reverse("reader_comments:detail", args=[comment.pk]), next_url),
        "page_title": comment.page.title,
        "page_url": public_url(comment.page, request),
        "excerpt": comment.excerpt(EXCERPT_LENGTH),
        "unconfirmed": comment.status == Status.UNCONFIRMED,
        "answers": comment.parent.display_name if comment.parent_id else "",
    }


class ReaderCommentAdminView(WagtailAdminTemplateMixin, TemplateView):
    """Base of the reader comment screens: the permission check and the classic header."""

    permission = MODERATE
    header_icon = "comment"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        self.prepare(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    def prepare(self, **kwargs):
        """Read what the screen is about from its URL (after the permission check, so
        nobody without it learns which comments exist)."""

    def get_breadcrumbs_items(self):
        # No breadcrumbs: the classic header shows the title as a visible heading.
        return []


class CommentListView(ReaderCommentAdminView):
    """One list of comments (waiting for review by default), searchable, 50 to a page."""

    template_name = "practice_blog/comments/admin/list.html"

    def prepare(self, status="held", **kwargs):
        self.comment_list = LISTS[status]

    def get_page_title(self):
        return f"Reader comments: {self.comment_list.title.lower()}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search = SearchForm(self.request.GET)
        query = search.query()
        comments = self.comment_list.comments()
        if query:
            comments = comments.filter(Q(display_name__icontains=query) | Q(body__icontains=query))
        paginator = Paginator(comments, COMMENTS_PER_PAGE)
        page = paginator.get_page(self.request.GET.get("p"))
        here = self.request.get_full_path()
        context.update(
            comment_list=self.comment_list,
            nav=nav_links(self.comment_list.key, waiting_counts()),
            search_form=search,
            query=query,
            rows=[comment_row(c, self.request, here) for c in page.object_list],
            page_obj=page,
            paginator=paginator,
            page_query=urlencode({"q": query}) if query else "",
            can_export=self.request.user.has_perm(EXPORT),
            export_url=with_status(reverse("reader_comments:export"), self.comment_list.key),
        )
        return context


def with_status(url, key):
    return f"{url}?{urlencode({'status': key})}"


# --- One comment ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """A moderation action: its button, the question before it and the message after it."""

    label: str
    question: str
    done: str
    classname: str = "button-secondary"


ACTIONS = {
    "approve": Action(
        "Approve",
        "Approve this comment? It appears on its page at once.",
        "Comment approved: it is on its page now.",
        "",
    ),
    "reject": Action(
        "Reject",
        "Reject this comment? It stays off its page (or leaves it) and is deleted after the "
        "number of days set in the Reader comments settings.",
        "Comment rejected: it is not on its page.",
    ),
    "spam": Action(
        "Mark as spam",
        "Mark this comment as spam? It stays off its page (or leaves it) and is deleted like "
        "a rejected one.",
        "Comment marked as spam.",
    ),
    "delete": Action(
        "Delete",
        "Delete this comment for good? Any replies under it are deleted too. This cannot be "
        "undone.",
        "Comment deleted.",
        "no",
    ),
}


def available_actions(comment):
    """The actions that fit the comment's status, in the order their buttons appear."""
    names = []
    if comment.status not in (Status.APPROVED, Status.UNCONFIRMED):
        names.append("approve")
    if comment.status != Status.REJECTED:
        names.append("reject")
    if comment.status != Status.SPAM and not comment.is_practice_reply:
        names.append("spam")
    return [*names, "delete"]


def safe_next(request, fallback):
    """Where to go back to: the ``next`` parameter when it stays on this site, else
    ``fallback``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else fallback


NO_REPLY = (
    "The reply was not sent: the practice can only answer a reader's comment once it is "
    "approved (replies go under the first comment)."
)


def can_reply(comment):
    """The practice replies under approved top-level comments only (one level of replies)."""
    return comment.status == Status.APPROVED and comment.parent_id is None


def reply_name(page):
    """The name the practice's reply is shown with, unless staff change it."""
    site = page.get_site()
    return (site.site_name if site else "") or DEFAULT_REPLY_NAME


def staff_name(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def comment_for(pk):
    related = ("page", "parent", "moderated_by", "written_by")
    return get_object_or_404(ReaderComment.objects.select_related(*related), pk=pk)


class CommentDetailView(ReaderCommentAdminView):
    """One comment in full, with the actions that fit its status and (once it is approved)
    the practice's reply; a POST sends the reply."""

    template_name = "practice_blog/comments/admin/detail.html"

    def prepare(self, pk, **kwargs):
        self.comment = comment_for(pk)
        self.next_url = safe_next(self.request, "")

    def get_page_title(self):
        return f"Comment by {self.comment.display_name}"

    def get_page_subtitle(self):
        return f"on “{self.comment.page.title}”"

    def detail_url(self):
        return with_next(reverse("reader_comments:detail", args=[self.comment.pk]), self.next_url)

    def reply_form(self):
        canned = CannedReplyChoiceForm(self.request.GET)
        initial = {"display_name": reply_name(self.comment.page)}
        if (text := canned.chosen_text()) is not None:
            initial["body"] = text
        return ReplyForm(initial=initial), canned

    def get_context_data(self, reply_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        comment = self.comment
        replyable = can_reply(comment)
        canned = None
        if replyable and reply_form is None:
            reply_form, canned = self.reply_form()
        elif replyable:
            canned = CannedReplyChoiceForm()
        context.update(
            comment=comment,
            unconfirmed=comment.status == Status.UNCONFIRMED,
            page_url=public_url(comment.page, self.request),
            page_edit_url=reverse("wagtailadmin_pages:edit", args=[comment.page_id]),
            actions=self.action_buttons(),
            moderated_by=staff_name(comment.moderated_by),
            written_by=staff_name(comment.written_by),
            replies=comment.replies.select_related("written_by").order_by("created_at", "id"),
            parent_url=self.parent_url(),
            reply_form=reply_form if replyable else None,
            canned_form=canned,
            has_canned_replies=replyable and CannedReply.objects.exists(),
            next_url=self.next_url,
            back_url=self.next_url or LISTS["held"].url(),
        )
        return context

    def action_buttons(self):
        return [
            {
                "name": name,
                "action": ACTIONS[name],
                "url": reverse("reader_comments:moderate", args=[self.comment.pk, name]),
            }
            for name in available_actions(self.comment)
        ]

    def parent_url(self):
        if not self.comment.parent_id:
            return ""
        return reverse("reader_comments:detail", args=[self.comment.parent_id])

    def post(self, request, *args, **kwargs):
        if not can_reply(self.comment):
            messages.error(request, NO_REPLY)
            return redirect(self.detail_url())
        form = ReplyForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                moderation.reply_as_practice(
                    self.comment, request.user, data["body"], data["display_name"]
                )
            except moderation.CommentRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, "Your reply is published under the comment.")
                return redirect(self.detail_url())
        return self.render_to_response(self.get_context_data(reply_form=form))


class ModerateView(ReaderCommentAdminView):
    """Approve, reject, mark as spam or delete one comment: a GET asks first (and changes
    nothing), the POST does it and goes back to the list the moderator came from."""

    template_name = "practice_blog/comments/admin/moderate.html"

    def prepare(self, pk, action, **kwargs):
        if action not in ACTIONS:
            raise Http404("Unknown action.")
        self.action_name = action
        self.comment = comment_for(pk)
        self.next_url = safe_next(self.request, LISTS["held"].url())

    def get_page_title(self):
        return ACTIONS[self.action_name].label

    def detail_url(self):
        return with_next(reverse("reader_comments:detail", args=[self.comment.pk]), self.next_url)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            comment=self.comment,
            action=ACTIONS[self.action_name],
            next_url=self.next_url,
            detail_url=self.detail_url(),
        )
        return context

    def get(self, request, *args, **kwargs):
        if self.action_name not in available_actions(self.comment):
            return self.not_available()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.action_name not in available_actions(self.comment):
            return self.not_available()
        try:
            self.apply()
        except moderation.CommentRefused as refused:
            messages.error(request, str(refused))
            return redirect(self.detail_url())
        messages.success(request, ACTIONS[self.action_name].done, buttons=self.done_buttons())
        return redirect(self.next_url)

    def apply(self):
        comment, user = self.comment, self.request.user
        if self.action_name == "approve":
            moderation.approve(comment, user)
        elif self.action_name == "reject":
            moderation.reject(comment, user)
        elif self.action_name == "spam":
            moderation.mark_spam(comment, user)
        else:
            moderation.delete(comment)

    def done_buttons(self):
        url = public_url(self.comment.page, self.request)
        if self.action_name == "approve" and url:
            return [messages.button(f"{url}#{self.comment.anchor}", "See it on its page")]
        return None

    def not_available(self):
        comment = self.comment
        if comment.status == Status.UNCONFIRMED and self.action_name == "approve":
            message = "The writer has not confirmed their email address yet, so it cannot be "
            message += "approved. You can reject or delete it."
        else:
            message = f"That cannot be done to a comment that is “{comment.get_status_display()}”."
        messages.error(self.request, message)
        return redirect(self.detail_url())


# --- Export ---------------------------------------------------------------------------------

EXPORT_HEADERS = [
    "Written (UTC)",
    "Page",
    "Page address",
    "Status",
    "Urgent",
    "Name",
    "Email",
    "Comment",
    "Email confirmed at (UTC)",
    "Moderated at (UTC)",
    "Reply from the practice",
]


def export_rows(comments, request):
    """The comments as spreadsheet rows (dates stay dates, text is made formula-safe later)."""
    return [
        [
            comment.created_at,
            comment.page.title,
            comment.page.get_full_url(request=request) or "",
            comment.get_status_display(),
            "Yes" if comment.is_urgent else "No",
            comment.display_name,
            comment.email,
            comment.body,
            comment.confirmed_at,
            comment.moderated_at,
            "Yes" if comment.is_practice_reply else "No",
        ]
        for comment in comments.iterator(chunk_size=2000)
    ]


def export_choices():
    return [(key, LISTS[key].title) for key in NAV_ORDER]


class ExportView(ReaderCommentAdminView):
    """Download reader comments (every one, or one list) as CSV or XLSX. They hold readers'
    email addresses, so this needs its own permission and every download is in the audit log."""

    permission = EXPORT
    template_name = "practice_blog/comments/admin/export.html"
    page_title = "Export reader comments"
    header_icon = "download"

    def get(self, request, *args, **kwargs):
        if "format" not in request.GET:
            initial = {"status": request.GET.get("status", ""), "format": "csv"}
            form = ExportForm(initial=initial, status_choices=export_choices())
            return self.render_to_response(self.get_context_data(form=form))
        form = ExportForm(request.GET, status_choices=export_choices())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        return self.download(form.cleaned_data["status"], form.cleaned_data["format"])

    def download(self, key, file_format):
        if key:
            comments, label = LISTS[key].comments(), LISTS[key].title
        else:
            comments = ReaderComment.objects.select_related("page").order_by("-created_at", "-id")
            label = "Every comment"
        rows = export_rows(comments, self.request)
        return spreadsheets.logged_export(
            self.request,
            instance=CommentSettings.for_request(self.request),
            action=EXPORT_ACTION,
            title="Reader comments",
            data={"comments": label, "rows": len(rows)},
            file_format=file_format,
            headers=EXPORT_HEADERS,
            rows=rows,
            basename=f"reader-comments-{key or 'all'}-{timezone.now():%Y-%m-%d}",
            sheet_title="Reader comments",
        )


def describe_export(data):
    """Site history's words for one export."""
    file_format = str(data.get("format", "")).upper()
    return (
        f"Exported {data.get('rows', 0)} reader comments "
        f"({data.get('comments', '')}) as {file_format}"
    )


# --- Erasure --------------------------------------------------------------------------------


def erasure_preview(email):
    """What erasing ``email``'s comments would delete: how many, on which pages, and how many
    replies by others under them go too."""
    comments = ReaderComment.objects.by_email(email)
    pages = list(
        comments.order_by("page__title")
        .values("page_id", "page__title")
        .annotate(total=Count("pk"))
    )
    replies = (
        ReaderComment.objects.filter(parent__in=comments.values("pk"))
        .exclude(email__iexact=email.strip())
        .count()
    )
    return {"count": sum(page["total"] for page in pages), "pages": pages, "replies": replies}


class EraseView(ReaderCommentAdminView):
    """Erase every comment a reader wrote, when they ask: the address, a preview of what goes,
    then a confirmation. The audit log records how many went, never the address."""

    permission = ERASE
    template_name = "practice_blog/comments/admin/erase.html"
    page_title = "Erase a reader's comments"
    header_icon = "bin"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=EraseForm()))

    def post(self, request, *args, **kwargs):
        form = EraseForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        email = form.cleaned_data["email"]
        if not form.cleaned_data["confirm"]:
            return self.preview(email)
        return self.erase(email)

    def preview(self, email):
        preview = erasure_preview(email)
        confirm = EraseForm(initial={"email": email, "confirm": True})
        confirm.fields["email"].widget = confirm.fields["email"].hidden_widget()
        context = self.get_context_data(form=confirm, preview=preview, email=email)
        return self.render_to_response(context)

    def erase(self, email):
        count = moderation.erase_by_email(email)
        if count:
            log(
                instance=CommentSettings.for_request(self.request),
                action=ERASE_ACTION,
                user=self.request.user,
                title="Reader comments",
                data={"count": count},
            )
            noun = "comment" if count == 1 else "comments"
            messages.success(self.request, f"Erased {count} {noun} written from that address.")
        else:
            messages.warning(self.request, "No comment was written from that address.")
        return redirect("reader_comments:erase")


def describe_erasure(data):
    """Site history's words for one erasure (the address is never stored)."""
    count = data.get("count", 0)
    return f"Erased {count} reader comment{'' if count == 1 else 's'} written from one address"
