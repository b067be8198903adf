"""TestClients of one app that call from chosen peer addresses (for per-address rules)."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starlette.testclient import TestClient

FromAddress = Callable[[str], "TestClient"]


@contextmanager
def clients_by_address(base: TestClient) -> Iterator[FromAddress]:
    """``from_address("10.0.0.7")``: a client of ``base``'s app calling from that address."""
    clients: dict[str, TestClient] = {}

    def build(address: str) -> TestClient:
        if address not in clients:
            clients[address] = type(base)(base.app, client=(address, 50000))
        return clients[address]

    try:
        yield build
    finally:
        for client in clients.values():
            client.close()
