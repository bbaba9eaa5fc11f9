"""Run a task worker, with the scheduler that enqueues periodic work and recovers lost runs.

``manage.py worker`` processes the queue chosen by WSR_TASK_BACKEND: the database queue
(django-tasks-db's worker loop) or Redis (an RQ worker). Start as many as you like, on as many
machines as share the database (and Redis): each one's scheduler wakes every
WSR_SCHEDULER_TICK_SECONDS, and the unique slot rows make each periodic job run once per period.
SIGINT / SIGTERM stop it after the task in hand; SIGKILL loses nothing (see wsr.core.tasks).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from wsr.core import tasks

logger = logging.getLogger("wsr.core.worker")


class Command(BaseCommand):
    help = "Run background tasks (database or Redis queue) and the periodic scheduler."
    # A worker serves no URLs: it skips the system checks that import every view.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--backend",
            choices=["database", "rq"],
            default=None,
            help="Queue to process (default: WSR_TASK_BACKEND).",
        )
        parser.add_argument("--no-scheduler", action="store_true", help="Process tasks only; schedule nothing.")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between polls of an empty database queue."
        )

    def handle(self, *args: Any, backend: str | None, no_scheduler: bool, interval: float, **options: Any) -> None:
        backend = backend or settings.WSR_TASK_BACKEND
        if backend not in tasks.TRANSPORT_ALIAS:
            raise CommandError(f"WSR_TASK_BACKEND={backend!r} has no worker: use database or rq.")
        logger.info("worker %s starting on the %s queue", tasks.WORKER_ID, backend)
        if not no_scheduler:
            threading.Thread(target=_schedule_forever, name="wsr-scheduler", daemon=True).start()
        if backend == "database":
            _run_database_worker(interval)
        else:
            _run_rq_worker()


def _schedule_forever() -> None:
    stop = threading.Event()
    while True:
        try:
            tasks.scheduler_tick()
        except Exception:  # the next tick tries again; a scheduler must outlive a bad moment
            logger.exception("scheduler tick failed")
        finally:
            connection.close()
        stop.wait(settings.WSR_SCHEDULER_TICK_SECONDS)


def _run_database_worker(interval: float) -> None:
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=["default"],
        interval=interval,
        batch=False,
        backend_name=tasks.TRANSPORT_ALIAS["database"],
        startup_delay=False,
        max_tasks=None,
        worker_id=tasks.WORKER_ID[:64],
        excluded_queue_names=[],
    )
    worker.configure_signals()
    worker.run()


def _run_rq_worker() -> None:
    import django_rq
    from django_tasks_rq import Job

    # SimpleWorker runs each job in this process (no fork): Django's connections and the lease
    # renewal thread stay valid, and WORKER_ID names the process that holds the lease.
    worker = django_rq.get_worker(
        "default", job_class=Job, worker_class="rq.worker.SimpleWorker", name=tasks.WORKER_ID.replace(":", "-")
    )
    worker.work(with_scheduler=False)
