"""The base for this project's wagtail-modeladmin listings.

wagtail-modeladmin turns every unknown query parameter into a database lookup, and answers a
lookup it cannot use (``?nope=1``, ``?helpful__exact=maybe``, a malformed date from an edited
bookmark) with a server error. Django's own admin sends the user back to the list instead;
these listings do the same, with a message that says what happened.
"""

from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.shortcuts import redirect
from wagtail_modeladmin import options, views


class IndexView(views.IndexView):
    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except IncorrectLookupParameters:
            messages.error(
                request, "That filter is not one this list offers, so the whole list is shown."
            )
            return redirect(self.url_helper.index_url)


class ModelAdmin(options.ModelAdmin):
    index_view_class = IndexView
