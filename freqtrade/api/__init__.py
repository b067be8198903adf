"""The HTTP API layer: a Starlette app (``app.create_app``) served by hypercorn (``server``)."""
