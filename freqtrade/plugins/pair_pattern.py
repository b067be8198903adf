"""Pair wildcards (``.*/BTC``, ``BNB/.*``, ``.*(UP|DOWN)/USDT``, ``[A-Z]{3}/USDT``) matched
in time linear in the pair's length, whatever the pattern.

Entries use regular-expression syntax, matched case-insensitively against the whole symbol.
Python's ``re`` backtracks, so a pattern like ``(.*.*.*.*)*!`` takes seconds per symbol while
holding the GIL (freezing the API and the trading loop). Here the pattern is parsed with the
standard library's parser and run as a set-of-states automaton instead: quantifiers, groups,
alternation, classes and anchors work as in ``re``; lookarounds, backreferences,
conditionals, atomic groups and possessive quantifiers, which an automaton cannot run, are
refused. Entries are at most ``MAX_ENTRY_LENGTH`` characters and ``MAX_STATES`` states (a
bounded repeat ``x{m,n}`` costs n copies of ``x``).
"""
from __future__ import annotations

import re
import re._constants as sre  # the opcodes of the stdlib parser's tree
import re._parser as sre_parse
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

MAX_ENTRY_LENGTH = 100
MAX_STATES = 2000
MAX_REMEMBERED = 50_000
_METACHARACTERS = frozenset(".^$*+?{}[]\\|()")

_CHAR, _SPLIT, _AT, _MATCH = range(4)
_CATEGORIES: dict[Any, Callable[[str], bool]] = {
    sre.CATEGORY_DIGIT: str.isdigit,
    sre.CATEGORY_NOT_DIGIT: lambda c: not c.isdigit(),
    sre.CATEGORY_SPACE: str.isspace,
    sre.CATEGORY_NOT_SPACE: lambda c: not c.isspace(),
    sre.CATEGORY_WORD: lambda c: c.isalnum() or c == "_",
    sre.CATEGORY_NOT_WORD: lambda c: not (c.isalnum() or c == "_"),
}
_REFUSED = {
    sre.ASSERT: "lookahead/lookbehind", sre.ASSERT_NOT: "lookahead/lookbehind",
    sre.GROUPREF: "backreferences", sre.GROUPREF_EXISTS: "conditional groups",
    sre.ATOMIC_GROUP: "atomic groups", sre.POSSESSIVE_REPEAT: "possessive quantifiers",
}


class PatternError(re.error):
    """An entry that is not a usable pair wildcard (``re.error``, so callers catch both)."""


def _char_test(op: Any, av: Any) -> Callable[[set[str]], bool]:
    """A test of one character, given as its case variants (case-insensitive matching)."""
    if op is sre.ANY:
        return lambda variants: "\n" not in variants
    if op is sre.LITERAL:
        return lambda variants: chr(av) in variants
    if op is sre.NOT_LITERAL:
        return lambda variants: chr(av) not in variants
    negate = False
    tests: list[Callable[[str], bool]] = []
    for item, value in av:  # sre.IN: a character class
        if item is sre.NEGATE:
            negate = True
        elif item is sre.LITERAL:
            tests.append(chr(value).__eq__)
        elif item is sre.RANGE:
            tests.append(_in_range(*value))
        elif item is sre.CATEGORY and value in _CATEGORIES:
            tests.append(_CATEGORIES[value])
        else:
            raise PatternError(f"unsupported character class item {item}")
    return lambda variants: any(test(c) for test in tests for c in variants) != negate


def _in_range(low: int, high: int) -> Callable[[str], bool]:
    """A test for one character range of a class (``A-Z``)."""
    return lambda c: low <= ord(c) <= high


class PairPattern:
    """One wildcard entry, compiled to an automaton; ``fullmatch`` tells if a symbol matches."""

    def __init__(self, entry: str):
        if len(entry) > MAX_ENTRY_LENGTH:
            raise PatternError(f"longer than {MAX_ENTRY_LENGTH} characters")
        self.entry = entry
        # an entry without metacharacters is a pair name (lower case), else None
        self.literal: str | None = entry.lower() if not _METACHARACTERS & set(entry) else None
        self._kinds: list[int] = []
        self._tests: list[Callable[..., bool] | None] = []
        self._outs: list[list[int]] = []
        self._answers: dict[str, bool] = {}
        if self.literal is None:
            match = self._add(_MATCH)
            self._start = self._sequence(sre_parse.parse(entry, re.IGNORECASE), match)

    def _add(self, kind: int, test: Callable[..., bool] | None = None,
             outs: list[int] | None = None) -> int:
        if len(self._kinds) >= MAX_STATES:
            raise PatternError("the pattern is too complex")
        self._kinds.append(kind)
        self._tests.append(test)
        self._outs.append(outs or [])
        return len(self._kinds) - 1

    def _sequence(self, items: Iterable[tuple[Any, Any]], after: int) -> int:
        for op, av in reversed(list(items)):
            after = self._node(op, av, after)
        return after

    def _node(self, op: Any, av: Any, after: int) -> int:
        if op in (sre.ANY, sre.LITERAL, sre.NOT_LITERAL, sre.IN):
            return self._add(_CHAR, _char_test(op, av), [after])
        if op is sre.SUBPATTERN:
            return self._sequence(av[-1], after)
        if op is sre.BRANCH:
            return self._add(_SPLIT, outs=[self._sequence(alt, after) for alt in av[1]])
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            low, high, body = av
            return self._repeat(low, high, body, after)
        if op is sre.AT and av in (sre.AT_BEGINNING, sre.AT_BEGINNING_STRING):
            return self._add(_AT, lambda position, length: position == 0, [after])
        if op is sre.AT and av in (sre.AT_END, sre.AT_END_STRING):
            return self._add(_AT, lambda position, length: position == length, [after])
        raise PatternError(f"{_REFUSED.get(op, str(op).lower())} are not supported")

    def _repeat(self, low: int, high: int, body: Any, after: int) -> int:
        if high is sre.MAXREPEAT:
            loop = self._add(_SPLIT)
            self._outs[loop] = [self._sequence(body, loop), after]
            start = loop
        else:
            start = after
            for _ in range(high - low):
                start = self._add(_SPLIT, outs=[self._sequence(body, start), after])
        for _ in range(low):
            start = self._sequence(body, start)
        return start

    def _closure(self, states: Iterable[int], position: int, length: int) -> set[int]:
        """``states`` and every state reachable from them without reading a character."""
        seen: set[int] = set()
        stack = list(states)
        while stack:
            state = stack.pop()
            if state in seen:
                continue
            seen.add(state)
            kind = self._kinds[state]
            if kind == _SPLIT:
                stack.extend(self._outs[state])
            elif kind == _AT and self._tests[state](position, length):  # type: ignore[misc]
                stack.extend(self._outs[state])
        return seen

    def fullmatch(self, symbol: str) -> bool:
        """Whether the whole of ``symbol`` matches (case-insensitively), as ``re.fullmatch``.
        Answers are remembered: the same markets are matched on every pairlist refresh."""
        if self.literal is not None:
            return symbol.lower() == self.literal
        known = self._answers.get(symbol)
        if known is None:
            if len(self._answers) >= MAX_REMEMBERED:
                self._answers.clear()
            known = self._answers[symbol] = self._run(symbol)
        return known

    def _run(self, symbol: str) -> bool:
        length = len(symbol)
        current = self._closure([self._start], 0, length)
        for position, char in enumerate(symbol):
            variants = {char, char.lower(), char.upper()}
            following = [self._outs[state][0] for state in current
                         if self._kinds[state] == _CHAR
                         and self._tests[state](variants)]  # type: ignore[misc]
            if not following:
                return False
            current = self._closure(following, position + 1, length)
        return any(self._kinds[state] == _MATCH for state in current)


@lru_cache(maxsize=1024)
def compile_pair_pattern(entry: str) -> PairPattern:
    """The compiled entry (cached: the blacklist is re-expanded on every pairlist refresh)."""
    return PairPattern(entry)
