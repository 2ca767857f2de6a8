"""The product's settings, with static files collected in the benchmark's own
temporary folder (STATIC_ROOT is not read from the environment), and a bare
Django template view beside the product's pages (bench/urls.py) to measure
them against."""

import os
from pathlib import Path

from config.settings import *  # noqa: F403
from config.settings import TEMPLATES

STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])
ROOT_URLCONF = "bench.urls"
TEMPLATES = [{**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], Path(__file__).with_name("templates")]}]

# Served over plain HTTP on the loopback with no proxy in front: no redirect to HTTPS.
SECURE_SSL_REDIRECT = False
# Every request comes from one address, as no visitor's would: the limit on expensive
# requests (searches, exports) is tested on its own (tests/lib/test_ratelimit.py).
EXPENSIVE_REQUESTS_PER_MINUTE = 1_000_000_000
