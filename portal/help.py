"""Which section of the guide (docs/, served under /hilfe/) helps on which page.

A page's URL name maps to a section, or to one per role where the role guides
differ: a person with several roles gets the guide of the first of ROLE_ORDER they
hold, anyone else (administrators, people without a role, visitors) the DEFAULT one.
tests/portal/test_help.py checks that every section exists in the built site.
"""

from collections.abc import Collection

from django.urls import reverse

from networks.models import Role

DEFAULT = "default"
# The role whose guide a person with several roles reads first: who does the most.
ROLE_ORDER = (Role.COORDINATOR, Role.SERVICE_PROVIDER, Role.CLIMATE_MANAGER, Role.FINANCE,
              Role.FUNDER)  # fmt: skip

START = {
    Role.COORDINATOR: "rollen/koordination/#startseite",
    Role.SERVICE_PROVIDER: "rollen/dienstleister/#was-sie-sehen",
    Role.CLIMATE_MANAGER: "rollen/klimaschutzmanagement/#startseite",
    Role.FINANCE: "rollen/finanzen/#uebersicht",
    Role.FUNDER: "rollen/foerdermittelgeber/#startseite",
    DEFAULT: "rollen/#navigation",
}
NETWORK = {
    Role.COORDINATOR: "rollen/koordination/#kommunen",
    Role.SERVICE_PROVIDER: "rollen/dienstleister/#was-sie-sehen",
    Role.FUNDER: "rollen/foerdermittelgeber/#netzwerkseite",
    DEFAULT: "rollen/#navigation",
}
MEASURES = {
    Role.COORDINATOR: "rollen/koordination/#massnahmen",
    DEFAULT: "rollen/klimaschutzmanagement/#massnahmen-finden",
}
MEASURE = {
    Role.COORDINATOR: "rollen/koordination/#massnahmen",
    DEFAULT: "rollen/klimaschutzmanagement/#massnahme-pflegen",
}
MEASURE_FORM = {
    Role.COORDINATOR: "rollen/koordination/#massnahmen",
    DEFAULT: "rollen/klimaschutzmanagement/#massnahme-erfassen",
}
MEETINGS = {
    Role.COORDINATOR: "rollen/koordination/#treffen",
    Role.SERVICE_PROVIDER: "rollen/dienstleister/#treffen-vorbereiten",
    Role.FUNDER: "rollen/foerdermittelgeber/#treffen",
    DEFAULT: "rollen/klimaschutzmanagement/#treffen",
}
REPORTS = {
    Role.COORDINATOR: "rollen/koordination/#berichte",
    Role.CLIMATE_MANAGER: "rollen/klimaschutzmanagement/#zahlen-bestaetigen",
    DEFAULT: "rollen/foerdermittelgeber/#berichte",
}
FINANCES = {
    Role.FUNDER: "rollen/foerdermittelgeber/#finanzen",
    DEFAULT: "rollen/finanzen/#uebersicht",
}
LIBRARY = {
    Role.COORDINATOR: "rollen/koordination/#oeffentlichkeit",
    DEFAULT: "rollen/klimaschutzmanagement/#bibliothek",
}

SECTIONS: dict[str, str | dict[str, str]] = {
    "home": "rollen/#zugang",
    "start": START,
    "network": NETWORK,
    "measure_list": MEASURES,
    "measure": MEASURE,
    "measure_new": MEASURE_FORM,
    "measure_edit": MEASURE_FORM,
    "meeting_list": MEETINGS,
    "network_meetings": MEETINGS,
    "meeting": MEETINGS,
    "report_list": REPORTS,
    "report": REPORTS,
    "finances": FINANCES,
    "receipts": "rollen/finanzen/#belege",
    "measure_library": LIBRARY,
    "recruitment": "rollen/koordination/#gewinnung",
}


def section_for(url_name: str | None, roles: Collection[str]) -> str | None:
    """The guide's section ("rollen/koordination/#treffen") for this page and a person
    holding these roles (read only on the pages whose section depends on the role)."""
    section = SECTIONS.get(url_name or "")
    if section is None or isinstance(section, str):
        return section
    for role in ROLE_ORDER:
        if role in section and role in roles:
            return section[role]
    return section[DEFAULT]


def help_url(section: str) -> str:
    page, _, anchor = section.partition("#")
    return reverse("help", args=[page]) + (f"#{anchor}" if anchor else "")
