"""The newsroom's people: profiles and bylines, personal time zones, notifications, presence."""
