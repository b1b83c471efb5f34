"""Imports run one way: project/ (only urls.py imports the apps) → timeline/ → places/, pure
modules import no Django, and no module imports itself back through others. Read from the
source with ast, so a violation fails here before it confuses anyone. And the tests' URLs name
the dataset's records, never their bare ids."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("project", "places", "timeline")
PURE = ("timeline/dates.py", "places/names.py", "places/matching.py", "places/geometry.py",
        "places/mentions.py", "timeline/phrases.py", "timeline/duplicates.py",
        "places/geojson.py", "timeline/record_names.py", "timeline/extraction.py",
        "places/regions.py", "places/geonames.py", "places/former_names.py")  # fmt: skip


def modules() -> dict[str, Path]:
    """Every module of the three packages, migrations aside, by dotted name."""
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def imports(path: Path, *, top_level_only: bool = False) -> set[str]:
    """The modules a file imports; with top_level_only, those run when it is imported."""
    tree = ast.parse(path.read_text())
    nodes = tree.body if top_level_only else ast.walk(tree)
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def first_party(names: set[str], known: dict[str, Path]) -> set[str]:
    return {name for name in names if name in known}


MODULES = modules()


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n.startswith("places")))
def test_places_knows_nothing_of_events(name):
    assert not {i for i in imports(MODULES[name]) if i.split(".")[0] == "timeline"}


@pytest.mark.parametrize(
    "name", sorted(n for n in MODULES if n.startswith("project") and n != "project.urls")
)
def test_project_imports_no_app_but_in_urls(name):
    assert not {i for i in imports(MODULES[name]) if i.split(".")[0] in ("places", "timeline")}


@pytest.mark.parametrize("path", PURE)
def test_pure_modules_import_no_django(path):
    imported = imports(ROOT / path)
    # A pure module may use another ("from timeline import dates"), never its package.
    pure = imported & {module.removesuffix(".py").replace("/", ".") for module in PURE}
    imported -= pure | {name.rsplit(".", 1)[0] for name in pure}
    roots = {name.split(".")[0] for name in imported}
    assert not roots & {"django", "rest_framework", "django_filters", "project", "timeline"}
    assert not {name for name in imports(ROOT / path) if name.startswith("places.models")}


def test_no_import_circle():
    graph = {
        name: first_party(imports(path, top_level_only=True), MODULES) - {name}
        for name, path in MODULES.items()
    }
    circles = []

    def visit(name, stack):
        if name in stack:
            circles.append(stack[stack.index(name) :] + [name])
            return
        if name in done:
            return
        for target in sorted(graph.get(name, ())):
            visit(target, [*stack, name])
        done.add(name)

    done: set[str] = set()
    for name in sorted(graph):
        visit(name, [])
    assert circles == []


def test_the_checks_see_the_code():
    """Guards the guards: the walk finds the modules and their imports."""
    assert {"places.models", "timeline.reads", "project.urls"} <= set(MODULES)
    assert "timeline.models" in imports(MODULES["timeline.reads"])


# A URL in a test names its record through tests/dataset.py (EVENT["held in Brianka"]) or, for a
# 404, MISSING_ID: a bare number tells a reader nothing and breaks when the fixtures change.
BARE_ID = re.compile(
    r"/(?:events?|places?|actors?|sources?)/\d+/|[?&](?:event|place|actor|source)=\d+"
)


def test_no_test_puts_a_bare_dataset_id_in_a_url():
    assert BARE_ID.search("/api/v1/events/" + "10/history/")  # guards the guard
    assert not BARE_ID.search('f"/api/v1/events/{BRIANKA}/"')
    found = [
        f"{path.relative_to(ROOT)}:{number}: {match.group()}"
        for path in sorted((ROOT / "tests").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for match in BARE_ID.finditer(line)
    ]
    assert found == []
