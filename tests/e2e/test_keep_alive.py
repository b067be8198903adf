"""Keep-alive over raw sockets: a request body a route does not read never costs the connection.

hypercorn closes a connection whose request was not completely received when the answer
ended; the server reads what the route left unread before answering (up to the 1 MiB cap).
"""
from __future__ import annotations

import base64
import socket
import time

import pytest

from freqtrade.api.inputs import MAX_BODY_BYTES


def request_head(live_bot, path: str, length: int, method: str = "GET") -> bytes:
    token = base64.b64encode(":".join(live_bot.auth).encode()).decode()
    return (f"{method} /api/v1/{path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Authorization: Basic {token}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {length}\r\n\r\n").encode()


def read_answer(sock: socket.socket) -> bytes:
    """One whole answer (status line, headers, Content-Length body), or what came before EOF."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                  if line.lower().startswith(b"content-length:"))
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


@pytest.fixture
def connection(live_bot):
    host, port = "127.0.0.1", live_bot.config["api_server"]["listen_port"]
    with socket.create_connection((host, port), timeout=10) as sock:
        yield sock


@pytest.mark.parametrize(("method", "path"), [("GET", "count"), ("POST", "stopbuy"),
                                              ("GET", "no_such_route")])
def test_body_arriving_after_the_headers_keeps_the_connection(live_bot, connection, method,
                                                              path):
    connection.sendall(request_head(live_bot, path, 4, method))
    time.sleep(0.3)  # the route has long answered by now, had it not waited for the body
    connection.sendall(b"null")
    first = read_answer(connection)
    connection.sendall(request_head(live_bot, "version", 0))
    second = read_answer(connection)
    assert first.split(b"\r\n", 1)[0] in (b"HTTP/1.1 200 ", b"HTTP/1.1 404 ")
    assert second.startswith(b"HTTP/1.1 200 ") and b'"version"' in second


def chunked_head(live_bot, path: str) -> bytes:
    return request_head(live_bot, path, 0).replace(b"Content-Length: 0",
                                                   b"Transfer-Encoding: chunked")


@pytest.mark.parametrize("framing", ["content-length", "chunked"])
def test_unread_body_past_the_cap_does_not_hold_the_answer(live_bot, connection,
                                                         framing):
    """More than the cap arrives and the rest never does: the answer comes at once."""
    if framing == "chunked":
        connection.sendall(chunked_head(live_bot, "count"))
        chunk = b" " * 65536
        connection.sendall((b"%x\r\n" % len(chunk) + chunk + b"\r\n") * 17)
    else:
        connection.sendall(request_head(live_bot, "count", 2 * MAX_BODY_BYTES))
        connection.sendall(b" " * (MAX_BODY_BYTES + 65536))
    started = time.monotonic()
    answer = read_answer(connection)
    assert answer.startswith(b"HTTP/1.1 200 ") and b'"current"' in answer
    assert time.monotonic() - started < 4  # the drain stopped at the cap, not at its time limit
