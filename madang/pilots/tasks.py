"""Pilots' jobs: erase testers' contacts once their retention date has passed (as withdrawal does), embed new
comments for the report's themes."""

from django_tasks import task


@task()
def erase_pilot_contacts() -> int:
    from .sessions import testers_erase_expired

    return testers_erase_expired()


@task()
def embed_comments(pilot_id: int) -> int:
    from .reports import comment_vectors_embed

    return comment_vectors_embed(pilot_id=pilot_id)
