"""Every job the scheduler runs: an explicit list of the features' job lists."""

from __future__ import annotations

from bot.config import Config
from scheduler import digest, duty, health, moderation, plan, sources
from scheduler.job import Job

FEATURES = (duty, plan, moderation, digest, sources, health)


def all_jobs(config: Config) -> list[Job]:
    out = [job for feature in FEATURES for job in feature.jobs(config)]
    names = [j.name for j in out]
    if len(names) != len(set(names)):
        raise ValueError("scheduler job names must be unique")
    return out
