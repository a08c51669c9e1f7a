"""The HTTP API (FastAPI). Build it with :func:`warledger.api.app.create_app`."""
