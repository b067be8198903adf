"""Routing without scanning the whole route table: the candidates of each fixed path, in order.

Starlette's router tries every route's pattern in turn, so a path near the end of the table
(``/api/v1/pair_candles`` is about the 50th) costs one regular-expression match per route
before it. ``IndexedRouter`` computes, once, for every path that some route declares without
parameters, the routes whose pattern matches that path (the declaring route, parameterised
routes such as ``/locks/{lockid}`` and the UI's catch-all), in table order; a request for such
a path only tries those. The routes left out cannot match it, so the outcome is the one the full
scan gives: the first full match, else the first partial (wrong method -> 405). Any other path
and websocket requests take the full scan.

``public_paths`` are the indexed paths that only public API routes serve: whichever of them
answers, it never looks at the caller, so ``RequestGuard`` does not authenticate them.
"""
from __future__ import annotations

from collections.abc import Sequence

from starlette.routing import BaseRoute, Match, Router, get_route_path
from starlette.types import Receive, Scope, Send

from freqtrade.api.routing import ApiRoute


def _fixed_paths(routes: Sequence[BaseRoute]) -> list[str]:
    """Paths of routes declared without parameters, in table order."""
    paths: list[str] = []
    for route in routes:
        path = getattr(route, "path", None)
        if isinstance(path, str) and "{" not in path and path not in paths:
            paths.append(path)
    return paths


def _matches(route: BaseRoute, path: str) -> bool:
    probe: Scope = {"type": "http", "path": path, "root_path": "", "method": "GET"}
    match, _ = route.matches(probe)
    return match is not Match.NONE


def candidates_by_path(routes: Sequence[BaseRoute]) -> dict[str, tuple[BaseRoute, ...]]:
    """Each fixed path -> the routes whose pattern matches it, in table order."""
    return {path: tuple(route for route in routes if _matches(route, path))
            for path in _fixed_paths(routes)}


def public_paths(index: dict[str, tuple[BaseRoute, ...]]) -> frozenset[str]:
    """Indexed paths whose every candidate is an API route declared ``PUBLIC``."""
    return frozenset(path for path, routes in index.items() if routes and all(
        isinstance(route, ApiRoute) and route.spec is not None and route.spec.scope is None
        for route in routes))


class IndexedRouter(Router):
    """A Router that looks up the candidate routes of fixed paths instead of trying all."""

    def __init__(self, routes: Sequence[BaseRoute], **kwargs: object) -> None:
        super().__init__(list(routes), **kwargs)  # type: ignore[arg-type]
        self.index = candidates_by_path(self.routes)
        self.public_paths = public_paths(self.index)

    async def app(self, scope: Scope, receive: Receive, send: Send) -> None:
        candidates = self.index.get(get_route_path(scope)) if scope["type"] == "http" else None
        if candidates is None:
            await super().app(scope, receive, send)
            return
        if "router" not in scope:
            scope["router"] = self
        partial = None
        partial_scope: Scope = {}
        for route in candidates:
            match, child_scope = route.matches(scope)
            if match is Match.FULL:
                scope["route"] = route
                scope.update(child_scope)
                await route.handle(scope, receive, send)
                return
            if match is Match.PARTIAL and partial is None:
                partial, partial_scope = route, child_scope
        if partial is not None:
            scope["route"] = partial
            scope.update(partial_scope)
            await partial.handle(scope, receive, send)
            return
        await super().app(scope, receive, send)  # unreachable for an indexed path: be safe
