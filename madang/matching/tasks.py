"""Matching's background jobs: the search index refresh after content changes, and the daily digests."""

from django_tasks import task


@task()
def refresh_search_index() -> int:
    """Embed what changed (by content hash); cheap when nothing did, so running it twice is harmless."""
    from .search import vectors_refresh

    return int(vectors_refresh() or 0)


@task()
def send_match_digests() -> int:
    from .digests import digests_send

    return digests_send()
