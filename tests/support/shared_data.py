"""Test data built once and shared by consecutive tests, each test in its own
nested transaction.

Some fixtures are expensive: the seed case with its three meetings signed
renders real PDF/A through WeasyPrint (about a second). A fixture declared
with ``shared_fixture`` builds its data once, inside a transaction of its own
(a savepoint when it stands on another shared fixture) opened before the
test's; each test that uses it then runs in pytest-django's nested transaction
and sees the data fresh, since whatever it changes rolls back. The data is
kept while the next test wants it and rolled back as soon as it does not, so
no test ever sees data it did not ask for.

Shared fixtures stand on one another (``after=``): Huddinge's organisation,
the seed case, the seed case signed, ... A test wants the chain below the
deepest shared fixture it uses (directly or through other fixtures); what is
built is kept as far as it agrees with that chain, the rest is rolled back and
the missing part built. Tests are grouped within their module or class by the
chain they want, so that each chain is built about once per module; the tests
of a fixture declared with ``gather=True`` (the signed seed case) run together
at the end of the database tests, so that it is built once in the session (see
``SharedData.group``).

Not shared, but built in the test's own transaction as any fixture would be:

- tests marked ``django_db`` (pytest-django opens their transaction before the
  shared data could be put under it);
- transactional tests and live servers (``transaction=True``,
  ``transactional_db``, ``live_server``): other connections must see
  committed data;
- Django ``TestCase`` classes;
- a shared fixture declared in a test module and imported into another one;
- a fixture on another chain than the deepest one the test wants.

Media: each level's files (rendered PDFs, uploaded attachments) go to a
folder of its own, begun as a copy of the level below's; a test gets a copy of
the top level's files in its own MEDIA_ROOT, so it may add and delete files
freely. The cache is cleared after each build (``empty_cache`` clears it
around every test).
"""

import inspect
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import SimpleTestCase, override_settings

# A test using any of these needs committed data: nothing is shared with it.
TRANSACTIONAL = frozenset({"transactional_db", "live_server", "django_db_reset_sequences",
                           "django_db_serialized_rollback"})


@dataclass(frozen=True)
class Layer:
    name: str  # the fixture's name
    after: "Layer | None"
    build: Callable[..., Any]  # its parameters name shared fixtures below it, whose values it gets
    # Where it was declared, as pytest sees fixtures: a conftest's folder serves
    # the tests below it, a test module only its own tests (not one it is
    # imported into: there it is built for each test).
    folder: Path | None
    module: str | None
    gather: bool = False  # its tests run together, whatever their module (see SharedData.group)

    @property
    def depth(self) -> int:
        """The more specific declaration of a name wins: a test module's, then the nearest conftest's."""
        return 10_000 if self.module else len(self.folder.parts)

    def serves(self, path: Path, module: str | None) -> bool:
        return module == self.module if self.module else path.is_relative_to(self.folder)

    def chain(self) -> list["Layer"]:
        return [*(self.after.chain() if self.after else []), self]

    @property
    def needs(self) -> list[str]:
        return list(inspect.signature(self.build).parameters)


@dataclass
class _Built:
    layer: Layer
    atomic: transaction.Atomic
    value: Any
    media: Any  # pathlib.Path


class SharedData:
    def __init__(self):
        self.layers: dict[str, list[Layer]] = {}  # by name
        self.stack: list[_Built] = []
        self.blocker = None  # pytest-django's django_db_blocker
        self.tmp = None  # pytest's tmp_path_factory

    # --- declaring -----------------------------------------------------------

    def declare(self, name: str, build: Callable[..., Any], after: str | None, gather: bool = False) -> Layer:
        module = build.__module__
        path = Path(sys.modules[module].__file__).resolve()
        below = None
        if after is not None:
            below = self.find(after, path, module)
            if below is None:
                raise ValueError(f"shared fixture {name!r}: no shared fixture {after!r} declared before it")
        if path.name == "conftest.py":
            layer = Layer(name, below, build, folder=path.parent, module=None, gather=gather)
        else:
            layer = Layer(name, below, build, folder=None, module=module, gather=gather)
        unknown = set(layer.needs) - {other.name for other in layer.chain()[:-1]}
        if unknown:
            raise ValueError(f"shared fixture {name!r} asks for {sorted(unknown)}, not shared fixtures below it")
        others = [other for other in self.layers.get(name, [])
                  if (other.folder, other.module) != (layer.folder, layer.module)]
        self.layers[name] = [*others, layer]
        return layer

    def find(self, name: str, path: Path, module: str | None) -> Layer | None:
        """The shared fixture `name` as a test at `path` in `module` sees it."""
        serving = [layer for layer in self.layers.get(name, []) if layer.serves(path, module)]
        return max(serving, key=lambda layer: layer.depth, default=None)

    # --- what a test wants -----------------------------------------------------

    @staticmethod
    def shareable(item) -> bool:
        names = getattr(item, "fixturenames", None)
        if not names or "db" not in names or TRANSACTIONAL.intersection(names):
            return False
        if item.get_closest_marker("django_db") is not None:
            return False
        cls = getattr(item, "cls", None)
        return not (cls is not None and issubclass(cls, SimpleTestCase))

    def wanted(self, item) -> list[Layer]:
        if item is None or not self.shareable(item):
            return []
        module = getattr(getattr(item, "module", None), "__name__", None)
        path = Path(item.path).resolve()
        chains = []
        for name in item.fixturenames:
            layer = self.find(name, path, module)
            if layer is not None:
                chains.append(layer.chain())
        return max(chains, key=len, default=[])

    def group(self, items: list) -> None:
        """Within each run of tests of the same module or class, those wanting
        the same chain next to each other (a stable sort: the order is kept
        otherwise). Tests wanting a fixture declared with ``gather=True`` are
        taken out of their modules and run together after the other tests that
        can share data (before the transactional ones), so that it is built
        once in the session."""
        chains = {id(item): tuple(layer.name for layer in self.wanted(item)) for item in items}
        gathered = [item for item in items if any(layer.gather for layer in self.wanted(item))]
        if gathered:
            taken = {id(item) for item in gathered}
            rest = [item for item in items if id(item) not in taken]
            last = max((i for i, item in enumerate(rest) if self.shareable(item)), default=-1)
            items[:] = rest[:last + 1] + sorted(gathered, key=lambda item: chains[id(item)]) + rest[last + 1:]
        start = 0
        while start < len(items):
            end = start
            while end < len(items) and items[end].parent is items[start].parent:
                end += 1
            items[start:end] = sorted(items[start:end], key=lambda item: chains[id(item)])
            start = end

    # --- the stack of built data -------------------------------------------------

    def _in_step(self) -> bool:
        """Nothing but the shared data's own transactions is open."""
        return connection.atomic_blocks == [built.atomic for built in self.stack]

    def enter(self, request, media_root) -> None:
        """Before the test's transaction opens: build what the test wants."""
        wanted = self.wanted(request.node)
        if not self._in_step():
            return  # the test's transaction came first (a django_db marker): built in it instead
        self.prune(wanted)
        missing = wanted[len(self.stack):]
        if missing:
            request.getfixturevalue("_shared_data_db")
            for layer in missing:
                self._push(layer)
        if self.stack:
            shutil.copytree(self.stack[-1].media, media_root, dirs_exist_ok=True)

    def prune(self, wanted: list[Layer]) -> None:
        """Roll back what is built beyond what `wanted` has in common with it."""
        keep = 0
        while keep < min(len(self.stack), len(wanted)) and self.stack[keep].layer is wanted[keep]:
            keep += 1
        while len(self.stack) > keep:
            self._pop()

    def value(self, layer: Layer, below: dict[str, Any]) -> Any:
        for built in self.stack:
            if built.layer is layer:
                return built.value
        return layer.build(**below)  # not shared with this test: built in its own transaction

    def _push(self, layer: Layer) -> None:
        media = self.tmp.mktemp(f"shared-{layer.name}")
        if self.stack:
            shutil.copytree(self.stack[-1].media, media, dirs_exist_ok=True)
        with self.blocker.unblock():
            atomic = transaction.atomic()
            # As TestCase marks its own: a durable atomic block may still open inside.
            atomic._from_testcase = True
            atomic.__enter__()
            try:
                below = {built.layer.name: built.value for built in self.stack}
                with override_settings(MEDIA_ROOT=media):
                    value = layer.build(**{name: below[name] for name in layer.needs})
                connection.check_constraints()
            except BaseException:
                self._roll_back(atomic)
                shutil.rmtree(media, ignore_errors=True)
                raise
            finally:
                cache.clear()
        self.stack.append(_Built(layer, atomic, value, media))

    def _pop(self) -> None:
        built = self.stack.pop()
        with self.blocker.unblock():
            self._roll_back(built.atomic)
        shutil.rmtree(built.media, ignore_errors=True)

    @staticmethod
    def _roll_back(atomic) -> None:
        if atomic not in connection.atomic_blocks:
            return  # the connection was closed, and its transaction with it
        if connection.atomic_blocks[-1] is not atomic:
            raise RuntimeError("Shared test data: a transaction opened inside it is still open.")
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


SHARED = SharedData()


def shared_fixture(name: str, *, after: str | None = None, gather: bool = False):
    """Declare the fixture `name`, whose value the decorated function builds
    (with the data it writes) once for consecutive tests; see the module's
    documentation. The value should be plain data (primary keys, say): a
    fixture built on it fetches fresh objects for each test. The function's
    parameters, if any, name shared fixtures below it, whose values it gets.
    With ``gather=True`` the tests using it run together, out of their
    modules, so that it is built once in the session (for the most expensive).

        @shared_fixture("shared_seed_case", after="shared_huddinge")
        def shared_seed_case():
            (motion,) = import_cases(...)
            return motion.pk

        @pytest.fixture
        def seed_case(huddinge, shared_seed_case):
            return Motion.objects.get(pk=shared_seed_case)
    """
    def declare(build):
        layer = SHARED.declare(name, build, after, gather)

        def fixture(request, db, _shared_data):
            if layer.after is not None:
                request.getfixturevalue(layer.after.name)  # built first, whether shared or not
            below = {needed: request.getfixturevalue(needed) for needed in layer.needs}
            return _shared_data.value(layer, below)

        fixture.__doc__ = build.__doc__
        fixture.__module__ = build.__module__
        return pytest.fixture(name=name)(fixture)

    return declare
