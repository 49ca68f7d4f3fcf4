"""Admin screens for emails to subscribers: send or schedule an article, send a test, follow
a dispatch's progress, review and send a digest, cancel what has not finished.

Every change is a POST from a form on these screens (Wagtail's admin CSRF protection applies);
GETs only show. Sending needs the ``add_dispatch`` permission and, for an article, the right to
publish that page; seeing readers' addresses needs ``view_subscriber``.
"""

from dataclasses import replace
from datetime import timedelta

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminDateTimeInput
from wagtail.models import Page

from . import sending
from .messages import (
    EmailNotPossible,
    digest_articles,
    dispatch_content,
    page_content,
    preview_response,
    safety_api,
    test_message,
)
from .models import Delivery, Dispatch, NewsletterPageMixin, Subscriber

SEND_PERMISSION = "practice_blog_newsletter.add_dispatch"
VIEW_PERMISSION = "practice_blog_newsletter.view_dispatch"
ADDRESSES_PERMISSION = "practice_blog_newsletter.view_subscriber"
FAILURES_SHOWN = 50
# A scheduled email this late, or a send this quiet, means no worker is taking tasks.
WORKER_SILENT_AFTER = timedelta(minutes=5)


class SendForm(forms.Form):
    """When to send, and the confirmation an article about suicide without a note needs."""

    when = forms.ChoiceField(
        label="When",
        choices=[("now", "Send now"), ("later", "Send at a time I choose")],
        initial="now",
        widget=forms.RadioSelect,
    )
    send_at = forms.DateTimeField(
        label="Send at", required=False, widget=AdminDateTimeInput, help_text="Your local time."
    )
    confirm_sensitive = forms.BooleanField(
        label="I have read the safe-messaging advice above and want to send it as it is",
        required=False,
    )

    def __init__(self, *args, needs_confirmation=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_confirmation = needs_confirmation
        if not needs_confirmation:
            del self.fields["confirm_sensitive"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("when") == "later":
            send_at = cleaned.get("send_at")
            if send_at is None:
                self.add_error("send_at", "Choose the day and time to send it.")
            elif send_at <= timezone.now():
                self.add_error("send_at", "That time has passed. Choose a time in the future.")
        if self.needs_confirmation and not cleaned.get("confirm_sensitive"):
            self.add_error(
                "confirm_sensitive",
                "This mentions suicide or self-harm without a content note. Add one (Reader "
                "care tab of the article), or tick this box to send it anyway.",
            )
        return cleaned

    def send_after(self):
        return self.cleaned_data["send_at"] if self.cleaned_data["when"] == "later" else None


def safe_messaging_review(pages):
    """``(findings, needs_confirmation)`` for the pages an email is about; each finding names
    its page when there are several."""
    safety = safety_api()
    findings, needs = [], False
    for page in pages if safety else []:
        page_findings, page_needs = safety.safe_messaging_findings(page)
        needs = needs or page_needs
        if len(pages) > 1:
            page_findings = [replace(f, where=f"{page.title}: {f.where}") for f in page_findings]
        findings += page_findings
    return findings, needs


def send_test(request, build_content):
    """Send the email to the staff member alone; says what happened in a message."""
    address = request.user.email
    if not address:
        messages.error(request, "Your account has no email address. Add one under Account.")
        return
    try:
        test_message(build_content(), address).send()
    except EmailNotPossible as problem:
        messages.error(request, f"The test could not be made: {problem}")
        return
    except Exception as error:
        messages.error(request, f"The test could not be sent: {type(error).__name__}: {error}")
        return
    messages.success(request, f"A test was sent to {address} only.")


def scheduled_message(send_after):
    if send_after is None:
        return "Sending has started. You can follow it on this page."
    moment = timezone.localtime(send_after)
    return f"Scheduled for {moment.day} {moment:%B %Y at %H:%M}."


def worker_warning(dispatch):
    """A warning when an email should be going out but no worker seems to take it."""
    late = timezone.now() - WORKER_SILENT_AFTER
    if dispatch.status == Dispatch.Status.SCHEDULED and dispatch.send_after < late:
        return (
            "This email should have started by now. The task worker may not be running: "
            "ask whoever looks after the server to check it (README, “Deployment”)."
        )
    if dispatch.server_error and dispatch.status == Dispatch.Status.SENDING:
        return (
            "The mail server could not be reached; sending is retried automatically "
            f"({dispatch.server_failures} attempt(s) so far). Last error: {dispatch.server_error}"
        )
    return ""


class NewsletterAdminView(WagtailAdminTemplateMixin, TemplateView):
    permission = VIEW_PERMISSION
    header_icon = "mail"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if not request.user.has_perm(self.permission):
            raise PermissionDenied

    def get_breadcrumbs_items(self):
        return []

    def start(self, dispatch, form):
        """(Re)start ``dispatch`` from a valid form, with a message either way."""
        if sending.schedule(dispatch, form.send_after()):
            messages.success(self.request, scheduled_message(form.send_after()))
        else:
            messages.error(self.request, "This email is already scheduled, sending or sent.")


class SendPageView(NewsletterAdminView):
    """An article's "Email to subscribers" screen, reached from its action menu."""

    permission = SEND_PERMISSION
    template_name = "practice_blog/newsletter/admin/send_page.html"

    def setup(self, request, page_id):
        super().setup(request, page_id=page_id)
        self.page = get_object_or_404(Page, pk=page_id).specific
        if not isinstance(self.page, NewsletterPageMixin):
            raise PermissionDenied
        if not self.page.permissions_for_user(request.user).can_publish():
            raise PermissionDenied
        self.dispatch_row = Dispatch.objects.filter(
            kind=Dispatch.Kind.ARTICLE, page=self.page
        ).first()
        self.findings, self.needs_confirmation = safe_messaging_review([self.page])

    def get_page_title(self):
        return f"Email “{self.page.title}” to subscribers"

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action == "test":
            send_test(request, lambda: page_content(self.page))
            return redirect(request.path)
        if action != "send":
            messages.error(request, "Nothing was done: choose one of the buttons.")
            return redirect(request.path)
        problem = sending.why_not_emailable(self.page) or self.already_sent()
        if problem:
            messages.error(request, problem)
            return redirect(request.path)
        form = SendForm(request.POST, needs_confirmation=self.needs_confirmation)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if self.dispatch_row is None:
            created = sending.create_article_dispatch(
                self.page, self.page.get_site(), send_after=form.send_after(), user=request.user
            )
            if created:
                messages.success(request, scheduled_message(form.send_after()))
            else:
                messages.error(request, "This article has just been emailed by someone else.")
        else:
            self.start(self.dispatch_row, form)
        return redirect(request.path)

    def already_sent(self):
        dispatch = self.dispatch_row
        if dispatch is not None and dispatch.status not in sending.RESTARTABLE:
            return "This article has already been emailed to subscribers; an article is sent once."
        if sending.in_a_digest(self.page):
            return (
                "This article is in a digest that is scheduled, sending or sent; it is not "
                "emailed on its own as well."
            )
        return ""

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        dispatch = self.dispatch_row
        context.update(
            page=self.page,
            dispatch=dispatch,
            progress=sending.progress(dispatch.pk) if dispatch else None,
            problem=sending.why_not_emailable(self.page) or self.already_sent(),
            form=form or SendForm(needs_confirmation=self.needs_confirmation),
            findings=self.findings,
            readers=Subscriber.objects.filter(status=Subscriber.Status.ACTIVE).count(),
            preview_url=reverse("newsletter_page_preview", args=[self.page.pk]),
        )
        return context


class DispatchView(NewsletterAdminView):
    """One email to subscribers: progress, failures, and what can still be done with it."""

    template_name = "practice_blog/newsletter/admin/dispatch.html"

    def setup(self, request, dispatch_id):
        super().setup(request, dispatch_id=dispatch_id)
        self.dispatch_row = get_object_or_404(
            Dispatch.objects.select_related("page", "created_by"), pk=dispatch_id
        )

    def get_page_title(self):
        return self.dispatch_row.subject

    @cached_property
    def pages(self):
        """The pages this email is about (the article, or the digest's published articles),
        looked up once per request."""
        dispatch = self.dispatch_row
        if dispatch.kind == Dispatch.Kind.DIGEST:
            return digest_articles(dispatch)
        return [dispatch.page.specific] if dispatch.page else []

    @cached_property
    def review(self):
        """The safe-messaging findings of every page in the email, and whether any of them
        needs confirmation before a send."""
        return safe_messaging_review(self.pages)

    def needs_confirmation(self):
        return self.review[1]

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm(SEND_PERMISSION):
            raise PermissionDenied
        dispatch = self.dispatch_row
        action = request.POST.get("action")
        if action == "test":
            send_test(request, lambda: dispatch_content(dispatch))
        elif action == "cancel":
            if sending.cancel(dispatch):
                messages.success(request, "Cancelled. Emails already sent stay sent.")
            else:
                messages.error(request, "This email has already finished; nothing to cancel.")
        elif action == "send":
            form = SendForm(request.POST, needs_confirmation=self.needs_confirmation())
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(form=form), status=400)
            problem = self.why_not_sendable()
            if problem:
                messages.error(request, problem)
            else:
                self.start(dispatch, form)
        else:
            messages.error(request, "Nothing was done: choose one of the buttons.")
        return redirect(request.path)

    def why_not_sendable(self):
        dispatch = self.dispatch_row
        if dispatch.kind == Dispatch.Kind.ARTICLE:
            if dispatch.page is None:
                return "The article was deleted, so it cannot be sent."
            page = dispatch.page.specific
            if not page.permissions_for_user(self.request.user).can_publish():
                return "You may not publish this article, so you cannot send it."
            return sending.why_not_emailable(page)
        if not self.pages:
            return "None of the digest's articles is published any more."
        return ""

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        dispatch = self.dispatch_row
        failures = (
            Delivery.objects.filter(dispatch=dispatch)
            .filter(Q(status=Delivery.Status.FAILED) | ~Q(last_error=""))
            .exclude(status=Delivery.Status.SENT)
            .select_related("subscriber")
            .order_by("pk")
        )
        can_send = self.request.user.has_perm(SEND_PERMISSION)
        context.update(
            dispatch=dispatch,
            progress=sending.progress(dispatch.pk),
            articles=self.pages if dispatch.kind == Dispatch.Kind.DIGEST else [],
            failures=failures[:FAILURES_SHOWN],
            show_addresses=self.request.user.has_perm(ADDRESSES_PERMISSION),
            can_send=can_send,
            can_start=can_send and dispatch.status in sending.RESTARTABLE,
            form=form or SendForm(needs_confirmation=self.needs_confirmation()),
            findings=self.review[0],
            warning=worker_warning(dispatch),
            preview_url=reverse("newsletter_dispatch_preview", args=[dispatch.pk]),
        )
        return context


def email_preview(request, build_content):
    """The HTML part of an email as subscribers get it, or the reason there is none."""
    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    return preview_response(build_content)


def dispatch_preview(request, dispatch_id):
    """The email a dispatch sends."""
    dispatch = get_object_or_404(Dispatch.objects.select_related("page", "site"), pk=dispatch_id)
    return email_preview(request, lambda: dispatch_content(dispatch))


def page_preview(request, page_id):
    """The email a published article would send now (its live version)."""
    page = get_object_or_404(Page, pk=page_id).specific
    if (
        not isinstance(page, NewsletterPageMixin)
        or not page.permissions_for_user(request.user).can_edit()
    ):
        raise PermissionDenied
    return email_preview(request, lambda: page_content(page))
