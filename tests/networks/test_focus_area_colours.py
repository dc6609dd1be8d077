"""Each focus area keeps one chart colour (lib.palette), whichever others a chart shows,
and no focus area takes a status's colour."""

import pytest

from lib.palette import FOCUS_AREA_COLOURS, STATUS_COLOURS
from networks.models import FocusArea, focus_area_colours
from tests.factories import FocusAreaFactory

pytestmark = pytest.mark.django_db


def test_a_focus_area_keeps_its_colour_when_another_is_added_before_it_in_order():
    FocusArea.objects.all().delete()
    lighting = FocusAreaFactory(name="Beleuchtung", name_en="Lighting", ordering=5)
    heat = FocusAreaFactory(name="Wärme", ordering=9)
    before = focus_area_colours()
    FocusAreaFactory(name="Abwasser", ordering=1)  # sorts first, created last
    after = focus_area_colours()
    assert before == {
        "Beleuchtung": FOCUS_AREA_COLOURS[0],
        "Lighting": FOCUS_AREA_COLOURS[0],
        "Wärme": FOCUS_AREA_COLOURS[1],
    }
    assert after[lighting.name] == before[lighting.name]
    assert after[heat.name] == before[heat.name]
    assert after["Abwasser"] == FOCUS_AREA_COLOURS[2]


def test_focus_areas_and_statuses_share_no_colour():
    assert not set(FOCUS_AREA_COLOURS) & set(STATUS_COLOURS.values())
