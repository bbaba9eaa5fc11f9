"""The one pagination of the JSON API: ``?limit=&offset=`` with bounds checked at the door.

Ninja's ``LimitOffsetPagination`` accepts any integer offset and, unless a maximum is configured,
any limit: ``?offset=9223372036854775808`` then overflows the database's 64-bit integer and the
request fails with a 500. Here both are bounded, so an out-of-range value is a 422 naming the
parameter and its range. Every paginated endpoint uses ``@paginate(Pagination)``.
"""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
# Far beyond any list the platform holds, far below the 64-bit limit once ``limit`` is added.
MAX_OFFSET = 1_000_000_000


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(
            DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"How many items to return (1 to {MAX_LIMIT})."
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description=f"How many items to skip (0 to {MAX_OFFSET}).")
