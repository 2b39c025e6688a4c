"""The JSON API (django-ninja) at /api/v1/: the same services and permission rules as the web.

Authentication is a personal API token (`Authorization: Bearer sty_…`, made on the
account page or with `styra token create`) with scopes; the token acts as its owner, so
every read and write is checked against the owner's roles exactly as in the browser.
The OpenAPI schema is served at /api/openapi.json and committed as
docs/api/openapi.json (`make openapi` refreshes it; a test fails when they differ).
See docs/api.md.
"""
