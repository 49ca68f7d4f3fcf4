"""Admin screens for emails to subscribers: send or schedule an article, send a test, follow
a dispatch's progress, review and send a digest, cancel what has not finished.

Every change is a POST from a form on these screens (Wagtail's admin CSRF protection applies);
GETs only show.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminDateTimeInput
from wagtail.models import Page

from . import sending
from .messages import (
    UNSUBSCRIBE_MARK,
    dispatch_content,
    page_content,
    safety_api,
    test_message,
)
from .models import Delivery, Dispatch, NewsletterPageMixin, Subscriber

SEND_PERMISSION = "practice_blog_newsletter.add_dispatch"
VIEW_PERMISSION = "practice_blog_newsletter.view_dispatch"
FAILURES_SHOWN = 50
# A dispatch in these states can be (re)started; readers who already have it are not sent it again.
RESTARTABLE = (Dispatch.Status.DRAFT, Dispatch.Status.CANCELLED, Dispatch.Status.STOPPED)


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
                "This article mentions suicide or self-harm without a content note. Add one "
                "(Reader care tab), or tick this box to send it anyway.",
            )
        return cleaned

    def send_after(self):
        return self.cleaned_data["send_at"] if self.cleaned_data["when"] == "later" else None


def send_test(request, content):
    """Send ``content`` to the staff member alone; says what happened in a message."""
    address = request.user.email
    if not address:
        messages.error(request, "Your account has no email address. Add one under Account.")
        return
    try:
        test_message(content, address).send()
    except Exception as error:
        messages.error(request, f"The test could not be sent: {type(error).__name__}: {error}")
        return
    messages.success(request, f"A test was sent to {address} only.")


class NewsletterAdminView(WagtailAdminTemplateMixin, TemplateView):
    permission = VIEW_PERMISSION
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return []


class SendPageView(NewsletterAdminView):
    """An article's "Email to subscribers" screen, reached from its action menu."""

    permission = SEND_PERMISSION
    template_name = "practice_blog/newsletter/admin/send_page.html"

    def setup(self, request, page_id):
        super().setup(request, page_id=page_id)
        self.page = get_object_or_404(Page, pk=page_id).specific
        if not isinstance(self.page, NewsletterPageMixin):
            raise PermissionDenied
        self.dispatch_row = Dispatch.objects.filter(
            kind=Dispatch.Kind.ARTICLE, page=self.page
        ).first()
        safety = safety_api()
        self.findings, self.needs_confirmation = (
            safety.safe_messaging_findings(self.page) if safety else ([], False)
        )

    def get_page_title(self):
        return f"Email “{self.page.title}” to subscribers"

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action == "test":
            send_test(request, page_content(self.page))
            return redirect(request.path)
        form = SendForm(request.POST, needs_confirmation=self.needs_confirmation)
        if action != "send" or not self.page.live or self.already_sent():
            return redirect(request.path)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if self.dispatch_row is None:
            sending.create_article_dispatch(
                self.page, self.page.get_site(), send_after=form.send_after(), user=request.user
            )
        else:
            sending.schedule(self.dispatch_row, form.send_after())
        messages.success(request, scheduled_message(form.send_after()))
        return redirect(request.path)

    def already_sent(self):
        return self.dispatch_row is not None and (
            self.dispatch_row.is_unfinished or self.dispatch_row.status == Dispatch.Status.SENT
        )

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        dispatch = self.dispatch_row
        context.update(
            page=self.page,
            dispatch=dispatch,
            progress=sending.progress(dispatch.pk) if dispatch else None,
            can_send=self.page.live and not self.already_sent(),
            form=form or SendForm(needs_confirmation=self.needs_confirmation),
            findings=self.findings,
            needs_confirmation=self.needs_confirmation,
            readers=Subscriber.objects.filter(status=Subscriber.Status.ACTIVE).count(),
            preview_url=reverse("wagtailadmin_pages:preview_on_edit", args=[self.page.pk])
            + "?mode=newsletter",
        )
        return context


def scheduled_message(send_after):
    if send_after is None:
        return "Sending has started. You can follow it on this page."
    return f"Scheduled for {timezone.localtime(send_after):%-d %B %Y at %H:%M}."


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

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm(SEND_PERMISSION):
            raise PermissionDenied
        dispatch = self.dispatch_row
        action = request.POST.get("action")
        if action == "test":
            send_test(request, dispatch_content(dispatch))
        elif action == "cancel":
            if sending.cancel(dispatch):
                messages.success(request, "Cancelled. Emails already sent stay sent.")
            else:
                messages.error(request, "This email has already finished; nothing to cancel.")
        elif action == "send":
            if dispatch.status not in RESTARTABLE:
                messages.error(request, "This email is already scheduled, sending or sent.")
                return redirect(request.path)
            form = SendForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(form=form), status=400)
            if dispatch.kind == Dispatch.Kind.ARTICLE and not dispatch.page.live:
                messages.error(request, "The article is not published, so it cannot be sent.")
            else:
                sending.schedule(dispatch, form.send_after())
                messages.success(request, scheduled_message(form.send_after()))
        return redirect(request.path)

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
        context.update(
            dispatch=dispatch,
            progress=sending.progress(dispatch.pk),
            articles=list(dispatch.articles.order_by("first_published_at"))
            if dispatch.kind == Dispatch.Kind.DIGEST
            else [],
            failures=failures[:FAILURES_SHOWN],
            can_send=self.request.user.has_perm(SEND_PERMISSION),
            can_start=dispatch.status in RESTARTABLE,
            form=form or SendForm(),
            preview_url=reverse("newsletter_dispatch_preview", args=[dispatch.pk]),
        )
        return context


def dispatch_preview(request, dispatch_id):
    """The HTML part of a dispatch's email, as subscribers get it (unsubscribe link aside)."""
    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    dispatch = get_object_or_404(Dispatch, pk=dispatch_id)
    return HttpResponse(dispatch_content(dispatch).html.replace(UNSUBSCRIBE_MARK, "#"))
