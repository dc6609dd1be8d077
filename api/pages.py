"""The account's page of personal API tokens: create one (its secret shown once),
see when each was last used, revoke one. Works without JavaScript."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from api.forms import TokenForm
from api.models import ApiToken
from api.services import create_token, revoke_token


@login_required
def tokens(request):
    form = TokenForm(request.POST or None)
    created = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                token, key = create_token(user=request.user, **form.cleaned_data)
            except ValidationError as error:  # as many active tokens as allowed
                form.add_error(None, error)
            else:
                # Shown in this response only: not stored, not put in the session or a URL.
                created = {"token": token, "key": key}
                form = TokenForm()
        if created is None:
            status = 422
    context = {
        "form": form,
        "created": created,
        "tokens": ApiToken.objects.filter(user=request.user),
        "limit": settings.API_TOKENS_PER_PERSON,
    }
    return render(request, "api/tokens.html", context, status=status)


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)  # others' tokens: 404
    revoke_token(token=token, user=request.user)
    messages.success(
        request, _("Der API-Schlüssel „%(name)s“ ist widerrufen.") % {"name": token.name}
    )
    return redirect("api_tokens")
