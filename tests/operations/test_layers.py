"""Imports point one way: each folder imports only the folders README's layer table lets it.

The table is read from README.md's "Layout" section itself, so the drawing a newcomer reads and
the rule this test holds the tree to are one text; every import of the project's own code, at
module level or inside a function, is checked against it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
NOTHING = {"nothing of ours", "nothing", "–", "-"}


def layer_table(readme: str) -> dict[str, set[str]]:
    """``folder -> folders it may import`` from the table under README's "## Layout" heading."""
    section = readme.split("\n## Layout", 1)[1].split("\n## ", 1)[0]
    table: dict[str, set[str]] = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 2 or not cells[0].startswith("`"):
            continue
        folder = cells[0].strip("`").rstrip("/")
        if cells[1] in NOTHING:
            table[folder] = set()
        else:
            table[folder] = {name.rstrip("/") for name in re.findall(r"`([^`]+)`", cells[1])}
    return table


ALLOWED = layer_table((REPO / "README.md").read_text(encoding="utf-8"))
OURS = tuple(ALLOWED)


def _layer(module: str) -> str | None:
    top = module.split(".")[0]
    return top if top in OURS else None


def _module_of(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def layer_violations(allowed: dict[str, set[str]]) -> list[str]:
    problems = []
    for folder in allowed:
        for path in sorted((REPO / folder).rglob("*.py")):
            own = _layer(_module_of(path))
            assert own == folder
            for line, module in _imports(path):
                target = _layer(module)
                if target is None or target == own:
                    continue
                if target not in allowed[own]:
                    problems.append(f"{path.relative_to(REPO)}:{line} ({own}) imports {module} ({target})")
    return problems


def cycles(allowed: dict[str, set[str]]) -> list[str]:
    def reaches(start: str, goal: str, seen: frozenset[str] = frozenset()) -> bool:
        return any(nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt}))
                   for nxt in allowed.get(start, set()))

    return [layer for layer in allowed if reaches(layer, layer)]


def test_readme_table_names_every_code_folder() -> None:
    folders = {p.parent.relative_to(REPO).parts[0] for p in REPO.glob("*/__init__.py")}
    folders |= {"dags"}
    assert folders - {"tests", "bench", "deploy"} == set(ALLOWED)
    assert ALLOWED["core"] == set()


def test_imports_point_down_only() -> None:
    assert layer_violations(ALLOWED) == []


def test_the_readme_table_has_no_cycle() -> None:
    assert cycles(ALLOWED) == []


def test_a_cycle_written_into_the_table_is_seen() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    broken = readme.replace("| `core` | nothing of ours |", "| `core` | `transforms` |")
    assert broken != readme
    assert "core" in cycles(layer_table(broken))


def test_the_checker_sees_an_upward_import(tmp_path: Path) -> None:
    upward = tmp_path / "probe.py"
    upward.write_text("def f():\n    from pantau.tasks.coverage import ingest\n    import warehouse.db\n"
                      "from core import errors\nimport samples.site\n")
    assert sorted((line, _layer(module)) for line, module in _imports(upward)) == [
        (2, "pantau"), (3, "warehouse"), (4, "core"), (5, "samples")]
    table = dict(ALLOWED)
    assert "pantau" not in table["transforms"]


def test_no_source_module_runs_past_500_lines() -> None:
    """A module past 500 lines does several jobs: split it by responsibility (migrations excepted)."""
    long = []
    for folder in ALLOWED:
        for path in (REPO / folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > 500:
                long.append(f"{path.relative_to(REPO)}: {lines} lines")
    assert long == []
