"""Graph API errors as types (:class:`TokenExpired` 190, :class:`PermissionMissing` 10 and
200-299, :class:`DeprecatedMetric` 100 "invalid metric", :class:`RateLimited`,
:class:`GraphUnavailable`), and the usage headers that tell how close an app is to its limits."""

from __future__ import annotations

import json
from typing import Any

import httpx

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


def usage_percent(headers: httpx.Headers) -> tuple[float, float]:
    """(highest usage %, seconds until access is regained) from the usage headers."""
    pct, regain = 0.0, 0.0
    for name in ("x-business-use-case-usage", "x-app-usage", "x-page-usage"):
        raw = headers.get(name)
        if not raw:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        entries: list[dict[str, Any]] = []
        if isinstance(data, dict) and "call_count" in data:
            entries = [data]
        elif isinstance(data, dict):
            for value in data.values():
                entries.extend(
                    v for v in (value if isinstance(value, list) else []) if isinstance(v, dict)
                )
        for e in entries:
            for key in ("call_count", "total_time", "total_cputime"):
                if isinstance(e.get(key), int | float):
                    pct = max(pct, float(e[key]))
            regain = max(regain, float(e.get("estimated_time_to_regain_access") or 0) * 60)
    return pct, regain
