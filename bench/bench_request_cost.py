"""What one request costs in our ASGI stack, without a server or a network: CPU us/request.

    .venv/bin/python bench/bench_request_cost.py [--requests 3000] [--repeat 5]

Builds the app as ``freqtrade webserver`` does (``create_app`` behind the server's
``DrainRequestBody``) and calls it directly with a GET scope, sending the answer nowhere.
Per case: the lowest CPU time per request over ``--repeat`` runs of ``--requests``
requests (CPU time, so other processes on the machine count less). What is left is the
middleware, the auth backend, routing and the response; the HTTP server's own cost is not
in it (``side_by_side_cold.py --only-throughput`` measures the whole).

The ``freqtrade`` package imported is the one on the path, so ``PYTHONPATH=<other checkout>``
times another version with the same script.
"""
from __future__ import annotations

import argparse
import asyncio
import time
from typing import Any

from freqtrade.api.app import create_app
from freqtrade.api.auth import resolve_jwt_secret
from freqtrade.api.body_drain import DrainRequestBody
from freqtrade.api.context import ApiContext
from freqtrade.api.inputs import MAX_BODY_BYTES
from freqtrade.api.jwt_tokens import create_token, new_session_id
from freqtrade.enums import RunMode

CONFIG = {"api_server": {"enabled": True, "username": "bench", "password": "bench",
                         "jwt_secret_key": "request-cost-" + "x" * 32, "CORS_origins": []}}


def scope(path: str, headers: list[tuple[bytes, bytes]]) -> dict[str, Any]:
    return {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
            "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
            "root_path": "", "headers": list(headers), "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 8080), "extensions": {}}


async def cost(app: Any, path: str, headers: list[tuple[bytes, bytes]], requests: int,
               repeat: int) -> float:
    """Lowest CPU seconds per request over ``repeat`` runs; every answer must be a 200."""
    statuses: set[int] = set()

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses.add(message["status"])

    for _ in range(50):  # first calls build lazily created state
        await app(scope(path, headers), receive, send)
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        for _ in range(requests):
            await app(scope(path, headers), receive, send)
        best = min(best, (time.process_time() - started) / requests)
    if statuses != {200}:
        raise SystemExit(f"{path}: answered {sorted(statuses)}")
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    context = ApiContext(CONFIG, RunMode.WEBSERVER)
    app = DrainRequestBody(create_app(context), MAX_BODY_BYTES)
    token = create_token({"u": "bench"}, resolve_jwt_secret(context), "access", new_session_id())
    plain = [(b"host", b"127.0.0.1:8080"), (b"accept", b"application/json")]
    bearer = [*plain, (b"authorization", f"Bearer {token}".encode())]
    cases = {"ping, no credentials": ("/api/v1/ping", plain),
             "ping, Bearer": ("/api/v1/ping", bearer),
             "version, Bearer (sync handler: thread pool)": ("/api/v1/version", bearer)}
    for name, (path, headers) in cases.items():
        seconds = asyncio.run(cost(app, path, headers, args.requests, args.repeat))
        print(f"{name:<46} {seconds * 1e6:7.1f} us/request")


if __name__ == "__main__":
    main()
