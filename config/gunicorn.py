"""gunicorn's settings for bin/serve, from the environment (README.md, "Production")."""

import os

bind = os.environ.get("BIND", "0.0.0.0:8000")
# Two processes per core is gunicorn's usual advice; each is a whole Django.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# A request that takes longer is cut off and its worker replaced (a protocol is rendered by
# the background worker, never in a request).
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (with some spread), so no slow leak grows for ever.
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# Requests with an absurd request line or headers are refused before Django sees them.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
# One line per request on standard output, with the client's address as the proxy reports it.
accesslog = "-"
errorlog = "-"
access_log_format = '%({x-forwarded-for}i)s %(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
# The addresses of the proxies whose X-Forwarded-* headers gunicorn believes (the proxy on this machine).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
