"""The networks app's models, one module per concept. Other code and the migrations
import them from here (`from networks.models import Network`).

The modules import each other in one direction, never in a circle (a test checks
it): roles at the bottom; people, organisations, places, focus areas and factor sets;
memberships (a role with its scope) and logos on organisations; networks on memberships and the
factor sets; participations on networks; invitations, photos and recruitment on top.
Relations that point back down use Django's string references ("networks.Network").
"""

from networks.models.factors import (
    PROGRAMME_FACTOR_SET,
    FactorSet,
    FactorSetQuerySet,
    gas_of,
    programme_factor_set,
    unit_of,
)
from networks.models.focus_areas import (
    ENGLISH_NAME_HELP,
    FocusArea,
    NamedInTwoLanguages,
    focus_area_colours,
    name_for_reader,
)
from networks.models.invitations import Invitation, InvitationQuerySet
from networks.models.logos import LOGO_FOLDER, OrganisationLogo, logo_path
from networks.models.memberships import Membership, MembershipQuerySet, RoleScope
from networks.models.networks import Network, NetworkQuerySet
from networks.models.organisations import Organisation, OrganisationQuerySet
from networks.models.participations import (
    TARGET_FIELDS,
    Participation,
    ParticipationQuerySet,
    negative_targets,
)
from networks.models.people import User, UserManager
from networks.models.photos import NetworkPhoto, photo_path
from networks.models.places import FederalState, Municipality
from networks.models.recruitment import Prospect, letter_path
from networks.models.roles import ROLE_OF_A_PERSON, Role

__all__ = [
    "ENGLISH_NAME_HELP",
    "LOGO_FOLDER",
    "PROGRAMME_FACTOR_SET",
    "ROLE_OF_A_PERSON",
    "TARGET_FIELDS",
    "FactorSet",
    "FactorSetQuerySet",
    "FederalState",
    "FocusArea",
    "Invitation",
    "InvitationQuerySet",
    "Membership",
    "MembershipQuerySet",
    "Municipality",
    "NamedInTwoLanguages",
    "Network",
    "NetworkPhoto",
    "NetworkQuerySet",
    "Organisation",
    "OrganisationLogo",
    "OrganisationQuerySet",
    "Participation",
    "ParticipationQuerySet",
    "Prospect",
    "Role",
    "RoleScope",
    "User",
    "UserManager",
    "focus_area_colours",
    "gas_of",
    "letter_path",
    "logo_path",
    "name_for_reader",
    "negative_targets",
    "photo_path",
    "programme_factor_set",
    "unit_of",
]
