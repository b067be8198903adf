"""The in-memory log buffer that backs /logs: cap, record shape, token redaction."""
import logging

import pytest

from freqtrade.loggers import (
    LogBufferHandler,
    RedactTokenFilter,
    get_log_buffer,
    log_preview,
    setup_logging,
)


@pytest.fixture
def buffer_logger():
    handler = LogBufferHandler(capacity=5)
    handler.addFilter(RedactTokenFilter())
    log = logging.getLogger("tests.buffer")
    log.addHandler(handler)
    log.setLevel(logging.DEBUG)
    log.propagate = False
    yield log, handler
    log.removeHandler(handler)


def test_buffer_keeps_newest_records_up_to_capacity(buffer_logger):
    log, handler = buffer_logger
    for i in range(8):
        log.info("message %d", i)
    records = handler.get()
    assert len(records) == 5
    assert [r[4] for r in records] == [f"message {i}" for i in range(3, 8)]
    assert [r[4] for r in handler.get(2)] == ["message 6", "message 7"]
    assert len(handler.get(0)) == 5


def test_record_shape_matches_logs_endpoint(buffer_logger):
    log, handler = buffer_logger
    log.warning("hello %s", "world")
    date, ts, name, level, message = handler.get()[-1]
    assert isinstance(date, str) and len(date) == 19 and date[10] == " "
    assert isinstance(ts, float) and ts > 1.6e12
    assert (name, level, message) == ("tests.buffer", "WARNING", "hello world")


def test_exception_text_is_appended(buffer_logger):
    log, handler = buffer_logger
    try:
        raise ValueError("boom")
    except ValueError:
        log.exception("failed")
    message = handler.get()[-1][4]
    assert message.startswith("failed\n") and "ValueError: boom" in message


def test_tokens_in_urls_are_redacted(buffer_logger):
    log, handler = buffer_logger
    log.info('"GET /api/v1/message/ws?token=s3cr3t&x=1 HTTP/1.1" 101')
    assert "s3cr3t" not in handler.get()[-1][4]
    assert "token=***&x=1" in handler.get()[-1][4]


def test_setup_logging_attaches_the_shared_buffer_once(tmp_path):
    logfile = tmp_path / "bot.log"
    setup_logging(0, str(logfile))
    setup_logging(1, str(logfile))
    root = logging.getLogger()
    ours = [h for h in root.handlers if getattr(h, "_freqtrade", False)]
    assert sum(h is get_log_buffer() for h in ours) == 1
    assert root.level == logging.DEBUG
    logging.getLogger("freqtrade.test").info("to file")
    for handler in ours:
        handler.flush()
    assert "to file" in logfile.read_text()
    setup_logging(0)


def test_general_messages_keep_newlines_but_lose_terminal_controls(buffer_logger):
    log, handler = buffer_logger
    log.info("line one\n\tline two \x1b[31mred\x00 \r")
    assert handler.get()[-1][4] == "line one\n\tline two \\x1b[31mred\\x00 \\x0d"


def test_only_token_parameters_are_redacted(buffer_logger):
    log, handler = buffer_logger
    log.info("GET /x?pair=ETH&tokenize=1&%54oKeN=abc&refresh_token=def&limit=5 sent")
    assert handler.get()[-1][4] == ("GET /x?pair=ETH&tokenize=1&%54oKeN=***&refresh_token=***"
                                    "&limit=5 sent")


def test_log_preview_shows_an_escaped_prefix_and_the_length():
    assert log_preview("freqtrader") == "'freq...' (10 characters)"
    assert log_preview("ab\n") == "'ab\\x0a'"
    assert log_preview(None) == "None"
