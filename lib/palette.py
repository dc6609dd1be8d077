"""The charts' colours, in one place, so a colour means one thing in every chart of the
portal and of its reports: greens and greys for a measure's status (and the savings of
completed measures), other hues for focus areas, never the other way round. Imports no
app of the project.

Every colour has at least 3:1 contrast against white (WCAG 1.4.11, graphical objects);
the target's light fill is drawn with an outline that has. Adjacent segments are parted
by a thin white line, and each chart has a legend and a text alternative, so no figure
depends on telling two colours apart.
"""

# A measure's status (Measure.Status values), from planned to completed, then the ones
# that stopped: slate, mid green, dark green, greys.
STATUS_COLOURS = {
    "planned": "#6B7F99",
    "in_progress": "#3F8F5A",
    "completed": "#14452F",
    "postponed": "#8A8A8A",
    "cancelled": "#3B3B3B",
}

# Savings against a target: the target as a light bar with an outline, the savings
# achieved (those of completed measures) in the colour of "completed".
TARGET_FILL = "#C9DDD0"
TARGET_OUTLINE = "#3F8F5A"
ACHIEVED = STATUS_COLOURS["completed"]

# Focus areas: hues no status uses (Okabe–Ito's blue, vermillion and reddish purple,
# darkened where they fell short of 3:1, then violet, ochre, crimson, brown). A focus area
# keeps its colour in every chart and report: it is chosen by the area's place in the
# catalogue (focus_area_colour), not by its place in one chart.
FOCUS_AREA_COLOURS = [
    "#0072B2",
    "#C45100",
    "#A8437F",
    "#6A4C9C",
    "#8A6A00",
    "#B3202C",
    "#5C4033",
]

# Lines and text of the charts.
GRID = "#CCCCCC"
AXIS = "#555555"
TEXT = "#1A1A1A"


def status_colour(status: str) -> str:
    return STATUS_COLOURS[status]


def focus_area_colour(rank: int) -> str:
    """The colour of the focus area at this place (0, 1, …) of the catalogue, in the
    order the areas were created; repeats after the last, among focus areas only."""
    return FOCUS_AREA_COLOURS[rank % len(FOCUS_AREA_COLOURS)]
