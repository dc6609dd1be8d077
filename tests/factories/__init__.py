"""factory_boy factories shared by the whole suite, one module per app. Defaults are
plain and valid; everything is importable from here (`from tests.factories import X`)."""

from tests.factories.events import (
    ActionItemFactory,
    AgendaItemFactory,
    AttendanceFactory,
    DecisionFactory,
    InviteeFactory,
    MeetingFactory,
    MinutesFactory,
    in_two_weeks,
)
from tests.factories.finances import (
    BudgetLineFactory,
    CallOffFactory,
    GrantFactory,
    ReceiptFactory,
)
from tests.factories.measures import (
    EmissionFactorFactory,
    EnergyCarrierFactory,
    MeasureFactory,
    energy,
)
from tests.factories.networks import (
    PASSWORD,
    FocusAreaFactory,
    MunicipalityFactory,
    NetworkFactory,
    NetworkPhotoFactory,
    OrganisationFactory,
    ParticipationFactory,
    UserFactory,
    coordinator_of,
    png_upload,
)
from tests.factories.portal import LEFT_EMPTY, ReportFactory

__all__ = [
    "LEFT_EMPTY",
    "PASSWORD",
    "ActionItemFactory",
    "AgendaItemFactory",
    "AttendanceFactory",
    "BudgetLineFactory",
    "CallOffFactory",
    "DecisionFactory",
    "EmissionFactorFactory",
    "energy",
    "EnergyCarrierFactory",
    "FocusAreaFactory",
    "GrantFactory",
    "InviteeFactory",
    "MeasureFactory",
    "MeetingFactory",
    "MinutesFactory",
    "MunicipalityFactory",
    "NetworkFactory",
    "NetworkPhotoFactory",
    "OrganisationFactory",
    "ParticipationFactory",
    "ReceiptFactory",
    "ReportFactory",
    "UserFactory",
    "coordinator_of",
    "in_two_weeks",
    "png_upload",
]
