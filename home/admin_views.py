"""The "Remove the demo content" screen: the whole plan on GET, the removal on POST."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from practice_blog.core.getting_started import is_practice_owner

from .demo.removal import PlanChanged, admin_url, plan_removal, remove_demo


def may_remove_demo(user):
    """Only the practice's owners (and superusers) may remove the demo: it deletes content."""
    return user.is_active and is_practice_owner(user)


class RemoveDemoView(WagtailAdminTemplateMixin, TemplateView):
    """Show everything removal will delete, reset and keep (GET); remove it (POST)."""

    template_name = "home/admin/remove_demo.html"
    page_title = "Remove the demo content"
    header_icon = "bin"

    def dispatch(self, request, *args, **kwargs):
        if not may_remove_demo(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        # No breadcrumbs: the classic header shows the title as a visible heading.
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = plan_removal()
        user = self.request.user
        context.update(
            plan=plan,
            removals=plan.removals_by_kind(),
            unsure=[(item, admin_url(user, item.obj)) for item in plan.unsure],
            resets=[(reset, admin_url(user, reset.obj)) for reset in plan.reset],
        )
        return context

    def post(self, request, *args, **kwargs):
        try:
            done = remove_demo(user=request.user, expected=request.POST.get("plan", ""))
        except PlanChanged:
            messages.warning(
                request,
                "The demo content changed after this page was opened, so nothing was removed. "
                "Please check the list again.",
            )
        else:
            messages.success(request, done.summary())
        return redirect(reverse("home_remove_demo"))
