"""The production server closes each connection after its response.

A kept-alive connection stays with the server process that accepted it: the browsers'
connections (or nginx's to Styra) would each be tied to one process, one process could
get the busy users while another idles, and its pages would queue behind each other
(docs/decisions/0004-gunicorn.md). With every request on a new connection, the next
request goes to whichever process is free.
"""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def test_each_request_gets_its_own_connection(demo_server):
    address = urlsplit(demo_server)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    try:
        for path in ("/health/", "/konto/logga-in/"):
            connection.request("GET", path, headers={"Connection": "keep-alive"})
            response = connection.getresponse()
            assert response.status == 200
            assert response.getheader("Connection", "").lower() == "close"
            response.read()
            # http.client drops a connection the server says it closes: the next request
            # connects again.
            assert connection.sock is None
    finally:
        connection.close()
