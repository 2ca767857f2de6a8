"""The apps depend one way (docs/architecture.md): a lower app never imports a
higher one, so no two apps import each other."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Bottom up. `lib` holds plain helpers and imports no app; `config` sits on top.
LAYERS = ["lib", "organisation", "signatures", "accounts", "publication", "motions", "documents", "referrals",
          "decisions", "archive", "reminders", "cases", "noticeboard", "feeds", "public", "stats", "config"]


def imported_packages(path: Path) -> set[str]:
    """Every top-level package the module imports, also inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & set(LAYERS)


@pytest.mark.parametrize("app", LAYERS)
def test_an_app_imports_only_apps_below_it(app):
    allowed = set(LAYERS[: LAYERS.index(app) + 1])
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) - allowed)
        for path in (ROOT / app).rglob("*.py")
    }
    assert {path: higher for path, higher in wrong.items() if higher} == {}


def test_the_check_sees_a_higher_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from decisions.models import MinuteItem\n")
    assert imported_packages(module) == {"decisions"}
