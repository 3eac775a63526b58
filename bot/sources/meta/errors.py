"""Graph API errors as types (:class:`TokenExpired` 190, :class:`PermissionMissing` 10 and
200-299, :class:`DeprecatedMetric` 100 "invalid metric", :class:`RateLimited`,
:class:`GraphUnavailable`). The usage headers are read by :mod:`bot.sources.meta.budget`."""

from __future__ import annotations

from typing import Any

RATE_LIMIT_CODES = frozenset({4, 17, 32, 613, *range(80000, 80015)})
TRANSIENT_CODES = frozenset({1, 2})


class GraphError(Exception):
    """An error answer from the Graph API. ``kind`` is a stable key for messages and cursors."""

    kind = "graph_error"

    def __init__(
        self, message: str, *, code: int | None = None, subcode: int | None = None, status: int = 0
    ):
        super().__init__(message)
        self.message = message
        self.code = code
        self.subcode = subcode
        self.status = status


class TokenExpired(GraphError):
    kind = "token_expired"


class PermissionMissing(GraphError):
    kind = "permission_missing"


class DeprecatedMetric(GraphError):
    kind = "deprecated_metric"

    def __init__(self, message: str, *, metrics: tuple[str, ...] = (), **kw: Any):
        super().__init__(message, **kw)
        self.metrics = metrics


class RateLimited(GraphError):
    kind = "rate_limited"


class GraphUnavailable(GraphError):
    kind = "unavailable"


def classify_error(
    payload: dict[str, Any], status: int, metrics: tuple[str, ...] = ()
) -> GraphError:
    code = payload.get("code")
    code = int(code) if isinstance(code, int | str) and str(code).isdigit() else None
    subcode = payload.get("error_subcode")
    message = str(payload.get("message") or "Graph API error")[:300]
    kw: dict[str, Any] = {"code": code, "subcode": subcode, "status": status}
    if code == 190:
        return TokenExpired(message, **kw)
    if code == 10 or (code is not None and 200 <= code <= 299):
        return PermissionMissing(message, **kw)
    if code == 100 and "metric" in message.lower():
        return DeprecatedMetric(message, metrics=metrics, **kw)
    if code in RATE_LIMIT_CODES or status == 429:
        return RateLimited(message, **kw)
    if code in TRANSIENT_CODES or payload.get("is_transient") or status >= 500:
        return GraphUnavailable(message, **kw)
    return GraphError(message, **kw)
