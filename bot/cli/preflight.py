"""Everything `vaktbot run` builds from the config, built once before the service starts.

`vaktbot check-config` and every command that opens the app (`run`, `tick`, `send`, …) call
:func:`checked_config`, so whatever the service would refuse, `check-config` refuses first, with
the key and a hint, and no traceback ever reaches the admin. The YAML schema and the cross-key
rules live in :mod:`bot.config`; this module adds what only the built objects can tell (the
rotation answering "who is on duty" through a whole year, the scheduler's job list, the public
holiday calendar of the configured country and region).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from bot.config import Config, ConfigError, load_config
from bot.duty.rotation import duty_at
from bot.duty.store import rotation_from_config
from scheduler.jobs import all_jobs

PROBE_HOURS = (time(3), time(8, 30), time(12), time(17, 30), time(22))


def preflight(config: Config, today: date) -> list[str]:
    """Problems the running service would hit, as 'key: what is wrong' lines."""
    problems: list[str] = []
    org = config.organisation
    calendar = config.work_calendar()
    try:
        for year in (today.year, today.year + 1):
            calendar.holidays_between(date(year, 1, 1), date(year, 12, 31))
    except (NotImplementedError, KeyError, ValueError) as exc:
        where = "organisation.subdivision" if org.subdivision else "organisation.country"
        problems.append(f"{where}: no public-holiday calendar for it ({exc})")
        return problems
    try:
        rotation = rotation_from_config(config)
    except ValueError as exc:
        problems.append(f"rotation: {exc}")
        rotation = None
    if rotation is not None:
        for offset in range(370):  # a year of "who is on duty", five times a day
            day = today + timedelta(days=offset)
            for at in PROBE_HOURS:
                t = calendar.local(day, at).astimezone(UTC)
                try:
                    duty_at(rotation, t)
                except (ValueError, LookupError, AssertionError) as exc:
                    problems.append(f"rotation: cannot tell who is on duty on {day} ({exc})")
                    break
            else:
                continue
            break
    try:
        all_jobs(config)
    except ValueError as exc:
        problems.append(f"scheduler: {exc}")
    return problems


def checked_config(path: str | Path, now: datetime) -> Config:
    """Load the config and refuse (ConfigError) whatever the service could not run with."""
    config = load_config(path)
    problems = preflight(config, now.astimezone(config.work_calendar().zone).date())
    if problems:
        raise ConfigError(str(path), problems)
    return config
