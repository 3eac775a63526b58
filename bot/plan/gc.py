"""Pausing the cyclic garbage collector while :func:`bot.plan.model.reminders_due` builds its
result.

"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a big result is built.

    Reminders hold no reference cycles, yet each is an object the collector tracks: a year of
    weekly overdue notices for a large plan (hundreds of thousands of them) had the collector walk
    the growing result again and again, most of the run time. On the way out the young generation
    is collected once: the pass the paused collector owes, done while the caller still holds the
    day buckets (the collector then reaches each reminder through a live list, about three times
    faster than when it meets them first). A collector that was already off is left alone.
    """
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()
            gc.collect(0)
