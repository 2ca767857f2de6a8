"""The scale benchmark: `make bench` runs it after bench/run.py (or
`.venv/bin/python bench/scale.py`).

For each size (SCALE_SIZES, default 10000,1000000 motions), in a PostgreSQL
database of its own, `<name>_scale_<N>`: the data generated once
(`manage.py generate_cases`; kept for the next run with SCALE_KEEP=1), the
product served by gunicorn with production settings (DEBUG off, 2 sync
workers, static files collected into a temporary folder), and each page
loaded by wrk for SCALE_SECONDS (default 10) at 4 connections, beside a bare
Django template view served by the same server (bench/urls.py). Then one
mixed load of SCALE_MEMORY_SECONDS (default 60) over every page, after which
the workers' resident memory is read. The queries each page makes are counted
in-process (CaptureQueriesContext); a page that misses a target gets the
EXPLAIN ANALYZE of its slowest query in the report. Results go to
bench/README.md under HEADING; exits 1 when a target is missed.

Needs PostgreSQL (DATABASE_URL or SCALE_DATABASE_URL naming it, else
postgres://postgres@127.0.0.1:5432/motionsregistret); without it the benchmark
says so and is skipped. Needs wrk (Debian's package; `make bench` installs it).
"""

import collections
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# The minutes' benchmark's server helpers (bench/run.py, beside this file).
from run import _free_port, _wait_for_port  # noqa: E402

README = Path(__file__).with_name("README.md")
HEADING = "## At national scale"

SIZES = [int(size) for size in os.environ.get("SCALE_SIZES", "10000,1000000").replace("_", "").split(",") if size]
KEEP = os.environ.get("SCALE_KEEP", "") not in ("", "0")
SECONDS = int(os.environ.get("SCALE_SECONDS", "10"))
MIXED_SECONDS = int(os.environ.get("SCALE_MEMORY_SECONDS", "60"))
CONCURRENCY = 4
WORKERS = 2
SEED = 1
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/motionsregistret"

TARGET_RATIO = 0.6  # of the bare view's requests per second: the case page and the list
TARGET_P95_MS = 50
TARGET_SEARCH_P95_MS = 100
TARGET_RSS_MB = 150

# The pages (name, whether the ratio target applies, the p95 target in ms).
PAGES = [
    ("bare", False, None),
    ("case page", True, TARGET_P95_MS),
    ("case list", True, TARGET_P95_MS),
    ("deep page", True, TARGET_P95_MS),
    ("status and year", True, TARGET_P95_MS),
    ("search, common word", False, TARGET_SEARCH_P95_MS),
    ("search, rare word", False, TARGET_SEARCH_P95_MS),
    ("board inbox", False, TARGET_P95_MS),
    ("meeting list", False, TARGET_P95_MS),
    ("statistics", True, TARGET_P95_MS),
    ("API paper list", True, TARGET_P95_MS),
    ("notice board", True, TARGET_P95_MS),
]


# --- the database -------------------------------------------------------------------

def server_url() -> str:
    for name in ("SCALE_DATABASE_URL", "DATABASE_URL"):
        given = os.environ.get(name, "").strip()
        if given.startswith(("postgres://", "postgresql://")):
            return given
    return DEFAULT_SERVER


def _with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/" + name))


def _admin(server: str):
    import psycopg

    return psycopg.connect(_with_database(server, "postgres"), autocommit=True, connect_timeout=5)


def ensure_data(server: str, size: int, env: dict) -> dict:
    """The database of `size` motions: kept from an earlier run (SCALE_KEEP=1)
    when it holds them, else created and generated. Returns how long the
    generation took and the database's size."""
    import psycopg

    name = database_name(server, size)
    with _admin(server) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
    kept = None
    if exists and KEEP:
        try:
            with psycopg.connect(env["DATABASE_URL"]) as conn:
                count = conn.execute("SELECT count(*) FROM motions_motion").fetchone()[0]
                comment = conn.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                                       "WHERE datname = current_database()").fetchone()[0]
            kept = json.loads(comment) if count == size and comment else None
        except (psycopg.Error, ValueError):
            kept = None
    if kept is None:
        with _admin(server) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    _manage(env, "migrate", "--noinput", "-v0")
    if kept is None:
        print(f"  generating {size:,} motions …", flush=True)
        start = time.monotonic()
        out = _manage(env, "generate_cases", "--motions", str(size), "--seed", str(SEED))
        kept = {"seconds": time.monotonic() - start, "output": out.strip().splitlines()[-1]}
        with _admin(server) as conn:
            conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{json.dumps(kept)}'")
        kept["kept"] = False
    else:
        kept["kept"] = True
    with psycopg.connect(env["DATABASE_URL"]) as conn:
        kept["bytes"] = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        kept["organisations"] = conn.execute("SELECT count(*) FROM organisation_municipality").fetchone()[0]
    return kept


def database_name(server: str, size: int) -> str:
    return f"{urlsplit(server).path.lstrip('/') or 'motionsregistret'}_scale_{size}"


def _manage(env: dict, *args: str) -> str:
    child = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if child.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{child.stdout}\n{child.stderr}")
    return child.stdout


# --- the pages, their queries (in a child process, on the size's database) ----------

def prepare_child() -> None:
    """Choose the pages' URLs on this database, sign in a board secretary for
    the inbox, and count each page's queries. Prints JSON."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import Count, Q
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from accounts.models import Role, UserRole
    from cases.generated.words import Vocabulary
    from motions.models import Motion, Status
    from organisation.models import Body
    from referrals.models import Referral

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # the test client's host
    today = timezone.localdate()
    total = Motion.objects.count()
    answered = Motion.objects.filter(status=Status.ANSWERED).order_by("id").values_list("case_number", flat=True)
    case_number = answered[answered.count() // 2]
    case_organisation = Motion.objects.get(case_number=case_number).municipality_id
    # The words of the titles, counted: the vocabulary's most used noun, and a rare one.
    counts = collections.Counter()
    for text in Motion.objects.values_list("search_text", flat=True).iterator(chunk_size=20000):
        counts.update(set(text.split()))
    nouns = {form for noun in Vocabulary(SEED).nouns.items for form in noun[1:]}
    common = max((word for word in nouns if counts[word]), key=lambda word: (counts[word], word))
    # The fewest titles (at 1,000,000 motions every noun is in more than five).
    rare = min((word for word in nouns if counts[word]), key=lambda word: (counts[word], -len(word), word))
    body = (Body.objects.filter(kind=Body.Kind.SERVICE_BOARD)
            .annotate(open=Count("referrals", filter=Q(referrals__status=Referral.Status.SENT)))
            .order_by("-open", "id").first())
    user, _ = get_user_model().objects.get_or_create(username="bench-sekreterare")
    role, _ = UserRole.objects.get_or_create(user=user, defaults={"role": Role.BOARD_SECRETARY})
    role.bodies.set([body])
    signed_in = Client()
    signed_in.force_login(user)
    index = reverse("cases:index")
    deep = min(2000, max(1, -(-total // 25)))
    year = today.year - 5
    urls = {
        "bare": "/bench/bare/",
        "case page": reverse("cases:detail", kwargs={"case_number": case_number}),
        "case list": index,
        "deep page": f"{index}?{urlencode({'sida': deep})}",
        "status and year": f"{index}?{urlencode({'status': Status.ANSWERED, 'year': year})}",
        "search, common word": f"{index}?{urlencode({'q': common})}",
        "search, rare word": f"{index}?{urlencode({'q': rare})}",
        "board inbox": reverse("referrals:inbox"),
        "meeting list": reverse("decisions:meetings"),
        # The home organisation's statistics, every year.
        "statistics": reverse("stats:index"),
        # The open data's papers (motions) of the organisation of the case page's case, first page.
        "API paper list": reverse("oparl:body_papers", kwargs={"organisation_id": case_organisation}),
        # That organisation's notice board today.
        "notice board": reverse("noticeboard:board", kwargs={"municipality_id": case_organisation}),
    }
    pages = {}
    for name, url in urls.items():
        client = signed_in if name == "board inbox" else Client()
        client.get(url)  # warm: what a running server has read once
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        # The slowest query the page reads with (a count's EXPLAIN of the planner's estimate is not explained again).
        read = [query for query in queries.captured_queries if not query["sql"].lstrip().upper().startswith("EXPLAIN")]
        slowest = max(read, key=lambda query: float(query["time"]), default=None)
        pages[name] = {"url": quote(url, safe="/?=&%:"), "status": response.status_code,
                       "bytes": len(response.content), "queries": len(queries.captured_queries),
                       "slowest_sql": slowest["sql"] if slowest else "",
                       "slowest_ms": float(slowest["time"]) * 1000 if slowest else 0.0,
                       "signed_in": name == "board inbox"}
    print(json.dumps({"pages": pages, "cookie": f"sessionid={signed_in.cookies['sessionid'].value}",
                      "common": common, "common_count": counts[common], "rare": rare, "rare_count": counts[rare],
                      "deep": deep, "year": year, "case_number": case_number, "inbox_body": body.name}))


# --- serving and loading ------------------------------------------------------------

LUA = """
local paths = {%(paths)s}
local cookies = {%(cookies)s}
local counter = 0
request = function()
  counter = counter + 1
  local i = (counter %% #paths) + 1
  local headers = {}
  if cookies[i] ~= "" then headers["Cookie"] = cookies[i] end
  return wrk.format("GET", paths[i], headers)
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format('WRK {"requests": %%d, "seconds": %%f, "errors": %%d, "status_errors": %%d, ' ..
    '"p50": %%f, "p95": %%f, "bytes": %%d}\\n', summary.requests, summary.duration / 1e6, errors,
    summary.errors.status, latency:percentile(50) / 1000, latency:percentile(95) / 1000, summary.bytes))
end
"""


def wrk(port: int, paths: list[tuple[str, str]], seconds: int, tmp: Path) -> dict:
    """Load the paths (in turn) for `seconds` at CONCURRENCY connections;
    latencies in ms of the requests completed."""
    script = tmp / "load.lua"
    script.write_text(LUA % {"paths": ", ".join(json.dumps(path) for path, _ in paths),
                             "cookies": ", ".join(json.dumps(cookie) for _, cookie in paths)})
    child = subprocess.run(["wrk", f"-t{min(2, CONCURRENCY)}", f"-c{CONCURRENCY}", f"-d{seconds}s", "--timeout",
                            "300s", "-s", str(script), f"http://127.0.0.1:{port}"],
                           capture_output=True, text=True)
    line = next((line for line in child.stdout.splitlines() if line.startswith("WRK ")), None)
    if line is None:
        raise RuntimeError(f"wrk failed:\n{child.stdout}\n{child.stderr}")
    result = json.loads(line[4:])
    result["rps"] = result["requests"] / result["seconds"] if result["seconds"] else 0.0
    if result["requests"] == 0:
        result["p50"] = result["p95"] = None
    return result


def _get(port: int, path: str, cookie: str = "", timeout=600) -> float:
    import http.client

    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = conn.getresponse()
    response.read()
    conn.close()
    if response.status != 200:
        raise RuntimeError(f"GET {path}: {response.status}")
    return time.perf_counter() - start


def _drain(port: int, deadline_s=900) -> None:
    """Wait until both workers are free again: requests still queued when a
    load stops (a slow page's) must not slow the next page's load."""
    deadline = time.monotonic() + deadline_s
    fast = 0
    while fast < 4 and time.monotonic() < deadline:
        fast = fast + 1 if _get(port, "/bench/bare/") < 0.05 else 0


def _workers(master: int) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            pids.append(int(stat.parent.name))
    return sorted(pids)


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def serve_and_load(env: dict, prepared: dict, tmp: Path) -> dict:
    port = _free_port()
    log_path = tmp / "gunicorn.log"
    log = open(log_path, "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", f"--bind=127.0.0.1:{port}", f"--workers={WORKERS}",
         "--worker-class=sync", "--timeout=600"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    pages = prepared["pages"]
    try:
        _wait_for_port(port, server, log_path)
        for page in pages.values():  # each page read once before it is measured
            _get(port, page["url"], prepared["cookie"] if page["signed_in"] else "")
        loads = {}
        for name, *_ in PAGES:
            page = pages[name]
            print(f"  {name} …", flush=True)
            loads[name] = wrk(port, [(page["url"], prepared["cookie"] if page["signed_in"] else "")], SECONDS, tmp)
            _drain(port)
        print(f"  mixed load, {MIXED_SECONDS} s …", flush=True)
        mixed = wrk(port, [(page["url"], prepared["cookie"] if page["signed_in"] else "")
                           for page in pages.values()], MIXED_SECONDS, tmp)
        _drain(port)
        rss = {pid: _rss_mb(pid) for pid in _workers(server.pid)}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
    return {"loads": loads, "mixed": mixed, "rss": rss}


def explain(url: str, sql: str) -> str:
    import psycopg

    with psycopg.connect(url) as conn:
        conn.execute("SET statement_timeout = '600s'")
        rows = conn.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql).fetchall()  # the product's own query
    return "\n".join(row[0] for row in rows)


# --- the report -------------------------------------------------------------------

def _ms(value) -> str:
    return "–" if value is None else f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def evaluate(size_results: dict) -> dict:
    """Each page's verdicts at one size."""
    loads = size_results["loads"]
    bare = loads["bare"]["rps"]
    verdicts = {}
    for name, ratio_target, p95_target in PAGES:
        load, page = loads[name], size_results["prepared"]["pages"][name]
        checks = []
        if page["status"] != 200 or load["status_errors"] or load["errors"]:
            checks.append(False)
        if p95_target is not None:
            checks.append(load["p95"] is not None and load["p95"] <= p95_target)
        if ratio_target:
            checks.append(bool(bare) and load["rps"] / bare >= TARGET_RATIO)
        verdicts[name] = all(checks) if checks else None
    return verdicts


def report(results: dict, machine: dict) -> tuple[str, bool]:
    lines = [f"{machine['date']} · {machine['uname']} · {machine['cpus']} CPUs · Python {machine['python']} · "
             f"PostgreSQL {machine['postgres']} · load average at the start {machine['load']} · "
             f"{SECONDS} s a page, {MIXED_SECONDS} s mixed, {CONCURRENCY} connections, {WORKERS} workers", ""]
    passed = True
    explains = []
    for size, result in results.items():
        data, prepared, loads = result["data"], result["prepared"], result["loads"]
        verdicts = evaluate(result)
        bare = loads["bare"]["rps"]
        how = "kept from an earlier run, generated" if data["kept"] else "generated"
        lines += [f"### {size:,} motions", "",
                  f"{data['organisations']} organisations; {how} in **{data['seconds'] / 60:.1f} min**; "
                  f"database {data['bytes'] / 2**20:,.0f} MB. Case page {prepared['case_number']}; deep page "
                  f"{prepared['deep']}; filter status answered and year {prepared['year']}; common word "
                  f"“{prepared['common']}” (in {prepared['common_count']:,} titles), rare word "
                  f"“{prepared['rare']}” (in {prepared['rare_count']}); inbox of {prepared['inbox_body']}.", "",
                  "| Page | p50 ms | p95 ms | req/s | × bare | queries | kB | Target | |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for name, ratio_target, p95_target in PAGES:
            load, page = loads[name], prepared["pages"][name]
            targets = []
            if p95_target is not None:
                targets.append(f"p95 ≤ {p95_target}")
            if ratio_target:
                targets.append(f"≥ {TARGET_RATIO}× bare")
            ok = verdicts[name]
            if ok is False:
                passed = False
                explains.append((size, name, page, result["explains"].get(name, "")))
            rate = f"{load['rps']:,.1f}" if load["rps"] < 100 else f"{load['rps']:,.0f}"
            errors = ""
            if load["errors"] or load["status_errors"] or page["status"] != 200:
                errors = f" ({page['status']}; {load['errors'] + load['status_errors']} failed)"
            if load["requests"] == 0:
                errors += f" (none completed in {SECONDS} s)"
            lines.append(f"| {name}{errors} | {_ms(load['p50'])} | {_ms(load['p95'])} | {rate} | "
                         f"{load['rps'] / bare:.3f} | {page['queries']} | {page['bytes'] / 1024:,.0f} | "
                         f"{', '.join(targets) or 'baseline'} | {'' if ok is None else 'PASS' if ok else 'MISS'} |")
        rss = result["rss"]
        worst = max(rss.values(), default=0.0)
        ok = bool(rss) and worst <= TARGET_RSS_MB
        passed &= ok
        mixed = result["mixed"]
        lines += ["", f"Workers' resident memory after the {MIXED_SECONDS} s mixed load "
                      f"({mixed['requests']:,} requests over every page): "
                      f"{' and '.join(f'{mb:.0f} MB' for mb in rss.values())}; target ≤ {TARGET_RSS_MB} MB: "
                      f"**{'PASS' if ok else 'MISS'}**.", ""]
    if len(results) > 1:
        lines += ["### Queries per page at every size", "", "| Page | " + " | ".join(f"{size:,}" for size in results)
                  + " | Target | |", "|---|" + "---|" * len(results) + "---|---|"]
        for name, *_ in PAGES:
            counts = [result["prepared"]["pages"][name]["queries"] for result in results.values()]
            ok = len(set(counts)) == 1
            passed &= ok
            lines.append(f"| {name} | " + " | ".join(str(count) for count in counts)
                         + f" | the same | {'PASS' if ok else 'MISS'} |")
        lines.append("")
    if explains:
        lines += ["### The slowest query of each page that missed", ""]
        for size, name, page, plan in explains:
            lines += [f"**{name}, {size:,} motions** ({page['slowest_ms']:,.0f} ms in-process of the page's "
                      f"{page['queries']} queries):", "", "```sql", page["slowest_sql"], "```", "", "```",
                      plan or "(no query)", "```", ""]
    return "\n".join(lines), passed


EXPLANATION = f"""{HEADING}

`bench/scale.py` (run by `make bench` after the benchmarks above) measures the
product's pages over generated data at national scale. For each size
(`SCALE_SIZES`, default 10000,1000000 motions) it creates a PostgreSQL database
of its own, `<name>_scale_<N>` beside `DATABASE_URL`'s (or
postgres://postgres@127.0.0.1:5432), fills it with
`manage.py generate_cases --motions N --seed {SEED}` and drops it at the end
(`SCALE_KEEP=1` keeps it, and a later run reuses it instead of generating
again). Without PostgreSQL it says so and is skipped.

The product runs under gunicorn with production settings ({WORKERS} sync workers, `DEBUG`
off, static files collected into a temporary folder), with a bare Django
template view beside it (`bench/urls.py`: a small template, no query, the same
middleware). wrk (Debian's package, installed by `make bench`) loads each page
for `SCALE_SECONDS` ({SECONDS} by default) over {CONCURRENCY} keep-alive connections and gives the
median and 95th percentile of the latencies and the requests per second: a
client in C, so that on a small machine the client does not take the CPU the
server is measured with, as a Python client would at the bare view's rate.
Each page is read once first; after each page's load the
benchmark waits for the workers to be free again. Then a mixed load over every
page for `SCALE_MEMORY_SECONDS` ({MIXED_SECONDS} by default), after which the workers'
resident memory (VmRSS) is read. The queries a page makes are counted
in-process (`CaptureQueriesContext`, after one warm-up request); a page that
misses a target is shown with the EXPLAIN ANALYZE of its slowest query.

Targets: the case page and the case list (first page, a deep page, filtered by
status and year) at least {TARGET_RATIO}× the bare view's requests per second; every
page's p95 at most {TARGET_P95_MS} ms, search's at most {TARGET_SEARCH_P95_MS} ms; the same number of queries
per page at every size; each worker at most {TARGET_RSS_MB} MB after the mixed load.

"""


def write_readme(section: str) -> None:
    text = README.read_text(encoding="utf-8") if README.exists() else ""
    text = text.split("\n" + HEADING, 1)[0].rstrip("\n")
    README.write_text(text + "\n\n" + EXPLANATION + section + "\n", encoding="utf-8")


def main() -> int:
    server = server_url()
    try:
        with _admin(server) as conn:
            version = conn.execute("SHOW server_version").fetchone()[0]
    except Exception as error:  # noqa: BLE001 (any reason the server cannot be reached)
        print(f"Scale benchmark skipped: it needs PostgreSQL ({_with_database(server, 'postgres')}: "
              f"{str(error).strip().splitlines()[0]}).")
        return 0
    if shutil.which("wrk") is None:
        print("Scale benchmark: wrk is missing (Debian's package wrk; `make bench` installs it).")
        return 1
    machine = {
        "date": subprocess.run(["date", "-u"], capture_output=True, text=True).stdout.strip(),
        "uname": " ".join(platform.uname()[i] for i in (0, 2, 4)), "cpus": os.cpu_count(),
        "python": platform.python_version(), "postgres": version.split()[0],
        "load": ", ".join(f"{load:.1f}" for load in os.getloadavg()),
    }
    results = {}
    with tempfile.TemporaryDirectory(prefix="motionsregistret-scale-") as folder:
        tmp = Path(folder)
        static = tmp / "static"
        for size in SIZES:
            print(f"Scale benchmark, {size:,} motions:", flush=True)
            url = _with_database(server, database_name(server, size))
            env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "BENCH_STATIC_ROOT": str(static),
                   "DATABASE_URL": url, "DEBUG": "0", "SECRET_KEY": "benchmark-only", "LOG_LEVEL": "ERROR",
                   "PYTHONPATH": str(ROOT), "MEDIA_ROOT": str(tmp / "media")}
            env.pop("CELERY_BROKER_URL", None)
            try:
                data = ensure_data(server, size, env)
                if not static.exists():
                    _manage(env, "collectstatic", "--noinput", "-v0")
                child = subprocess.run([sys.executable, __file__, "--prepare"], cwd=ROOT, env=env,
                                       capture_output=True, text=True)
                if child.returncode != 0:
                    raise RuntimeError(f"preparing the pages failed:\n{child.stderr}")
                prepared = json.loads(child.stdout.strip().splitlines()[-1])
                served = serve_and_load(env, prepared, tmp)
                result = {"data": data, "prepared": prepared, **served}
                # The plans of the pages that missed, while the database is there.
                result["explains"] = {
                    name: explain(url, prepared["pages"][name]["slowest_sql"])
                    for name, ok in evaluate(result).items() if ok is False and prepared["pages"][name]["slowest_sql"]}
                results[size] = result
                print(report({size: result}, machine)[0], flush=True)
            finally:
                if not KEEP:
                    with _admin(server) as conn:
                        conn.execute(f'DROP DATABASE IF EXISTS "{database_name(server, size)}" WITH (FORCE)')
    section, passed = report(results, machine)
    write_readme(section)
    print(f"\nWritten to {README.relative_to(ROOT)}")
    return 0 if passed else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["--prepare"]:
        prepare_child()
    else:
        sys.exit(main())
