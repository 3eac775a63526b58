"""The on-duty rotation: model, rotation queries, timeline, calendar, iCalendar and storage."""
