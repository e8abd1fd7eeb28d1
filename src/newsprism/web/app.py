"""The FastAPI application over one store, and ``serve`` for the CLI."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from .. import __version__
from ..config import Settings
from ..store import open_store
from . import api, errors, pages
from .security import SecurityMiddleware

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000

DESCRIPTION = """Stories, outlets, actors, quotes and events from a newsprism store.

Lists are paginated (`page`, `per_page` ≤ 100) and answer `{items, page, per_page, total, pages}`.
Every error answers `{"error": {"status", "code", "message", "details"}}`."""


def create_app(db: str | Path, settings: Settings | None = None) -> FastAPI:
    """The app over the store ``db``, a SQLite file or a ``postgresql://`` URL (read-only, except for the
    token-protected ingest endpoint)."""
    settings = settings or Settings(db=str(db))
    with open_store(db, readonly=True) as store:  # a missing or foreign store fails here, with one clear line
        shown = store.path  # a PostgreSQL URL without its password

    app = FastAPI(
        title="newsprism",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.db = str(db)
    app.state.db_shown = shown
    app.state.settings = settings
    app.state.cache = {}
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    app.state.templates = Jinja2Templates(env=env)
    errors.install(app)
    app.add_middleware(SecurityMiddleware, max_body_bytes=settings.web_max_body_bytes)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    return app


def serve(
    db: str | Path,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    settings: Settings | None = None,
    announce: Callable[[str], None] | None = None,
) -> None:
    """Run the app with uvicorn until interrupted; ``announce`` hears the address once the store opened."""
    import uvicorn

    app = create_app(db, settings)
    if announce is not None:
        announce(f"serving {app.state.db_shown} on http://{host}:{port}/ (API reference: /docs; Ctrl-C stops)")
    if host not in ("127.0.0.1", "localhost", "::1"):
        log.warning("serving on %s: the pages are visible to other machines", host)
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="info",
        server_header=False,
        proxy_headers=False,
        access_log=False,
    )
