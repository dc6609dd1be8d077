"""Every error of the API is JSON, `{"detail": "…"}`, in the request's language
(German or English, from Accept-Language or the signed-in person's choice): DRF's
own messages come translated by DRF, the API's own through gettext. Invalid input
also lists its messages per parameter under `errors`."""

from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.views import exception_handler as drf_exception_handler


def _messages(detail) -> list[str]:
    if isinstance(detail, dict):
        found = []
        for key, value in detail.items():
            prefix = "" if key in ("detail", "non_field_errors") else f"{key}: "
            found += [prefix + message for message in _messages(value)]
        return found
    if isinstance(detail, list):
        return [message for item in detail for message in _messages(item)]
    return [str(detail)]


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API error: Django's own handling (500, logged)
    request = context.get("request")
    if request is not None:  # errors are JSON, also where CSV was asked for
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"detail": exc.detail}
        response.data = {
            "detail": " ".join(_messages(errors)),
            "errors": {key: _messages(value) for key, value in errors.items()},
        }
    elif isinstance(exc, Http404 | exceptions.NotFound):
        response.data = {"detail": _("Nicht gefunden.")}
    return response


def not_found(request, *args, **kwargs):
    """Any other address under /api/v1/: a JSON 404, not the portal's HTML page."""
    return JsonResponse({"detail": _("Nicht gefunden.")}, status=404)
