"""The demo's open data: the first network, ended and public, publishes its measures
under the default licence (Datenlizenz Deutschland – Namensnennung 2.0).

Published through the service, as its coordination would on the network's open-data
page, once: a network that has a publication row already (published, or withdrawn by
somebody trying the demo) keeps it when the seed runs again.
"""

from networks.models import Network, User
from opendata.models import Licence, Publication
from opendata.services import set_publication


def load_open_data(*, network: Network) -> None:
    if Publication.objects.filter(network=network).exists():
        return
    set_publication(
        network=network,
        user=User.objects.get(email="koordination@example.org"),
        publish=True,
        licence=Licence.DL_BY_DE_2,
        base_version=0,
    )
