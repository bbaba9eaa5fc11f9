"""gunicorn settings for `make run` (override on the command line or with GUNICORN_CMD_ARGS)."""

threads = 4
worker_class = "gthread"
timeout = 120
graceful_timeout = 20
accesslog = "-"
# Never log query strings: they could carry a case code one day.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
