"""The web app: a JSON API (OpenAPI at /docs) and server-rendered pages over one store."""

from .app import create_app, serve

__all__ = ["create_app", "serve"]
