"""Pilots' scheduled job: erase testers' contacts once their retention date has passed (as withdrawal does)."""

from django_tasks import task


@task()
def erase_pilot_contacts() -> int:
    from .sessions import testers_erase_expired

    return testers_erase_expired()
