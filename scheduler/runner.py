"""Run every job fire time that has come, exactly once (the scheduler's one code path).

Fire times are computed on UTC instants. APScheduler's triggers work in the team's zone; adding
to a local datetime loses the ``fold`` of the repeated hour in October, so a cursor kept in
local time can step back an hour and never arrive (the service once froze at the autumn clock
change). Here every cursor is UTC and every step must move forward, or the runner says why.

Each tick does a bounded amount of work: missed fires coalesce into the latest one, found by
searching back from the tick in growing windows, so a service that was down for weeks catches
up once per job, not minute by minute.

A runner made with ``skip_idle=True`` (`vaktbot demo`) also asks the jobs that have a
``next_work`` hint when they next have work and skips their idle fires: it neither runs nor
records them, and ``next_due`` answers the first fire with work. Everything else is the same
code path; a skipped fire is one the job would have spent doing nothing. Call ``touch(topic)``
after storing something a hint reads ("comments": new comments or button presses;
"deliveries": a delivery failed or was put off; "plan": snoozes), so it is asked again; a run
of any job asks every hint again.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.app import App
from bot.store.models import JobRun
from bot.store.upsert import claim_fire, insert_ignore
from scheduler.job import Job
from scheduler.jobs import all_jobs

log = logging.getLogger("vaktbot.scheduler")

FIRST_LOOKBACK = timedelta(minutes=1)
TICK = timedelta(microseconds=1)
FIRST_WINDOW = timedelta(minutes=1)
MAX_STEPS = 10_000  # a safety net; the search below needs a handful of steps per job


class TriggerStalled(RuntimeError):
    """A trigger answered a fire time that is not after the cursor (a bug, never a loop)."""


def _wall_clock_hours(trigger: Any) -> bool:
    """A cron trigger with fixed hours ("08:00 every day") names a wall-clock time: in the
    repeated hour of October it must fire once, not twice. Sub-hourly jobs run in both."""
    for f in getattr(trigger, "fields", ()):
        if f.name == "hour":
            return not f.is_default and str(f) != "*"
    return False


def next_fire(trigger: Any, after: datetime) -> datetime | None:
    """The first fire time strictly after ``after``, as a UTC instant (None: never again)."""
    cursor = after.astimezone(UTC)
    wall_clock = _wall_clock_hours(trigger)
    for _ in range(4):  # at most one repeated-hour fire is skipped
        nxt = trigger.get_next_fire_time(None, cursor + TICK)
        if nxt is None:
            return None
        if nxt.astimezone(UTC) <= cursor:
            raise TriggerStalled(f"{trigger} answered {nxt.isoformat()} after {cursor}")
        if wall_clock and getattr(nxt.astimezone(trigger.timezone), "fold", 0) == 1:
            cursor = nxt.astimezone(UTC)  # the second 02:30 of the night the clocks go back
            continue
        return nxt.astimezone(UTC)
    raise TriggerStalled(f"{trigger} kept answering repeated-hour times after {cursor}")


def latest_fire(trigger: Any, lo: datetime, hi: datetime) -> datetime | None:
    """The latest fire time in (lo, hi], or None. Searches back from ``hi`` in windows that grow
    eightfold (1 minute, 8 minutes, … up to ``hi - lo``), then walks forward inside the first
    window that holds a fire: a few steps, however long the gap."""
    if hi <= lo:
        return None
    window = FIRST_WINDOW
    steps = 0
    while True:
        start = max(lo, hi - window)
        found = next_fire(trigger, start)
        if found is not None and found <= hi:
            while (nxt := next_fire(trigger, found)) is not None and nxt <= hi:
                found = nxt
                steps += 1
                if steps > MAX_STEPS:
                    raise TriggerStalled(f"{trigger}: more than {MAX_STEPS} fires in {window}")
            return found
        if start == lo:
            return None
        window *= 8


def _ensure_rows(session: Session, names: list[str]) -> None:
    """One job_runs row per job, made once (replicas then lock the row, never race to insert)."""
    for name in names:
        insert_ignore(session, JobRun, {"name": name, "last_fire_at": None}, conflict=["name"])


class Runner:
    """Knows each job's next fire time in memory, so idle ticks cost no database round trip."""

    def __init__(self, app: App, jobs: list[Job] | None = None, *, skip_idle: bool = False):
        self.app = app
        self.jobs = jobs if jobs is not None else all_jobs(app.config)
        self.skip_idle = skip_idle
        self._last: dict[str, datetime] | None = None
        self._next: dict[str, datetime | None] = {}
        # hinted jobs' first fire with work (a job missing from it is asked again)
        self._work: dict[str, datetime | None] = {}

    def _load(self, at: datetime) -> dict[str, datetime]:
        if self._last is None:
            with self.app.sessions.begin() as s:
                _ensure_rows(s, [j.name for j in self.jobs])
                rows = {r.name: r.last_fire_at for r in s.scalars(select(JobRun))}
            last: dict[str, datetime] = {}
            for j in self.jobs:
                recorded = rows.get(j.name)
                last[j.name] = recorded if recorded is not None else at - FIRST_LOOKBACK
                self._next[j.name] = next_fire(j.trigger, last[j.name])
            self._last = last
        return self._last

    def touch(self, *topics: str) -> None:
        """The database changed under the hints that read ``topics``: ask them again."""
        for job in self._hinted():
            if not job.reads or set(job.reads) & set(topics):
                self._work.pop(job.name, None)

    def _hinted(self) -> list[Job]:
        return [j for j in self.jobs if j.next_work is not None] if self.skip_idle else []

    def _work_fires(self, at: datetime) -> dict[str, datetime | None]:
        """For each hinted job, its first fire (at or after its next fire) with work."""
        last = self._load(at)
        ask = [j for j in self._hinted() if j.name not in self._work]
        if ask:
            with self.app.sessions() as s:
                for job in ask:
                    assert job.next_work is not None
                    nxt = self._next.get(job.name)
                    hint = job.next_work(self.app, s, last[job.name])
                    if nxt is None or hint is None:
                        self._work[job.name] = None
                    else:
                        self._work[job.name] = (
                            nxt if hint <= nxt else next_fire(job.trigger, hint - TICK)
                        )
        return self._work

    def next_due(self, at: datetime) -> datetime | None:
        self._load(at)
        work = self._work_fires(at)
        pending = [
            t
            for name, nxt in self._next.items()
            if (t := work[name] if name in work else nxt) is not None
        ]
        return min(pending) if pending else None

    async def run_due(self, at: datetime) -> list[tuple[str, datetime]]:
        """Run each job whose fire time is <= at, once for the latest fire that has come; a fire
        older than the job's grace time is recorded as skipped, not run."""
        last = self._load(at)
        work = self._work_fires(at)
        fired: list[tuple[str, datetime]] = []
        changed = False
        for job in self.jobs:
            nxt = self._next.get(job.name)
            if nxt is None or nxt > at:
                continue
            if job.name in work and ((w := work[job.name]) is None or w > at):
                continue  # idle until then (skip_idle): neither run nor recorded
            changed = True
            grace_start = at - timedelta(seconds=job.misfire_grace_seconds)
            fire = latest_fire(job.trigger, max(last[job.name], grace_start), at)
            if fire is None:  # every fire since the last one is older than the grace time
                fire = latest_fire(job.trigger, last[job.name], grace_start) or nxt
                log.warning(
                    "skipping a fire outside the grace time",
                    extra={"job": job.name, "fire": fire.isoformat()},
                )
                if self._claim(job, fire, run=False) is None:
                    continue
            else:
                ran = await self._run(job, fire)
                if ran is None:
                    continue  # failed: not recorded, retried next tick
                if ran:
                    fired.append((job.name, fire))
            last[job.name] = fire
            self._next[job.name] = next_fire(job.trigger, fire)
        if changed:
            self._work.clear()  # what ran may have changed what any hint reads
        return fired

    def _claim(self, job: Job, fire: datetime, *, run: bool) -> bool | None:
        """Lock the job's row and record the fire, running the (sync) job in that transaction.
        True: this runner recorded it; False: another replica already had; None: it failed
        (nothing recorded, retried next tick). The job may read its previous fire from the row.
        """
        try:
            with self.app.sessions.begin() as s:
                row = claim_fire(s, job.name, fire)
                if row is None:
                    return False
                if run and job.run is not None:
                    job.run(self.app, s, fire)
                row.last_fire_at = fire
            return True
        except Exception:
            log.exception("job failed", extra={"job": job.name, "fire": fire.isoformat()})
            return None

    async def _run(self, job: Job, fire: datetime) -> bool | None:
        """Like ``_claim``: True ran here, False ran elsewhere, None failed."""
        if job.arun is None:
            return self._claim(job, fire, run=True)
        # network jobs (polling) claim the fire first, so two replicas never both run it; a
        # failed run is not repeated for this fire (the next fire catches up from its cursor)
        claimed = self._claim(job, fire, run=False)
        if claimed:
            try:
                await job.arun(self.app, fire)
            except Exception:
                log.exception("job failed", extra={"job": job.name, "fire": fire.isoformat()})
        return claimed
