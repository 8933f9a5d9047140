"""The read-only SPARQL 1.1 endpoint and its query page.

Modules: ``app`` (the Starlette application and :func:`~partnerkg.server.app.serve`), ``protocol`` (reading
SPARQL Protocol requests, content negotiation), ``guard`` (request limits and security headers), ``pool``
and ``worker`` (query worker processes, killed at the deadline), ``description`` (the SPARQL Service
Description), ``page/`` (the offline query page).
"""

__all__: list[str] = []
