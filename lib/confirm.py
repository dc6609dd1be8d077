"""Irreversible actions ask first: cancelling a meeting, finalising minutes, deleting
a document or an agenda item, removing a municipality from a network.

The action's form carries the question (`{% include "includes/confirm_attrs.html" %}`
puts it into `data-confirm…` attributes). With JavaScript, `static/js/confirm.js`
shows it in a native `<dialog>` and sends the form confirmed; without, the view
answers the unconfirmed POST with a page that asks the same question (`ask_first`)
and sends the same fields again, confirmed. The question is written once, where the
view builds it, and shown the same way both times.
"""

from dataclasses import dataclass

from django.shortcuts import render

CONFIRMED = "bestaetigt"


@dataclass(frozen=True)
class Question:
    """What the person is asked: a title ("Treffen absagen?"), what will happen ("15
    Eingeladene erhalten eine Absage."), and the confirming button ("Ja, absagen")."""

    title: str
    consequence: str
    confirm: str


def ask_first(request, question: Question, *, back_url: str):
    """None once the person has confirmed; else the page that asks, to answer with."""
    if request.POST.get(CONFIRMED) == "1":
        return None
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", CONFIRMED)
        for value in values
    ]
    response = render(
        request,
        "includes/confirm_page.html",
        {"question": question, "action": request.path, "fields": fields, "back_url": back_url},
    )
    if request.htmx:  # the page, not a fragment in the table the form sat in
        response["HX-Retarget"] = "body"
        response["HX-Reswap"] = "outerHTML"
        response["HX-Push-Url"] = "false"
    return response
