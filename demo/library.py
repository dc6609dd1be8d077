"""The library of measures in the demo (issue 34): the municipalities' sizes, so the
library's size classes show, and Westfalen Weser 1 sharing its completed measures with
a contact, so Senne's people see them anonymised beside their own."""

from measures.models import MeasureSettings
from measures.services import set_library_sharing
from networks.models import Municipality, Network, User

# Residents, rounded (after Destatis, about 2022); by the municipality key (AGS).
POPULATIONS = {
    "05762000": 140_000, "05762004": 19_000, "05762008": 13_000, "05762012": 8_800,
    "05762016": 16_000, "05762020": 29_000, "05762028": 6_000, "05762032": 12_500,
    "05762036": 23_000, "05762040": 8_000, "05774000": 310_000, "05774004": 9_000,
    "05774008": 16_500, "05774012": 14_000, "05774016": 21_500, "05774020": 32_500,
    "05774024": 16_800, "05774028": 10_800, "05774036": 25_500, "05774040": 12_500,
    "05754016": 25_000, "05754032": 30_000, "05754036": 27_000, "05754040": 20_500,
    "05754044": 26_000,
}  # fmt: skip
CONTACT = "koordination@example.org (Westfalen Weser, Demo)"


def load_library(*, network: Network, coordinator: User) -> None:
    """Give the demo's municipalities their sizes (where they have none) and let the
    network share its measures in the library, as its coordination would."""
    for ags, population in POPULATIONS.items():
        Municipality.objects.filter(ags=ags, population__isnull=True).update(population=population)
    settings = MeasureSettings.for_network(network)
    if not settings.library_shared:
        set_library_sharing(
            network=network,
            user=coordinator,
            shared=True,
            contact=CONTACT,
            base_version=settings.version,
        )
