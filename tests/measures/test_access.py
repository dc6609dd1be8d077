import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from measures.access import get_participations_to_log

pytestmark = pytest.mark.django_db


def test_a_climate_manager_logs_measures_for_their_own_municipality_only(personas):
    participations = get_participations_to_log(personas.climate_manager_a)
    assert list(participations) == [personas.participation_a]


def test_a_funder_may_log_no_measures(personas):
    with pytest.raises(PermissionDenied):
        get_participations_to_log(personas.funder)


def test_an_outsider_is_told_nothing_exists(personas):
    with pytest.raises(Http404):
        get_participations_to_log(personas.outsider)
