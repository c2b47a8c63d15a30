"""Pelican in a process of its own: `python -m sitebuild.pelican_run PELICAN-ARGS...`.

A fresh process per build, because i18n_subsites keeps module-global state and gettext caches catalogs.
Every warning or error Pelican logs fails the build.
"""

from __future__ import annotations

import logging
import sys


class Collector(logging.Handler):
    """Every warning and error logged, each once and in order (the second language repeats the first's)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.problems: dict[str, None] = {}

    def emit(self, record: logging.LogRecord) -> None:
        message = f"{record.levelname.lower()}: {record.getMessage()}"
        # Pelican logs "Could not process x" inside its except block without the exception itself.
        error = record.exc_info[1] if record.exc_info else sys.exc_info()[1]
        # ...but an error logged with its own text (as below) already says it.
        if error is not None and str(error) not in message:
            message += f" ({type(error).__name__}: {error})"
        self.problems[message] = None


def pelican_process(argv: list[str]) -> int:
    """Run Pelican in this (fresh) process; every warning or error it logs fails the build.

    Pelican on its own logs a broken article and carries on without it; `--fatal` stops at the
    first problem with a traceback. Here all problems are collected, listed, and the exit status is 1.
    """
    from pelican import get_instance, parse_arguments
    from pelican.log import init as init_logging

    args = parse_arguments(argv)
    init_logging(level=logging.WARNING, name="pelican")
    collector = Collector()
    logging.getLogger().handlers = [collector]
    try:
        pelican, _settings = get_instance(args)
        pelican.run()
    except Exception as error:  # reported below with the rest, then the build fails
        logging.getLogger("pelican").error("%s: %s", type(error).__name__, error)
    for message in collector.problems:
        print(message, file=sys.stderr)
    if collector.problems:
        print(
            f"Pelican reported {len(collector.problems)} problem(s); fix them in the files named above"
            " (`invoke check` checks all content and says how).",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(pelican_process(sys.argv[1:]))
