"""The server-error view a site points ``handler500`` at::

    handler500 = "practice_blog.core.views.server_error"

When the database cannot be reached (``OperationalError``, ``InterfaceError``), every public
request (a page, a 404 whose template
needs the database, a form) would otherwise be a 500. This answers ``503 Service Unavailable``
with ``Retry-After`` instead, on a static page that still shows the crisis lines; any other
error gets Django's usual 500 page.
"""

import sys

from django.apps import apps
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error as django_server_error

# Seconds a browser or crawler is asked to wait before trying again.
RETRY_AFTER_SECONDS = 120
# The site's own page first (the demo's extends its static error frame), then ours.
UNAVAILABLE_TEMPLATES = ["503.html", "practice_blog/core/503.html"]


@requires_csrf_token
def server_error(request, template_name="500.html"):
    error = sys.exc_info()[1]
    # Only "cannot reach the database": an IntegrityError or a missing migration is a bug,
    # and stays a 500 so that it is seen.
    if not isinstance(error, OperationalError | InterfaceError):
        return django_server_error(request, template_name=template_name)
    # Rendered without a request: nothing on the page may touch the database. The safety
    # app's static crisis text is shown whenever that app is installed.
    context = {"crisis_help": apps.is_installed("practice_blog.safety")}
    try:
        body = loader.select_template(UNAVAILABLE_TEMPLATES).render(context)
    except Exception:  # the site's 503.html needed the database after all: use ours
        body = loader.get_template(UNAVAILABLE_TEMPLATES[-1]).render(context)
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
