"""Invitations into roles: a coordinator invites, revokes and re-sends; the invited
person accepts through the link."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from networks.access import require_inviter
from networks.forms import AcceptInvitationForm, InvitationForm
from networks.models import Invitation, User
from networks.services import (
    InvitationError,
    accept_invitation,
    find_invitation,
    invite,
    resend_invitation,
    revoke_invitation,
)


@login_required
def invitations(request):
    require_inviter(request.user)
    form = InvitationForm(request.POST or None, inviter=request.user)
    if request.method == "POST" and form.is_valid():
        invitation = invite(inviter=request.user, invitation=form.instance)
        messages.success(
            request, _("Die Einladung an %(email)s wird verschickt.") % {"email": invitation.email}
        )
        return redirect("invitations")
    listed = Invitation.objects.managed_by(request.user).select_related(
        "organisation", "network", "municipality", "invited_by"
    )
    return render(request, "networks/invitations.html", {"form": form, "invitations": listed})


def _invitation_action(request, pk: int, action) -> object:
    invitation = get_object_or_404(Invitation.objects.managed_by(request.user), pk=pk)
    try:
        invitation = action(invitation=invitation, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if request.htmx:
        return render(request, "networks/invitations.html#row", {"invitation": invitation})
    return redirect("invitations")


@login_required
@require_POST
def invitation_revoke(request, pk: int):
    return _invitation_action(request, pk, revoke_invitation)


@login_required
@require_POST
def invitation_resend(request, pk: int):
    return _invitation_action(request, pk, resend_invitation)


def invitation_accept(request, token: str):
    try:
        invitation = find_invitation(token)
    except InvitationError as error:
        return render(
            request,
            "networks/invitation_invalid.html",
            {"state": error.state},
            status=404 if error.state == "invalid" else 410,
        )
    existing = User.objects.filter(email__iexact=invitation.email).exists()
    form = None if existing else AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            user = accept_invitation(
                token=token,
                name=form.cleaned_data["name"] if form else "",
                password=form.cleaned_data["password1"] if form else None,
                language=request.LANGUAGE_CODE,
            )
        except InvitationError as error:
            return render(
                request, "networks/invitation_invalid.html", {"state": error.state}, status=410
            )
        if existing:
            messages.success(
                request, _("Die Rolle ist Ihrem Konto hinzugefügt. Bitte melden Sie sich an.")
            )
            return redirect("account_login")
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Willkommen! Ihr Konto ist eingerichtet."))
        return redirect("start")
    return render(
        request,
        "networks/invitation_accept.html",
        {"invitation": invitation, "form": form, "existing": existing},
    )
