"""A series of network meetings on the same weekday of the month."""

import calendar
import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from events.access import require_moderator
from events.models import (
    Meeting,
)
from networks.models import Network, User

# A series covers a term of a few years; more meetings at once are a typing mistake.
MAX_SERIES = 40


def nth_weekday(year: int, month: int, weekday: int, n: int) -> datetime.date:
    """The n-th (1–4) given weekday of a month; 5 means the last one."""
    days = [
        day
        for day in calendar.Calendar().itermonthdates(year, month)
        if day.month == month and day.weekday() == weekday
    ]
    return days[min(n, len(days)) - 1] if n < 5 else days[-1]


def series_dates(
    *, first: datetime.date, interval_months: int, until: datetime.date, limit: int
) -> list[datetime.date]:
    """Dates every `interval_months` months on the weekday of `first` in the same
    position of the month (the 2nd Tuesday, or the last Friday), from `first` to `until`,
    at most `limit` of them: the work stays small however far away `until` is."""
    weekday = first.weekday()
    n = 5 if (first + datetime.timedelta(days=7)).month != first.month else (first.day + 6) // 7
    dates = []
    index = 0
    while True:
        months = first.month - 1 + index * interval_months
        day = nth_weekday(first.year + months // 12, months % 12 + 1, weekday, n)
        if day > until or len(dates) == limit:
            return dates
        dates.append(day)
        index += 1


@dataclass
class SeriesPlan:
    network: Network
    title: str  # "{n}" is replaced by the running number of network meetings
    dates: list[datetime.date]
    start_time: datetime.time
    end_time: datetime.time
    venue: str
    address: str
    online_url: str
    moderator: User


def create_series(*, plan: SeriesPlan, user: User) -> list[Meeting]:
    """Create ordinary network meetings on every date of the plan, all or none."""
    require_moderator(user, plan.network.pk)
    zone = timezone.get_default_timezone()
    with transaction.atomic():
        number = plan.network.meetings.filter(kind=Meeting.Kind.NETWORK_MEETING).count()
        meetings = []
        for day in plan.dates:
            number += 1
            meeting = Meeting(
                network=plan.network,
                kind=Meeting.Kind.NETWORK_MEETING,
                title=plan.title.replace("{n}", str(number)),
                starts_at=datetime.datetime.combine(day, plan.start_time, tzinfo=zone),
                ends_at=datetime.datetime.combine(day, plan.end_time, tzinfo=zone),
                venue=plan.venue,
                address=plan.address,
                online_url=plan.online_url,
                moderator=plan.moderator,
                created_by=user,
            )
            meeting.full_clean()
            meeting.save()
            meetings.append(meeting)
    return meetings
