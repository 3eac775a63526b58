"""What the bot does on its own clock.

Each feature module here exports ``jobs(config) -> list[Job]`` (:mod:`scheduler.job`); the list
of them is :func:`scheduler.jobs.all_jobs`. A job has an APScheduler trigger in the organisation's
time zone and a function that computes what is due at the fire time and writes it to the outbox.
:mod:`scheduler.runner` runs every fire time that has come, exactly once: the service calls it
when the next fire is due (at least every 30 seconds), and ``vaktbot tick --at T`` calls it once.
"""
