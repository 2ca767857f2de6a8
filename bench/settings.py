"""The product's settings, with static files collected in the benchmark's own
temporary folder (STATIC_ROOT is not read from the environment)."""

import os
from pathlib import Path

from config.settings import *  # noqa: F403

STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])
