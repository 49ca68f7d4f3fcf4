"""The base for this project's wagtail-modeladmin listings.

wagtail-modeladmin turns every unknown query parameter into a database lookup. A lookup it
cannot build (``?nope=1``, ``?helpful__exact=maybe``, a malformed date from an edited bookmark)
or one the database refuses when the list is fetched (``?comment__regex=(``) was a server
error. Django's own admin sends the user back to the list instead; these listings do the same,
with a message that says what happened.

wagtail-modeladmin's history screen checks no permission at all; here it needs the same
permission as the listing, so nobody can read a subscriber's or an email's history (or count
them) without being allowed to see the list.
"""

from contextlib import nullcontext

from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from django.shortcuts import redirect
from wagtail_modeladmin import options, views


def savepoint_if_in_transaction():
    """Inside a transaction, a savepoint: PostgreSQL refuses every later query in a transaction
    after one fails. Outside one, nothing (a new transaction would take SQLite's write lock)."""
    if transaction.get_connection().in_atomic_block:
        return transaction.atomic()
    return nullcontext()


class IndexView(views.IndexView):
    def dispatch(self, request, *args, **kwargs):
        try:
            with savepoint_if_in_transaction():
                response = super().dispatch(request, *args, **kwargs)
                if request.GET and hasattr(response, "render"):
                    response.render()  # the filtered query runs here, so its errors are caught
            return response
        except IncorrectLookupParameters:
            return self.whole_list(request)
        except DatabaseError:
            if not request.GET:
                raise  # the unfiltered list failed: a real database problem, not a filter
            return self.whole_list(request)

    def whole_list(self, request):
        messages.error(
            request, "That filter is not one this list offers, so the whole list is shown."
        )
        return redirect(self.url_helper.index_url)


class ModelAdmin(options.ModelAdmin):
    index_view_class = IndexView

    def history_view(self, request, instance_pk):
        if not self.permission_helper.user_can_list(request.user):
            raise PermissionDenied
        return super().history_view(request, instance_pk)
