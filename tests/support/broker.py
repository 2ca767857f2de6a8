"""A broker of the test's own, which the test can stop and start again (a Redis
server on a free port, keeping nothing on disk), and a real Celery worker on
it, run in a thread of the test process so that it shares the test database
on SQLite as on PostgreSQL."""

import contextlib
import socket
import subprocess
import time

import redis

REDIS_SERVER = "/usr/bin/redis-server"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateBroker:
    """`redis-server` on a port of its own; `stop()` loses whatever it held, as
    a broker without persistence does when it goes down."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.exceptions.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError(f"{REDIS_SERVER} did not start on port {self.port}") from None
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def queued(self) -> int:
        """How many messages wait in Celery's default queue."""
        return redis.Redis(port=self.port).llen("celery")


@contextlib.contextmanager
def app_on(broker: PrivateBroker):
    """The project's Celery app sending to `broker`, as the web process does
    with CELERY_BROKER_URL set (instead of running tasks in-process)."""
    from config.celery import app

    keys = ("broker_url", "task_always_eager", "broker_transport_options", "worker_hijack_root_logger")
    saved = {key: app.conf[key] for key in keys}
    # The connection's settings as config/settings.py gives them for a Redis broker.
    app.conf.update(broker_url=broker.url, task_always_eager=False, worker_hijack_root_logger=False,
                    broker_transport_options={**saved["broker_transport_options"],
                                              "socket_connect_timeout": app.conf.broker_connection_timeout})
    reset_connections(app)
    try:
        yield app
    finally:
        app.conf.update(saved)
        reset_connections(app)


def reset_connections(app) -> None:
    """Drop the broker connections made so far: kombu keeps its pools per broker
    URL for the whole process, and the producer pool the broker configured when
    it was made."""
    from kombu import pools

    pools.reset()
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None


@contextlib.contextmanager
def worker_on(app):
    """A real worker (solo pool, one task at a time) consuming from the app's
    broker in a thread of this process; stopped at the end."""
    from celery.contrib.testing.worker import start_worker

    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30) as worker:
        yield worker


def wait_for(condition, *, timeout: float = 60, message: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {message}")
        time.sleep(0.2)
