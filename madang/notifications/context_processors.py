import functools

from django.http import HttpRequest


def inbox(request: HttpRequest) -> dict[str, object]:
    """The unread count for the header, only for signed-in people. Templates call a callable when they read it,
    so a page that never shows the nav costs no query, and one that shows it twice costs one COUNT."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    from .models import Notice

    @functools.cache
    def unread() -> int:
        return Notice.objects.filter(recipient=user, read_at__isnull=True).count()

    return {"inbox_unread": unread}
