"""Benchmarks of the minutes: `make bench` (or `.venv/bin/python bench/run.py`).

(a) an extract rendered by the product against WeasyPrint on the same HTML,
(b) the background render of a 60-item protocol: time, pages, peak memory,
(c) a stored PDF fetched through the product's server against a static file.

Everything runs in a temporary folder: an SQLite database (or, when
DATABASE_URL names PostgreSQL, a database of its own beside it, dropped at the
end), the stored files and the server. The results go to bench/README.md.
"""

import copy
import datetime
import gc
import http.client
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT / "cases" / "data"
README = Path(__file__).with_name("README.md")

ITEMS = 60  # minute items in the protocol of (b) and (c)
EXTRACT_RUNS = 15
RENDER_RUNS = 3
FETCHES = 50

TARGET_EXTRACT_RATIO = 1.2
TARGET_RENDER_SECONDS = 8.0
TARGET_RENDER_MB = 300
TARGET_FETCH_RATIO = 1.5

MEETING = {"body": "Kommunstyrelsens arbetsutskott", "date": "2022-01-25"}  # the seed case's § 12
SIGNED_ON = datetime.date(2022, 1, 27)
# The other cases at that meeting: the seed case's story under other titles and movers.
TITLES = [
    "Inrätta en fritidsbank i varje kommundel", "Gratis sommarlov för barn och unga",
    "Fler vuxna i skolan och på fritidsgårdarna", "Trygghetsvandringar i alla kommundelar",
    "Sommarjobb åt alla ungdomar som söker", "Belysning av gång- och cykelvägar",
    "Utökade öppettider på fritidsgårdarna", "Förebyggande arbete mot narkotika bland unga",
    "Mentorsprogram för unga i utsatta områden", "Samverkan mellan skola, socialtjänst och polis",
]
MOVERS = [("Anna Berglund", "M"), ("Erik Sandberg", "S"), ("Lena Holm", "L"), ("Johan Ek", "SD"),
          ("Maria Lind", "C"), ("Per Nyström", "KD"), ("Sofia Åkesson", "MP"), ("Karin Dahl", "S"),
          ("Nujin Alacabek", "V")]
ATTENDANCE = [  # name, role, duty, signs, title, replaces
    ("Anna Berglund", "member", "chair", True, "", None),
    ("Erik Sandberg", "member", "", True, "", None),
    ("Lena Holm", "member", "", False, "", None),
    ("Maria Lind", "substitute", "", False, "", "Johan Ek"),
    ("Nujin Alacabek", "member", "", False, "", None),
    ("Per Nyström", "not_serving", "", False, "", None),
    ("Helena Strand", "other", "secretary", False, "sekreterare", None),
    ("Olof Wikström", "other", "", False, "kommundirektör", None),
]


# --- setting up ---------------------------------------------------------------

def prepare_environment(tmp: Path) -> str | None:
    """Point this process and its children at the temporary database and
    folders. Returns the URL of the PostgreSQL server's own database, if any."""
    given = os.environ.get("DATABASE_URL", "").strip()
    server = None
    if given.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(given)
        server = urlunsplit(parts._replace(path="/postgres"))  # to create and drop the database from
        url = urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_bench"))
    else:
        url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ.pop("CELERY_BROKER_URL", None)  # no broker: a task started here runs in-process
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": url, "MEDIA_ROOT": str(tmp / "media"),
        "DEBUG": "0", "SECRET_KEY": "benchmark-only", "LOG_LEVEL": "ERROR", "PYTHONPATH": str(ROOT),
    })
    if server:
        _postgres(server, "DROP DATABASE IF EXISTS {name}", "CREATE DATABASE {name}")
    return server


def _postgres(server: str, *statements: str) -> None:
    import psycopg

    name = '"' + urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/") + '"'
    with psycopg.connect(server, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement.format(name=name))


def build_meeting():
    """The seed case and 59 more cases handled at one working-committee
    meeting, with its attendance, signed. Returns (meeting, seed case's item)."""
    from cases.casefile.importer import import_cases
    from decisions.models import MinuteItem
    from decisions.services.signing import sign_minutes
    from organisation.models import Meeting, Person
    from organisation.orgfile.loader import load_organisation
    from organisation.services import AttendanceRecord, record_attendance, update_meeting

    huddinge = load_organisation(
        json.loads((DATA / "huddinge-organisation.json").read_text(encoding="utf-8"))).municipality
    seed = json.loads((DATA / "huddinge-avhopparverksamhet.json").read_text(encoding="utf-8"))
    (seed_case,) = import_cases(seed)
    cases = []
    for i in range(1, ITEMS):
        case = copy.deepcopy(seed)
        case.pop("status", None), case.pop("illustrative", None)
        name, party = MOVERS[i % len(MOVERS)]
        mover = {"name": name, "party": party}
        item = {**case["minute_items"][0], "number": 12 + i, "speakers": [mover]}  # after the seed's § 12
        case.update(case_number=f"KS-2021/{400 + i}", title=TITLES[i % len(TITLES)], movers=[mover],
                    minute_items=[item])
        cases.append(case)
    import_cases(cases)

    meeting = Meeting.objects.get(body__name=MEETING["body"], date=MEETING["date"])
    people = {p.name: p for p in Person.objects.filter(municipality=huddinge)}
    update_meeting(meeting, starts_at=datetime.time(13), ends_at=datetime.time(16, 40), place=meeting.place,
                   kept_at="Kommunstyrelsens förvaltning, Huddinge kommun", by=None)
    record_attendance(meeting, [
        AttendanceRecord(person=people[name], role=role, duty=duty, signs=signs, title=title,
                         replaces=people.get(replaces))
        for name, role, duty, signs, title, replaces in ATTENDANCE
    ], by=None)
    meeting = sign_minutes(meeting, signed_on=SIGNED_ON, by=None)
    assert meeting.items.count() == ITEMS
    return meeting, MinuteItem.objects.get(meeting=meeting, motion=seed_case)


# --- (a) an extract -------------------------------------------------------------

def bench_extract(item_id: int) -> dict:
    import weasyprint
    from django.conf import settings

    from decisions.documents import extract_html, extract_pdf
    from decisions.selectors.minutes import minute_items_for_render
    from lib.pdf import PDF_VARIANT

    start = time.perf_counter()
    item = minute_items_for_render().get(pk=item_id)  # as the extract page reads it
    read_s = time.perf_counter() - start
    html = extract_html(item)

    def product():  # compose the HTML, lay it out, write PDF/A
        return extract_pdf(item)

    def direct():
        return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant=PDF_VARIANT)

    product(), direct()  # fonts and caches warm
    times = {product: [], direct: []}
    for turn in range(EXTRACT_RUNS):
        for run in (product, direct) if turn % 2 == 0 else (direct, product):
            gc.collect()  # neither pays for the other's garbage
            start = time.perf_counter()
            pdf = run()
            times[run].append(time.perf_counter() - start)
    product_s, direct_s = statistics.median(times[product]), statistics.median(times[direct])
    return {"product_s": product_s, "direct_s": direct_s, "ratio": product_s / direct_s, "read_s": read_s,
            "bytes": len(pdf)}


# --- (b) the protocol, rendered in a child process ------------------------------

def render_child(meeting_id: int, baseline: bool) -> None:
    """Run by (b) in a fresh process: the background render of the protocol
    (or, as the baseline, everything but the render). Prints its figures."""
    import django

    django.setup()
    from decisions.models import RenderedDocument, RenderJob
    from decisions.services.rendering import run_render

    result = {}
    if not baseline:
        # Not stored yet: the render lays the protocol out, as after any change to the minutes.
        for document in RenderedDocument.objects.filter(meeting_id=meeting_id, kind=RenderedDocument.Kind.PROTOCOL):
            document.file.delete(save=False)
            document.delete()
        job = RenderJob.objects.create(meeting_id=meeting_id)
        start = time.perf_counter()
        job = run_render(job.pk)
        result = {"seconds": time.perf_counter() - start, "state": job.state, "items": job.items_total,
                  "pages": job.document.pages, "bytes": job.document.size}
    else:
        RenderJob.objects.filter(meeting_id=meeting_id).count()  # connected, as the render is
    print(json.dumps({**result, "peak_kb": peak_rss_kb()}))


def peak_rss_kb() -> int:
    """This process's peak resident memory (VmHWM: of this program alone, not
    of the process it was forked from)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _child(meeting_id: int, *flags: str) -> dict:
    child = subprocess.run([sys.executable, __file__, "--render", str(meeting_id), *flags], cwd=ROOT,
                           capture_output=True, text=True)
    if child.returncode != 0:
        raise RuntimeError(f"the render process failed:\n{child.stderr}")
    return json.loads(child.stdout.strip().splitlines()[-1])


def bench_protocol(meeting_id: int) -> dict:
    baseline = _child(meeting_id, "--baseline")
    runs = [_child(meeting_id) for _ in range(RENDER_RUNS)]
    assert all(run["state"] == "done" and run["items"] == ITEMS for run in runs), runs
    peak = max(run["peak_kb"] for run in runs)
    return {"seconds": statistics.median(run["seconds"] for run in runs), "pages": runs[-1]["pages"],
            "bytes": runs[-1]["bytes"], "peak_mb": peak / 1024, "baseline_mb": baseline["peak_kb"] / 1024,
            "memory_mb": (peak - baseline["peak_kb"]) / 1024}


# --- (c) a stored PDF through the server ---------------------------------------

def bench_fetch(meeting, tmp: Path) -> dict:
    """The signed protocol through its URL against a static file of the same
    bytes, both through gunicorn with whitenoise, as the product is deployed."""
    from django.urls import reverse

    from decisions.models import RenderedDocument
    from decisions.services.rendering import archived_document, start_render

    start_render(meeting, archive=True, by=None)  # as signing does; runs in-process here
    document = archived_document(meeting, RenderedDocument.Kind.PROTOCOL)
    assert document is not None, "the signed protocol was not archived"
    static_root = tmp / "static"
    (static_root / "bench").mkdir(parents=True)
    shutil.copyfile(document.file.path, static_root / "bench" / "protokoll.pdf")
    urls = {"stored": reverse("decisions:protocol_pdf", kwargs={"meeting_id": meeting.pk}),
            "static": "/static/bench/protokoll.pdf"}

    port = _free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "BENCH_STATIC_ROOT": str(static_root)}
    log = open(tmp / "gunicorn.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", f"--bind=127.0.0.1:{port}", "--workers=1"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_for_port(port, server, tmp / "gunicorn.log")
        times = {name: [] for name in urls}
        for turn in range(3 + FETCHES):  # three to warm up, then in turns, each first every other time
            for name in ("stored", "static") if turn % 2 == 0 else ("static", "stored"):
                seconds = _fetch(port, urls[name], document.size)
                if turn >= 3:
                    times[name].append(seconds)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=15)
        log.close()
    stored, static = statistics.median(times["stored"]), statistics.median(times["static"])
    return {"stored_ms": stored * 1000, "static_ms": static * 1000, "ratio": stored / static,
            "bytes": document.size, "url": urls["stored"]}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port: int, server, log: Path, timeout=60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped:\n{log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not start:\n{log.read_text()}")


def _fetch(port: int, url: str, size: int) -> float:
    """One GET on a new connection, to the last byte."""
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", url)
    response = conn.getresponse()
    body = response.read()
    seconds = time.perf_counter() - start
    conn.close()
    if response.status != 200 or len(body) != size:
        raise RuntimeError(f"GET {url}: {response.status}, {len(body)} bytes (expected {size})")
    return seconds


# --- the report ----------------------------------------------------------------

def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report(a: dict, b: dict, c: dict, machine: dict) -> tuple[str, bool]:
    rows = [
        ("(a) Extract of the seed case: product / WeasyPrint direct",
         f"{a['product_s'] * 1000:.0f} ms / {a['direct_s'] * 1000:.0f} ms = **{a['ratio']:.2f}** "
         f"(reading the item first: {a['read_s'] * 1000:.0f} ms)",
         f"≤ {TARGET_EXTRACT_RATIO}", a["ratio"] <= TARGET_EXTRACT_RATIO),
        (f"(b) Protocol of {ITEMS} items, background render",
         f"**{b['seconds']:.2f} s**, {b['pages']} pages, {b['bytes'] / 1024:.0f} KiB",
         f"< {TARGET_RENDER_SECONDS:g} s", b["seconds"] < TARGET_RENDER_SECONDS),
        ("(b) Its peak memory above the idle process",
         f"**{b['memory_mb']:.0f} MB** (peak {b['peak_mb']:.0f} MB − idle {b['baseline_mb']:.0f} MB)",
         f"< {TARGET_RENDER_MB} MB", b["memory_mb"] < TARGET_RENDER_MB),
        ("(c) Stored PDF via its URL / same-size static file",
         f"{c['stored_ms']:.1f} ms / {c['static_ms']:.1f} ms = **{c['ratio']:.2f}** "
         f"({c['bytes'] / 1024:.0f} KiB each)",
         f"≤ {TARGET_FETCH_RATIO}", c["ratio"] <= TARGET_FETCH_RATIO),
    ]
    lines = ["| Measure | Result | Target | |", "|---|---|---|---|"]
    lines += [f"| {what} | {result} | {target} | {verdict(ok)} |" for what, result, target, ok in rows]
    about = (f"{machine['date']} · {machine['uname']} · {machine['cpus']} CPUs · Python {machine['python']} · "
             f"WeasyPrint {machine['weasyprint']} · {machine['database']}")
    return about + "\n\n" + "\n".join(lines), all(ok for *_, ok in rows)


EXPLANATION = f"""# Benchmarks

`make bench` measures how fast the minutes are rendered and served, and
writes the latest results below. It needs nothing but the project's own
packages: it builds its data in a temporary SQLite database (or, when
`DATABASE_URL` names PostgreSQL, in a database `<name>_bench` beside it) and a
temporary media folder, and removes them, and the server it starts, at the end.
It exits with status 1 when a target is missed.

The data: Huddinge's organisation and the seed case (KS-2021/345), then
{ITEMS - 1} more cases with the seed case's text under other titles and movers,
all handled at the working committee's meeting of 2022-01-25, which is given
its attendance and signed: a protocol of {ITEMS} paragraphs, each on its own
pages.

- **(a) Extract.** The extract (protokollsutdrag) of the seed case's § 12 as
  the product makes it (`extract_pdf(item)`: compose the HTML from the item,
  lay it out, write PDF/A) against WeasyPrint writing the same HTML directly
  (`weasyprint.HTML(string=…).write_pdf(pdf_variant=…)`). Median of
  {EXTRACT_RUNS} runs each after one warm-up run, taken in turns (each goes
  first every other time) with the garbage collected before each. The item is
  read once beforehand, as the extract page reads it
  (`minute_items_for_render`); that read is shown beside the ratio.
- **(b) Protocol.** The background render of the whole protocol
  (`run_render` on a new job: compose every §, lay out, store the PDF), in a
  fresh process each time, {RENDER_RUNS} times, after its stored PDF is
  removed; the median time. Peak memory is the process's peak resident set
  (VmHWM) in the worst run, minus that of the same process doing everything
  but the render (Django started, the rendering code imported, the database
  connected).
- **(c) Serving.** The signed protocol, archived as signing does it, fetched
  through its URL (`decisions:protocol_pdf`) from the product running under
  gunicorn (one sync worker, `DEBUG` off), against a static file with the same
  bytes served by whitenoise in the same server (`bench/settings.py` points
  `STATIC_ROOT` at a temporary folder holding only that file). {FETCHES} GET requests each,
  in turns, each on a new connection and timed to the last byte, after three
  warm-up requests; the ratio of the medians.

## Latest results

"""


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="motionsregistret-bench-") as folder:
        tmp = Path(folder)
        server = prepare_environment(tmp)
        try:
            import django

            django.setup()
            import weasyprint
            from django.core.management import call_command
            from django.db import connection

            call_command("migrate", verbosity=0)
            print("Building the meeting …", flush=True)
            meeting, seed_item = build_meeting()
            print("(a) extract …", flush=True)
            a = bench_extract(seed_item.pk)
            print("(b) protocol …", flush=True)
            b = bench_protocol(meeting.pk)
            print("(c) serving …", flush=True)
            c = bench_fetch(meeting, tmp)
            machine = {
                "date": subprocess.run(["date", "-u"], capture_output=True, text=True).stdout.strip(),
                "uname": " ".join(platform.uname()[i] for i in (0, 2, 4)),
                "cpus": os.cpu_count(), "python": platform.python_version(),
                "weasyprint": weasyprint.__version__,
                "database": "PostgreSQL" if connection.vendor == "postgresql" else "SQLite",
            }
        finally:
            if server:
                from django.db import connections

                connections.close_all()
                _postgres(server, "DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    table, passed = report(a, b, c, machine)
    print("\n" + table)
    # The scale benchmark's section (bench/scale.py) stays as it last wrote it.
    from bench.scale import HEADING

    previous = README.read_text(encoding="utf-8") if README.exists() else ""
    scale = previous[previous.index("\n" + HEADING):] if "\n" + HEADING in previous else ""
    README.write_text(EXPLANATION + table + "\n" + scale, encoding="utf-8")
    print(f"\nWritten to {README.relative_to(ROOT)}")
    return 0 if passed else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["--render"]:
        render_child(int(sys.argv[2]), baseline="--baseline" in sys.argv)
    else:
        sys.exit(main())
