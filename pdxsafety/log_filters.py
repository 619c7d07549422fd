"""Filters named in the LOGGING setting."""

import logging


class OneLineWarning(logging.Filter):
    """Logs a record as one WARNING line, without its traceback.

    For a bad Host header: each one is a client's mistake or a scanner, never a fault of
    ours, and Django logs it at ERROR with a traceback, so a scan buried the log.
    """

    def filter(self, record):
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info = record.exc_text = record.stack_info = None
        return True
