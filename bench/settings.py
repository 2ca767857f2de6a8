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
