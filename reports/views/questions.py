"""What the reports page asks before issuing (lib.confirm): the form shows the question
in a dialog, the view asks it on a page without JavaScript."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lib.confirm import Question
from networks.models import Membership


def recipient(membership: Membership) -> str:
    """A funder as the page and the question name them: name and address."""
    user = membership.user
    name = user.get_full_name()
    return f"{name} ({user.email})" if name else user.email


def issue_question(funders: list[Membership]) -> Question:
    """`funders`: whom issuing mails (reports.issuing.funders_to_notify)."""
    fixed = _(
        "Die Zahlen und Texte werden festgehalten; ändern lässt sich der Bericht danach nur "
        "durch eine neue Fassung."
    )
    if not funders:
        return Question(
            title=_("Bericht ausstellen?"),
            consequence=fixed + " "
            + _("Das Netzwerk hat keine Fördermittelgeber im Portal; niemand wird benachrichtigt."),
            confirm=_("Ja, ausstellen"),
        )  # fmt: skip
    mailed = ngettext(
        "Sofort per E-Mail benachrichtigt wird: %(people)s.",
        "Sofort per E-Mail benachrichtigt werden: %(people)s.",
        len(funders),
    ) % {"people": ", ".join(recipient(funder) for funder in funders)}
    return Question(
        title=_("Bericht ausstellen?"),
        consequence=f"{fixed} {mailed}",
        confirm=_("Ja, ausstellen und benachrichtigen"),
    )
