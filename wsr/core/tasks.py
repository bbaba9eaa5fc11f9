"""One small interface for background work.

``@task`` turns a function taking keyword arguments (JSON-safe values only) into a Task with
``.enqueue(**kwargs)``. The backend is chosen by ``settings.WSR_TASK_BACKEND``:

- ``inline``: run at once in the caller (tests, management commands);
- ``thread``: run on a daemon worker thread in this process (the embedded default for the web
  server, so a long import does not block a request).

The task-queue issue adds a real queue backend behind the same ``enqueue`` call.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import close_old_connections

logger = logging.getLogger(__name__)

_REGISTRY: dict[str, Task] = {}
_queue: queue.Queue[tuple[Task, dict[str, Any]]] = queue.Queue()
_worker_lock = threading.Lock()
_worker: threading.Thread | None = None


class Task:
    def __init__(self, func: Callable[..., Any]) -> None:
        self.func = func
        self.name = f"{func.__module__}.{func.__qualname__}"
        _REGISTRY[self.name] = self

    def __call__(self, **kwargs: Any) -> Any:
        return self.func(**kwargs)

    def enqueue(self, **kwargs: Any) -> None:
        json.dumps(kwargs)  # the payload must survive a real queue later
        backend = getattr(settings, "WSR_TASK_BACKEND", "inline")
        if backend == "inline":
            self.func(**kwargs)
        elif backend == "thread":
            _ensure_worker()
            _queue.put((self, kwargs))
        else:
            raise RuntimeError(f"Unknown WSR_TASK_BACKEND {backend!r}")


def task(func: Callable[..., Any]) -> Task:
    return Task(func)


def _run_forever() -> None:
    while True:
        job, kwargs = _queue.get()
        close_old_connections()
        try:
            job.func(**kwargs)
        except Exception:  # a failed task must not kill the worker; the task records its own failure
            logger.exception("task %s failed", job.name)
        finally:
            close_old_connections()
            _queue.task_done()


def _ensure_worker() -> None:
    global _worker
    with _worker_lock:
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_run_forever, name="wsr-tasks", daemon=True)
            _worker.start()


def wait_for_idle() -> None:
    """Block until queued thread tasks are done (used by tests and benchmarks)."""
    _queue.join()
