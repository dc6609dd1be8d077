"""Middleware of the portal: the person's language, mandatory MFA, uncached private pages."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils import translation

from lib.request_ids import current, request_id_from


def user_language(get_response):
    """A signed-in person sees the portal in their preferred language."""

    def middleware(request):
        user = request.user
        if user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return get_response(request)

    return middleware


def private_pages(get_response):
    """What a signed-in person sees is theirs alone: no shared cache and no browser
    history on a shared computer keeps it. Responses that chose their own caching
    (downloads of documents and photos) keep it."""

    def middleware(request):
        response = get_response(request)
        if request.user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
        return response

    return middleware


def htmx_login_redirect(get_response):
    """htmx swaps a redirect's target into the page; an anonymous htmx request is sent
    to the login page as a whole instead (HX-Redirect)."""

    def middleware(request):
        response = get_response(request)
        login_url = resolve_url(settings.LOGIN_URL)
        if (
            request.headers.get("HX-Request")
            and response.status_code == 302
            and response["Location"].startswith(login_url)
        ):
            redirect_response = HttpResponse(status=204)
            redirect_response["HX-Redirect"] = response["Location"]
            return redirect_response
        return response

    return middleware


# The help (/hilfe/) too: it explains how to set the second factor up.
MFA_FREE_PREFIXES = ("/accounts/2fa/", "/accounts/logout/", "/accounts/reauthenticate/",
                     "/static/", "/i18n/", "/hilfe/")  # fmt: skip


def require_mfa(get_response):
    """Send coordinators and superusers without TOTP to set it up before anything else."""

    def middleware(request):
        if (
            not request.path.startswith(MFA_FREE_PREFIXES)
            and request.user.is_authenticated
            and request.user.must_use_second_factor()
            and not Authenticator.objects.filter(
                user=request.user, type=Authenticator.Type.TOTP
            ).exists()
        ):
            url = reverse("mfa_activate_totp")
            if request.headers.get("HX-Request"):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = url
                return response
            return redirect(url)
        return get_response(request)

    return middleware


def request_id(get_response):
    """Every request gets an id (the proxy's X-Request-ID if well-formed): in each log
    line written while it runs, and in the response's X-Request-ID header."""

    def middleware(request):
        request.request_id = request_id_from(request.headers.get("X-Request-ID", ""))
        token = current.set(request.request_id)
        try:
            response = get_response(request)
        finally:
            current.reset(token)
        response["X-Request-ID"] = request.request_id
        return response

    return middleware
