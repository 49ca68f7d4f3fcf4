"""Admin-only view: check the text of a page while it is being edited (the live panel)."""

from dataclasses import asdict

from django.http import JsonResponse
from django.views.decorators.http import require_POST

from practice_blog.core.anonymous_posts import BadJSON, parse_json_body

from .checker import check_document
from .models import CrisisBannerSettings
from .review import active_rules

#: Limits that keep one request cheap: more than any article needs.
MAX_CHUNKS = 1000
MAX_CHARACTERS = 500_000
# Read before parsing: the characters, JSON quoting and escapes of the longest text allowed.
MAX_BODY_BYTES = 4 * MAX_CHARACTERS


class BadRequest(ValueError):
    """The request body is not what the panel's script sends."""


def _read_payload(request):
    try:
        payload = parse_json_body(request, MAX_BODY_BYTES)
    except BadJSON as error:
        raise BadRequest(f"Send the text as JSON. {error}") from error
    if not isinstance(payload, dict) or not isinstance(payload.get("chunks"), list):
        raise BadRequest('Send an object with a "chunks" list.')
    chunks = payload["chunks"]
    if len(chunks) > MAX_CHUNKS:
        raise BadRequest("Too many pieces of text.")
    pairs = []
    for chunk in chunks:
        if not isinstance(chunk, dict):
            raise BadRequest('Each chunk needs "where" and "text".')
        where, text = chunk.get("where"), chunk.get("text")
        if not isinstance(where, str) or not isinstance(text, str):
            raise BadRequest('Each chunk needs "where" and "text" as strings.')
        pairs.append((where[:200], text))
    if sum(len(text) for _, text in pairs) > MAX_CHARACTERS:
        raise BadRequest("The text is too long to check at once.")
    return pairs, bool(payload.get("is_sensitive")), bool(payload.get("has_help_block"))


@require_POST
def check_text(request):
    """Return safe-messaging findings for text sent by the editor's panel (JSON in and out).

    Only reachable inside the admin (Wagtail requires admin access for every admin URL) and
    CSRF-protected like any other admin POST. Nothing is stored.
    """
    try:
        chunks, is_sensitive, has_help_block = _read_payload(request)
    except BadRequest as error:
        return JsonResponse({"error": str(error)}, status=400)
    banner_on = CrisisBannerSettings.for_request(request).is_enabled
    findings = check_document(
        chunks,
        active_rules(),
        has_content_note=is_sensitive,
        has_help=is_sensitive or has_help_block or banner_on,
    )
    return JsonResponse({"findings": [asdict(finding) for finding in findings]})
