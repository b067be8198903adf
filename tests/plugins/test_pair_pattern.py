"""Pair wildcards match exactly as ``re.fullmatch(entry, symbol, re.IGNORECASE)`` did, in
linear time; patterns only a backtracking engine can run are refused with a reason."""
from __future__ import annotations

import re
import time

import pytest

from freqtrade.plugins.pair_pattern import MAX_ENTRY_LENGTH, PairPattern, PatternError
from freqtrade.plugins.pairlist_manager import expand_pairlist

SYMBOLS = ["BTC/USDT", "ETH/BTC", "BNB/USDT", "BNB/BUSD", "XRPUP/USDT", "SUSHIDOWN/USDT",
           "ADA3L/USDT", "ETHBULL/USDT", "BTC/USDT:USDT", "btc/usdt:USDT", "DOGE/USDT",
           "ABC/USDT", "12L/USDT", "ab", "abab", "XXYY", "YY", "", "-x", "bx", "a\nb"]
FORMS = [
    ".*/BTC", "BNB/.*", "DOGE/USDT", "doge/usdt", ".*UP/USDT", "BTC/.*:USDT", "^ETH/USDT$",
    ".*(_PREMIUM|BEAR|BULL|DOWN|HALF|HEDGE|UP|[1235][SL])/.*", "(BNB|ETH)/.*",
    "[A-Z]{3}/USDT", "[^B].*/USDT", r"\w+/USDT", r"\d+L/USDT", ".+?/BTC", "(?i)btc/.*",
    "a?b+c*", "X{0,3}Y{2}", "(ab)+", "(a|ab)(c|bcd)?", ".*", "", "[a-c-]x", r"BTC\/USDT",
    "a.b", r"[\s\S]+", r"\W?",
]


@pytest.mark.parametrize("entry", FORMS)
def test_wildcard_forms_match_as_python_re(entry):
    expected = re.compile(entry, re.IGNORECASE)
    pattern = PairPattern(entry)
    assert [s for s in SYMBOLS if pattern.fullmatch(s)] == \
        [s for s in SYMBOLS if expected.fullmatch(s)]


def test_blacklist_forms_expand_as_before():
    markets = ["BTC/USDT", "ETH/BTC", "BNB/USDT", "BNB/BTC", "XRPUP/USDT", "DOGE/USDT"]
    assert expand_pairlist([".*/BTC", "BNB/.*", "DOGE/USDT", ".*UP/USDT"], markets) == \
        ["ETH/BTC", "BNB/BTC", "BNB/USDT", "BNB/BTC", "DOGE/USDT", "XRPUP/USDT"]
    assert expand_pairlist(["NOPE/USDT", "[", "ETH/BTC"], markets, keep_invalid=True) == \
        ["NOPE/USDT", "[", "ETH/BTC"]


@pytest.mark.parametrize(("entry", "reason"), [
    ("(?=DOGE)(.*.*.*.*)*!", "lookahead/lookbehind are not supported"),
    ("(?<!A)B/USDT", "lookahead/lookbehind are not supported"),
    (r"(A)\1/USDT", "backreferences are not supported"),
    ("(?>A)/USDT", "atomic groups are not supported"),
    ("A*+/USDT", "possessive quantifiers are not supported"),
    ("(X{50}){50}", "the pattern is too complex"),
    ("A" * (MAX_ENTRY_LENGTH + 1), f"longer than {MAX_ENTRY_LENGTH} characters"),
])
def test_patterns_needing_backtracking_are_refused(entry, reason):
    with pytest.raises(PatternError, match=re.escape(reason)):
        PairPattern(entry)


def test_invalid_syntax_is_re_error():
    with pytest.raises(re.error):
        PairPattern("*/BTC")


def test_catastrophic_pattern_without_lookahead_matches_in_linear_time():
    # ``re`` backtracks exponentially on this; the automaton follows a few states per
    # character (the bound is generous: it only catches a backtracking implementation)
    pattern = PairPattern("(.*.*.*.*)*!")
    started = time.monotonic()
    assert not pattern.fullmatch("A" * 60 + "/USDT")
    assert pattern.fullmatch("A" * 60 + "!")
    assert time.monotonic() - started < 5


def test_an_unusable_configured_entry_is_named_in_the_error():
    with pytest.raises(PatternError, match=re.escape("Wildcard error in (?=A).*, "
                                                     "lookahead/lookbehind are not supported")):
        expand_pairlist(["BTC/USDT", "(?=A).*"], ["BTC/USDT"])
