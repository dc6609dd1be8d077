"""measures.access.require_measure_logger: who may log new measures."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from measures.access import require_measure_logger

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("module_personas", "running_networks"),
]


def test_a_climate_manager_logs_into_their_participations(personas):
    assert list(require_measure_logger(personas.climate_manager_a)) == [personas.participation_a]


def test_a_funder_may_not_log_measures(personas):
    with pytest.raises(PermissionDenied):
        require_measure_logger(personas.funder)


def test_an_outsider_does_not_learn_the_page_exists(personas):
    with pytest.raises(Http404):
        require_measure_logger(personas.outsider)
