"""Run every job fire time that has come, exactly once (the scheduler's one code path)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import select

from bot.app import App
from bot.store.models import JobRun
from scheduler import Job, all_jobs

log = logging.getLogger("vaktbot.scheduler")

FIRST_LOOKBACK = timedelta(minutes=1)


def _fire_times(job: Job, after: datetime, until: datetime) -> list[datetime]:
    """Fire times of the job's trigger in (after, until]."""
    times: list[datetime] = []
    prev: datetime | None = None
    cursor = after + timedelta(microseconds=1)
    while len(times) < 10_000:
        nxt = job.trigger.get_next_fire_time(prev, cursor)
        if nxt is None or nxt > until:
            break
        if nxt > after:
            times.append(nxt)
        prev = nxt
        cursor = nxt + timedelta(microseconds=1)
    return times


class Runner:
    """Knows each job's next fire time in memory, so idle ticks cost no database round trip."""

    def __init__(self, app: App, jobs: list[Job] | None = None):
        self.app = app
        self.jobs = jobs if jobs is not None else all_jobs(app.config)
        self._last: dict[str, datetime] | None = None
        self._next: dict[str, datetime | None] = {}

    def _load(self, at: datetime) -> dict[str, datetime]:
        if self._last is None:
            with self.app.sessions() as s:
                rows = {r.name: r.last_fire_at for r in s.scalars(select(JobRun))}
            self._last = {j.name: rows.get(j.name, at - FIRST_LOOKBACK) for j in self.jobs}
            for j in self.jobs:
                self._next[j.name] = j.trigger.get_next_fire_time(
                    None, self._last[j.name] + timedelta(microseconds=1)
                )
        return self._last

    def next_due(self, at: datetime) -> datetime | None:
        self._load(at)
        pending = [t for t in self._next.values() if t is not None]
        return min(pending) if pending else None

    async def run_due(self, at: datetime) -> list[tuple[str, datetime]]:
        """Run each job whose fire time is <= at; missed fires coalesce into the latest one."""
        last = self._load(at)
        fired: list[tuple[str, datetime]] = []
        for job in self.jobs:
            nxt = self._next.get(job.name)
            if nxt is None or nxt > at:
                continue
            times = _fire_times(job, last[job.name], at)
            if not times:
                continue
            fire = times[-1]  # coalesce: run once for the latest missed fire
            if (at - fire).total_seconds() > job.misfire_grace_seconds:
                log.warning("skipping a fire outside the grace time", extra={"job": job.name})
                self._record(job.name, fire)
            elif not await self._run(job, fire):
                continue  # failed: not recorded, retried next tick
            else:
                fired.append((job.name, fire))
                if job.run is None:
                    self._record(job.name, fire)
            last[job.name] = fire
            self._next[job.name] = job.trigger.get_next_fire_time(
                fire, fire + timedelta(microseconds=1)
            )
        return fired

    def _record(self, name: str, fire: datetime) -> None:
        with self.app.sessions.begin() as s:
            s.merge(JobRun(name=name, last_fire_at=fire))

    async def _run(self, job: Job, fire: datetime) -> bool:
        try:
            if job.run is not None:
                with self.app.sessions.begin() as s:
                    # the row lock makes a second replica wait for our commit, then skip
                    row = s.get(JobRun, job.name, with_for_update=True)
                    if row is not None and row.last_fire_at >= fire:
                        return True  # another replica already ran this fire
                    # jobs may read their previous fire from job_runs: record it afterwards
                    job.run(self.app, s, fire)
                    if row is None:
                        s.add(JobRun(name=job.name, last_fire_at=fire))
                    else:
                        row.last_fire_at = fire
            elif job.arun is not None:
                await job.arun(self.app, fire)
            return True
        except Exception:
            log.exception("job failed", extra={"job": job.name, "fire": fire.isoformat()})
            return False
