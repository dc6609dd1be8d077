"""English dates the portal's readers cannot misread: Django's English writes
12/06/2026, which a German reads as 12 June; the portal writes "06 Dec 2026" with
the month's name, and times on the 24-hour clock as beside the German ones (a
meeting "09:00 – 11:00", never "9 a.m. – 11:00"). Numbers and everything not named
here stay Django's English."""

DATE_FORMAT = "j F Y"  # 6 December 2026
SHORT_DATE_FORMAT = "d M Y"  # 06 Dec 2026 (aligned in tables, like 06.12.2026)
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "d M Y H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1  # Monday, as in Germany

# What a date field reads: ISO (the date picker's value and the admin's), and what the
# pages show. Not Django's English month-first 12/06/2026, which would read a German's
# 12 June as 6 December.
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",
    "%d %b %Y",  # 06 Dec 2026
    "%d %B %Y",  # 6 December 2026
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%d %b %Y %H:%M",  # 06 Dec 2026 09:05
    "%d %B %Y %H:%M",
]
