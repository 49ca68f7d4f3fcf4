"""Keep form-result pages (thank-you, confirmation, refusal) out of search engines.

Sent as an ``X-Robots-Tag`` header rather than a ``<meta>`` tag, so it works whatever the host
site's ``base.html`` looks like (it may have no block for extra head tags).
"""

from functools import wraps


def noindex(view):
    """Wrap ``view`` so every response it gives says ``X-Robots-Tag: noindex``."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex"
        return response

    return wrapped
