"""Training's background jobs (madang/core/jobs.py): messages to registrants, and erasure after retention."""

from django.utils import timezone
from django_tasks import task

from madang.core.jobs import backoff, enqueue_on_commit

from . import notifications
from .models import Notification


@task()
def deliver_messages(registration_ids: list[int] | None = None) -> int:
    """Send what is queued for these registrations (or all). Failed sends stay queued with their attempt counted;
    the job comes back after a backoff, and the hourly job tries again too, up to MAX_ATTEMPTS."""
    sent = notifications.deliver(registration_ids=registration_ids)
    failed = Notification.objects.filter(sent_at__isnull=True, dropped_at__isnull=True, attempts__gt=0,
                                         attempts__lt=notifications.MAX_ATTEMPTS)  # fmt: skip
    if registration_ids is not None:
        failed = failed.filter(registration_id__in=registration_ids)
    worst = max(failed.values_list("attempts", flat=True), default=0)
    # A backend that cannot defer (the immediate one in tests) leaves the retry to the hourly job.
    if worst and deliver_messages.get_backend().supports_defer:
        enqueue_on_commit(
            deliver_messages, registration_ids=registration_ids, run_after=timezone.now() + backoff(worst)
        )
    return sent


@task()
def send_training_messages() -> dict[str, int]:
    """Hourly: queue reminders and questionnaire links that are due, then send everything pending."""
    return {
        "reminders": notifications.reminders_queue(),
        "questionnaires": notifications.questionnaire_invitations_queue(),
        "sent": notifications.deliver(),
    }


@task()
def erase_training_contacts() -> int:
    from .services import registrations_erase_expired

    return registrations_erase_expired()
