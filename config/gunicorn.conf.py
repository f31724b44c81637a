"""Gunicorn, as `make serve` and the systemd unit run it (docs/deploy.md). Every value can be set from the
environment, so the same file serves a laptop, the benchmark and a city's server."""

import multiprocessing
import os

from gunicorn.glogging import Logger

bind = os.environ.get("MADANG_BIND", "127.0.0.1:8000")
# Sync workers: pages are short database-bound requests; slow work is in the job worker, not here.
workers = int(os.environ.get("MADANG_WEB_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
threads = int(os.environ.get("MADANG_WEB_THREADS", "1"))
timeout = int(os.environ.get("MADANG_WEB_TIMEOUT", "60"))
graceful_timeout = 30
max_requests = 2000  # recycle workers now and then so a slow leak never grows unbounded
max_requests_jitter = 200
# Loaded once in the master, then forked: the search engine's arrays and templates are shared copy-on-write.
preload_app = os.environ.get("MADANG_PRELOAD", "1") == "1"
wsgi_app = "config.wsgi:application"
forwarded_allow_ips = os.environ.get("MADANG_FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = os.environ.get("MADANG_ACCESS_LOG", "-")
errorlog = "-"
# No client address, no query string, no user agent: a log line says what was asked and how it went, not who.
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'


class RedactingLogger(Logger):  # type: ignore[misc]
    """Gunicorn's logger with Madang's redaction on every handler: a private link's token in a path, an address or
    a phone number in an error never reaches the log."""

    def setup(self, cfg):  # type: ignore[no-untyped-def]
        super().setup(cfg)
        from madang.core.redaction import RedactingFilter

        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.addFilter(RedactingFilter())


logger_class = RedactingLogger
