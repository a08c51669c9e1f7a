"""One router per resource; each handler is a thin call into the library."""
