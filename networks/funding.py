"""The funding block: the ministry, programme, funding agency, code and notice of a
network's grant, with its funder's logos, printed the same on every page and PDF
that shows it (templates/includes/funding_block.html): the report's cover, the
mayor's report, the public page and the meeting record.

The PDFs load each logo as an image made for the document (lib.pdf's `images`), read
from the project's own storage here: WeasyPrint fetches nothing."""

import re
from dataclasses import dataclass, replace

from django.core.files.storage import default_storage
from django.urls import reverse

from networks.models import LOGO_FOLDER, Network, OrganisationLogo

# A stored logo's name as logo_path makes it; nothing else is ever read.
STORED_LOGO = re.compile(rf"^{re.escape(LOGO_FOLDER)}/[0-9a-f]{{32}}\.(png|jpg)$")


@dataclass(frozen=True)
class FundingLogo:
    """A logo as the block shows it: the stored file's name, its text alternative and,
    on pages, its address (empty in a report's figures, which keep no addresses)."""

    file: str
    alt: str
    url: str = ""

    @property
    def print_name(self) -> str:
        """The name the PDF loads the logo by (see logo_images)."""
        return "logo-" + self.file.rsplit("/", 1)[-1]

    def to_json(self) -> dict:
        return {"file": self.file, "alt": self.alt}

    @classmethod
    def from_json(cls, data: dict) -> "FundingLogo":
        return cls(file=data["file"], alt=data["alt"])


@dataclass(frozen=True)
class Funding:
    ministry: str
    programme: str
    agency: str
    code: str
    notice: str
    logos: tuple[FundingLogo, ...] = ()


def funding_ministry(network: Network) -> str:
    """The ministry as the notice names it; a network that names none, its funder's
    name (what the report's cover printed before the ministry was asked for)."""
    if network.funding_ministry:
        return network.funding_ministry
    return network.funder.name if network.funder_id else ""


def funder_logos(network: Network) -> tuple[FundingLogo, ...]:
    if not network.funder_id:
        return ()
    return tuple(
        FundingLogo(
            file=logo.image.name,
            alt=network.funder.name,
            url=reverse("funder_logo", args=[network.slug, logo.pk]),
        )
        for logo in OrganisationLogo.objects.filter(organisation_id=network.funder_id)
    )


def funding_of(network: Network) -> Funding:
    """The network's funding block as it stands."""
    return Funding(
        ministry=funding_ministry(network),
        programme=network.funding_programme,
        agency=network.funding_agency,
        code=network.funding_code,
        notice=network.funding_notice,
        logos=funder_logos(network),
    )


def for_print(funding: Funding) -> tuple[Funding, dict[str, bytes]]:
    """The block for a PDF and its logos as images made for it (lib.pdf's `images`,
    by print_name), read from the storage; a logo no longer stored is left out."""
    images = {}
    for logo in funding.logos:
        if not STORED_LOGO.match(logo.file) or not default_storage.exists(logo.file):
            continue
        with default_storage.open(logo.file, "rb") as file:
            images[logo.print_name] = file.read()
    kept = tuple(logo for logo in funding.logos if logo.print_name in images)
    return replace(funding, logos=kept), images
