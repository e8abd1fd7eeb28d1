"""One error shape for every error the web app returns.

``{"error": {"status": 404, "code": "not_found", "message": "...", "details": [...]}}``: the API always
answers with it; a browser asking for a page gets the same fields rendered as HTML.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response

from ..errors import InputError, NewsprismError, NotFound

log = logging.getLogger(__name__)

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    414: "uri_too_long",
    415: "unsupported_media_type",
    422: "invalid_parameter",
    500: "internal_error",
}


class ApiError(Exception):
    """Raised by routes for an error with a chosen status, code and message."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        details: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or CODES.get(status, "error")
        self.message = message
        self.details = details or []
        self.headers = headers


def error_body(
    status: int, code: str, message: str, details: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message, "details": details or []}}


def wants_html(request: Request) -> bool:
    path = request.url.path
    if path.startswith("/api") or path == "/openapi.json":
        return False
    return "text/html" in request.headers.get("accept", "")


def error_response(
    request: Request,
    status: int,
    code: str,
    message: str,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    if wants_html(request):
        templates = request.app.state.templates
        return templates.TemplateResponse(
            request,
            "error.html",
            {"status": status, "code": code, "message": message, "details": details or []},
            status_code=status,
            headers=headers,
        )
    return JSONResponse(error_body(status, code, message, details), status_code=status, headers=headers)


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    details = []
    for item in exc.errors():
        loc = [str(p) for p in item.get("loc", ())]
        details.append(
            {
                "where": loc[0] if loc else "request",
                "field": ".".join(loc[1:]) or None,
                "problem": str(item.get("msg", "invalid")),
            }
        )
    return details


def install(app: FastAPI) -> None:
    """Route every kind of error through ``error_response``."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return error_response(request, exc.status, exc.code, exc.message, exc.details, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        status = exc.status_code
        message = exc.detail if isinstance(exc.detail, str) else CODES.get(status, "error")
        if status == 404 and message == "Not Found":
            message = f"nothing at {request.url.path!r}; see /docs for the API and / for the pages"
        elif status == 405:
            message = f"{request.method} is not allowed on {request.url.path!r}; see /docs"
        return error_response(
            request, status, CODES.get(status, "error"), message, headers=getattr(exc, "headers", None)
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        details = _validation_details(exc)
        first = details[0] if details else {"field": None, "problem": "invalid request"}
        message = f"invalid {first['where'] if 'where' in first else 'request'}"
        if first.get("field"):
            message += f" {first['field']!r}"
        message += f": {first['problem']}"
        return error_response(request, 422, "invalid_parameter", message, details)

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> Response:
        return error_response(request, 404, "not_found", exc.message)

    @app.exception_handler(InputError)
    async def _bad_input(request: Request, exc: InputError) -> Response:
        return error_response(request, 400, "bad_request", str(exc))

    @app.exception_handler(NewsprismError)
    async def _newsprism(request: Request, exc: NewsprismError) -> Response:
        log.error("request %s failed: %s", request.url.path, exc)
        return error_response(request, 500, "internal_error", str(exc))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        log.exception("request %s crashed", request.url.path)
        return error_response(
            request, 500, "internal_error", "the server failed on this request; the log has the details"
        )
