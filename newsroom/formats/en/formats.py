"""The newsroom's one way of writing a date-time in the admin: "29 Nov 2026, 14:02 ICT".

Always the day, the month's short name, the year, the 24-hour time and the zone's name, in the zone the
editor reads in (the newsroom's ``TIME_ZONE`` or their own). The zone's name ("T") comes from
``articles.people.timezones.NamedZone``, which the admin activates, so "ICT" rather than the tz
database's "+07". ``articles.people.timezones.local_moment`` writes it outside templates.
"""

DATETIME_FORMAT = "j M Y, H:i T"
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "j M Y"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
TIME_FORMAT = "H:i"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d %b %Y", "%d/%m/%Y"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d"]
TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M"]
