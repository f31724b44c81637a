"""The background worker: runs queued jobs (django-tasks' database worker) and enqueues scheduled ones when due.

`make demo` and `make serve` start one; production runs it under systemd beside the web server (docs/deploy.md).
Several workers may run at once: each job is claimed by one of them, each schedule slot enqueued once.
"""

import os
import signal
import socket
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import OperationalError, close_old_connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker

from madang.core.jobs import schedule_due
from madang.core.models import WorkerHeartbeat


class Command(BaseCommand):
    help = "Run background jobs and the schedule (reminders, digests, erasure, search index) until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=1.0, help="seconds to wait when there is nothing to do")
        parser.add_argument("--once", action="store_true", help="run what is due and queued now, then stop")

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id = f"{socket.gethostname()}-{os.getpid()}"[:64]
        self.running = True

        def stop(signum: int, frame: FrameType | None) -> None:
            self.running = False  # the job in hand finishes first; then the loop ends

        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, stop)
        self.stdout.write(f"Madang worker {worker_id} started.")
        while self.running:
            close_old_connections()
            try:
                WorkerHeartbeat.objects.update_or_create(worker_id=worker_id, defaults={"seen_at": timezone.now()})
                schedule_due()
            except OperationalError as exc:  # the database is busy or briefly away: try again next round
                self.stderr.write(f"Worker: {exc}")
            # batch=True: run jobs until none is ready, then come back here to look at the schedule again.
            Worker(
                queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
                max_tasks=None, worker_id=worker_id, excluded_queue_names=[],
            ).run()  # fmt: skip
            if options["once"]:
                break
            time.sleep(options["interval"])
        WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()
        self.stdout.write(f"Madang worker {worker_id} stopped.")
