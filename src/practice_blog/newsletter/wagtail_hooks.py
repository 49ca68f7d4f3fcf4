"""The newsletter's place in the Wagtail admin: emails to subscribers (and the article's action
menu item that sends one), subscribers, the outbox, the export, the log; and its minute tick.

Subscribers and outgoing emails are read-only in the admin (nobody adds a reader without
their own confirmation); Practice owners may delete a subscriber on request (erasure), and
export the active list if they hold the dedicated ``export_subscribers`` permission.
"""

from django.db.models import Count
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.action_menu import ActionMenuItem
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from practice_blog.core.getting_started import saved_by_a_person, setting_step
from practice_blog.core.modeladmin import ModelAdmin
from practice_blog.core.spreadsheets import register_export_action

from . import sending
from .admin_views import EXPORT_ACTION, EXPORT_PERMISSION, export_subscribers
from .dispatch_views import (
    SEND_PERMISSION,
    DispatchView,
    SendPageView,
    dispatch_preview,
    page_preview,
)
from .models import (
    ConsentText,
    Dispatch,
    NewsletterPageMixin,
    NewsletterSettings,
    OutgoingEmail,
    Subscriber,
)
from .tick import due_newsletter_work


class ReadOnlyPermissionHelper(PermissionHelper):
    """Listing, inspecting and (with permission) deleting, but never adding or editing."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False


class DispatchAdmin(ModelAdmin):
    """Emails to subscribers → every article and digest sent, sending or waiting, with progress."""

    model = Dispatch
    base_url_path = "newsletter/dispatch"
    menu_label = "Emails to subscribers"
    menu_icon = "mail"
    permission_helper_class = ReadOnlyPermissionHelper
    list_display = ("subject_link", "kind", "status", "progress", "send_after", "finished_at")
    list_filter = ("status", "kind")
    search_fields = ("subject",)

    def get_queryset(self, request):
        return sending.with_progress(super().get_queryset(request))

    def subject_link(self, dispatch):
        url = reverse("newsletter_dispatch", args=[dispatch.pk])
        return format_html('<a href="{}">{}</a>', url, dispatch.subject)

    subject_link.short_description = "Subject"

    def progress(self, dispatch):
        return sending.progress_of(dispatch).summary()

    progress.short_description = "Progress"


class SubscriberAdmin(ModelAdmin):
    """Subscribers → the list staff can trust, with consent evidence on each record."""

    model = Subscriber
    base_url_path = "newsletter/subscriber"
    menu_label = "Subscribers"
    menu_icon = "user"
    permission_helper_class = ReadOnlyPermissionHelper
    inspect_view_enabled = True
    list_display = (
        "email",
        "first_name",
        "status",
        "signed_up_at",
        "confirmed_at",
        "unsubscribed_at",
        "source_page_title",
    )
    list_filter = ("status", "signed_up_at", "confirmed_at")
    search_fields = ("email", "first_name")
    inspect_view_fields = (
        "email",
        "first_name",
        "status",
        "signed_up_at",
        "confirmed_at",
        "unsubscribed_at",
        "email_problem",
        "email_problem_at",
        "source_page",
        "consent_box",
        "consent_wording",
    )
    index_template_name = "practice_blog/newsletter/admin/subscriber_index.html"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source_page")

    def source_page_title(self, subscriber):
        return subscriber.source_page.title if subscriber.source_page else ""

    source_page_title.short_description = "Signed up on page"


class OutgoingEmailAdmin(ModelAdmin):
    """Outgoing emails → what was sent, what is waiting and what keeps failing (and why)."""

    model = OutgoingEmail
    base_url_path = "newsletter/outgoingemail"
    menu_label = "Outgoing emails"
    menu_icon = "mail"
    permission_helper_class = ReadOnlyPermissionHelper
    list_display = (
        "recipient",
        "kind",
        "status",
        "created_at",
        "attempts",
        "next_attempt_at",
        "last_error",
        "sent_at",
    )
    list_filter = ("status", "kind")
    search_fields = ("subscriber__email",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("subscriber")

    def recipient(self, email):
        return email.subscriber.email

    recipient.short_description = "To"


class ConsentTextAdmin(ModelAdmin):
    """Consent versions → every wording the form has shown, and how many readers agreed to it."""

    model = ConsentText
    base_url_path = "newsletter/consenttext"
    menu_label = "Consent versions"
    menu_icon = "doc-full"
    permission_helper_class = ReadOnlyPermissionHelper
    list_display = ("version", "text", "created_at", "subscriber_count")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(agreed=Count("subscribers"))

    def version(self, consent_text):
        return consent_text.pk

    def subscriber_count(self, consent_text):
        return consent_text.agreed

    subscriber_count.short_description = "Subscribers who saw it"


class NewsletterAdminGroup(ModelAdminGroup):
    """The "Newsletter" menu; shown only to staff allowed to see subscribers."""

    menu_label = "Newsletter"
    menu_icon = "mail"
    menu_order = 300
    items = (DispatchAdmin, SubscriberAdmin, OutgoingEmailAdmin, ConsentTextAdmin)


modeladmin_register(NewsletterAdminGroup)


@hooks.register("register_admin_urls")
def register_export_urls():
    """The export download addresses, inside the admin (login required by Wagtail)."""
    return [
        path(
            "newsletter/export/<str:file_format>/",
            export_subscribers,
            name="newsletter_export_subscribers",
        ),
        path("newsletter/send/<int:page_id>/", SendPageView.as_view(), name="newsletter_send_page"),
        path(
            "newsletter/send/<int:page_id>/preview/",
            page_preview,
            name="newsletter_page_preview",
        ),
        path(
            "newsletter/email/<int:dispatch_id>/",
            DispatchView.as_view(),
            name="newsletter_dispatch",
        ),
        path(
            "newsletter/email/<int:dispatch_id>/preview/",
            dispatch_preview,
            name="newsletter_dispatch_preview",
        ),
    ]


class EmailToSubscribersMenuItem(ActionMenuItem):
    """ "Email to subscribers…" in the article's action menu (published articles only)."""

    label = "Email to subscribers…"
    name = "action-email-subscribers"
    icon_name = "mail"

    def is_shown(self, context):
        page = context.get("page")
        return (
            context["view"] == "edit"
            and isinstance(page, NewsletterPageMixin)
            and page.live
            and context["request"].user.has_perm(SEND_PERMISSION)
            and self.get_user_page_permissions_tester(context).can_publish()
        )

    def get_url(self, parent_context):
        return reverse("newsletter_send_page", args=[parent_context["page"].pk])


@hooks.register("register_page_action_menu_item")
def register_email_menu_item():
    return EmailToSubscribersMenuItem(order=60)


@hooks.register("after_publish_page")
def say_when_an_email_waits(request, page):
    """Tell the editor when publishing left the article's email waiting for a review."""
    dispatch = Dispatch.objects.filter(
        kind=Dispatch.Kind.ARTICLE, page=page, status=Dispatch.Status.DRAFT
    ).first()
    if dispatch is not None and dispatch.stop_reason:
        messages.warning(
            request,
            f"The email to subscribers about “{page.title}” was not sent. {dispatch.stop_reason}",
            buttons=[messages.button(reverse("newsletter_send_page", args=[page.pk]), "Review")],
        )


@hooks.register("practice_blog_after_restore")
def stop_sending_after_a_restore():
    """A restored backup must not resume emails it caught half-way: staff decide again."""
    Dispatch.objects.filter(status__in=(Dispatch.Status.SCHEDULED, Dispatch.Status.SENDING)).update(
        status=Dispatch.Status.STOPPED,
        stop_reason="Stopped because the site was restored from a backup: check who already "
        "has it before sending again.",
    )


@hooks.register("practice_blog_tick")
def newsletter_tick(now):
    """Digests, sending left by a dead worker, due retries and purges, each minute."""
    return due_newsletter_work(now)


@hooks.register("register_getting_started_steps")
def newsletter_sender_step(request):
    """Done once someone has saved the newsletter's sender with a reply address and postal
    address of their own (the demo's do not count)."""
    return setting_step(
        request,
        NewsletterSettings,
        key="newsletter_sender",
        label="Set the newsletter's sender details",
        done=lambda texts: texts.reply_to and texts.postal_address and saved_by_a_person(texts),
        hint="The name readers see, the address their replies go to and the postal address "
        "at the foot of each email (Settings → Newsletter, “Sender”).",
        order=60,
    )


@hooks.register("register_log_actions")
def register_export_log_action(actions):
    """Name the subscriber export's audit-log action and describe it in Site history."""
    register_export_action(
        actions,
        EXPORT_ACTION,
        "Export subscribers",
        lambda data: f"Exported {data.get('count', '?')} active subscribers as "
        f"{str(data.get('format', '')).upper()}",
    )


def export_links(user):
    """The export buttons for the subscriber listing, or none without the permission."""
    if not user.has_perm(EXPORT_PERMISSION):
        return []
    return [
        (label, reverse("newsletter_export_subscribers", args=[file_format]))
        for file_format, label in (("csv", "Export CSV"), ("xlsx", "Export XLSX"))
    ]
