from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination

MAX_OFFSET = 1_000_000


class Paging(LimitOffsetPagination):
    # Bounded in the schema, so a 20-digit offset is a 400 before it reaches the database (which would overflow).
    class Input(Schema):
        limit: int = Field(20, ge=1, le=100)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def paginate_queryset(self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any) -> Any:
        if not 1 <= pagination.limit <= 100 or pagination.offset < 0:
            raise HttpError(400, "limit must be 1-100 and offset 0 or more")
        return super().paginate_queryset(queryset, pagination, request, **params)


class Mapped:
    """Lets the paginator slice and count a queryset while the API returns `record(row)` for each row."""

    def __init__(self, qs: Any, record: Any) -> None:
        self.qs, self.record = qs, record

    def __getitem__(self, item: slice) -> list[Any]:
        return [self.record(row) for row in self.qs[item]]

    def count(self) -> int:
        return int(self.qs.count())

    def __len__(self) -> int:
        return self.count()
