"""Imports point one way: the task layer calls into the folders below it, never the reverse.

Every import of the project's own code, at module level or inside a function, is checked
against the layer table that README's "Layout" section draws.
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# What each folder may import besides itself. ``pantau.core`` (settings, errors, logging) is the
# bottom, importing nothing of ours; ``pantau`` is the task layer (CLI, task bodies, services).
ALLOWED: dict[str, set[str]] = {
    "pantau.core": set(),
    "transforms": {"pantau.core"},
    "extractors": {"transforms", "pantau.core"},
    "warehouse": {"transforms", "pantau.core"},
    "expectations": {"warehouse", "transforms", "pantau.core"},
    "reports": {"warehouse", "expectations", "transforms", "pantau.core"},
    "pantau": {"extractors", "transforms", "expectations", "warehouse", "reports", "pantau.core"},
    "dags": {"pantau"},
}
OURS = ("pantau", "extractors", "transforms", "expectations", "warehouse", "reports", "dags")


def _layer(module: str) -> str | None:
    if module == "pantau.core" or module.startswith("pantau.core."):
        return "pantau.core"
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
            if node.module == "pantau":  # "from pantau import core" is the core, "... import news" is not
                found += [(node.lineno, f"pantau.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, node.module))
    return found


def layer_violations() -> list[str]:
    problems = []
    for folder in ("pantau", "extractors", "transforms", "expectations", "warehouse", "reports", "dags"):
        for path in sorted((REPO / folder).rglob("*.py")):
            own = _layer(_module_of(path))
            assert own is not None
            for line, module in _imports(path):
                target = _layer(module)
                if target is None or target == own:
                    continue
                if target not in ALLOWED[own]:
                    problems.append(f"{path.relative_to(REPO)}:{line} ({own}) imports {module} ({target})")
    return problems


def test_imports_point_down_only() -> None:
    assert layer_violations() == []


def test_the_layer_table_has_no_cycle() -> None:
    def reaches(start: str, goal: str, seen: frozenset[str] = frozenset()) -> bool:
        return any(nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})) for nxt in ALLOWED[start])

    assert [layer for layer in ALLOWED if reaches(layer, layer)] == []


def test_the_checker_sees_an_upward_import(tmp_path: Path) -> None:
    upward = tmp_path / "probe.py"
    upward.write_text("def f():\n    from pantau.tasks.coverage import ingest\n    import warehouse.db\n"
                      "from pantau import news, core\n")
    assert sorted((line, _layer(module)) for line, module in _imports(upward)) == [
        (2, "pantau"), (3, "warehouse"), (4, "pantau"), (4, "pantau.core")]
