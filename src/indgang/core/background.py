"""Background jobs without a broker (decision 0008): a job is a function of one argument
that keeps its own state in the database (a row, or the cache), run as the ``mode`` says:

- ``thread``: a daemon thread of the web process (the default), which closes its database
  connections when done;
- ``queue``: not at all here; the scheduler's command for that kind of job runs it;
- ``inline``: at once, in the caller's thread (tests, the demo).

Effect runs and report files (``effects``) and goals counted at national size
(``goals/counting.py``) use it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connections

MODES = ("thread", "queue", "inline")


def check_mode(mode: str) -> None:
    if mode not in MODES:
        raise ValueError(f"a background mode must be one of {', '.join(MODES)}, not {mode!r}")


def launch(
    execute: Callable[[object], object],
    argument: object,
    *,
    name: str,
    mode: str,
    lock: threading.Lock | None = None,
) -> bool:
    """Run ``execute(argument)`` as ``mode`` says; in a thread, one at a time under
    ``lock`` when given. True when it ran at once (``inline``)."""
    check_mode(mode)
    if mode == "inline":
        execute(argument)
        return True
    if mode == "thread":
        threading.Thread(
            target=_in_thread, args=(execute, argument, lock), name=name, daemon=True
        ).start()
    return False


def _in_thread(execute, argument, lock) -> None:
    try:
        if lock is None:
            execute(argument)
        else:
            with lock:
                execute(argument)
    finally:
        connections.close_all()  # the thread's own connections
