"""Imports point one way: the layer contracts in pyproject.toml, checked by import-linter.

``[tool.importlinter]`` is the one statement of the layers (docs/architecture.md shows it);
these tests run ``lint-imports`` on the tree as ``make lint`` does, show that the same linter
refuses the tree when the layers are turned upside down, and hold the DAG files (modules of
Airflow's DAGs folder, not a package the linter can read) to importing the task layer only.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
LAYERS = next(c for c in CONFIG["contracts"] if c["type"] == "layers")["layers"]


def lint_imports(config: Path | None = None) -> subprocess.CompletedProcess[str]:
    args = [str(LINT_IMPORTS), "--no-logo", "--no-cache"] + ([str(config)] if config else [])
    return subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=300)


def _toml_list(values: list[str]) -> str:
    return "[" + ", ".join(f'"{v}"' for v in values) + "]"


def test_the_tree_keeps_every_contract() -> None:
    done = lint_imports()
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{len(CONFIG['contracts'])} kept, 0 broken" in done.stdout


def test_the_contracts_name_every_code_folder() -> None:
    packages = {p.parent.name for p in REPO.glob("*/__init__.py")}
    assert packages - {"tests", "bench", "deploy"} == set(CONFIG["root_packages"])
    named = {module.strip() for layer in LAYERS for module in layer.split("|")}
    assert named == set(CONFIG["root_packages"])
    assert LAYERS[-1] == "core"


def test_the_linter_refuses_the_layers_upside_down(tmp_path: Path) -> None:
    upside_down = tmp_path / "upside_down.toml"
    upside_down.write_text(
        "[tool.importlinter]\n"
        f"root_packages = {_toml_list(CONFIG['root_packages'])}\n"
        "[[tool.importlinter.contracts]]\n"
        'name = "upside down"\ntype = "layers"\n'
        f"layers = {_toml_list(list(reversed(LAYERS)))}\n", encoding="utf-8")
    done = lint_imports(upside_down)
    assert done.returncode == 1, done.stdout
    assert "upside down BROKEN" in done.stdout
    assert "core" in done.stdout


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
            [node.module] if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 else [])
        found += [(node.lineno, name) for name in names]
    return found


def _our_imports(path: Path) -> list[tuple[int, str]]:
    ours = set(CONFIG["root_packages"])
    return [(line, name) for line, name in _imports(path) if name.split(".")[0] in ours]


def test_dag_files_import_the_task_layer_only() -> None:
    dag_files = sorted((REPO / "dags").glob("*.py"))
    assert dag_files
    upward = [f"{path.name}:{line} imports {module}" for path in dag_files for line, module in _our_imports(path)
              if module.split(".")[0] != "pantau"]
    assert upward == []


def test_the_dag_check_sees_a_forbidden_import(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from pantau.tasks.coverage import ingest\n    import warehouse.db\n"
                     "from core import errors\nimport airflow\n")
    assert sorted(_our_imports(probe)) == [(2, "pantau.tasks.coverage"), (3, "warehouse.db"), (4, "core")]


def test_no_source_module_runs_past_500_lines() -> None:
    """A module past 500 lines does several jobs: split it by responsibility (migrations excepted)."""
    long = []
    for folder in [*CONFIG["root_packages"], "dags"]:
        for path in (REPO / folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > 500:
                long.append(f"{path.relative_to(REPO)}: {lines} lines")
    assert long == []


def test_no_test_imports_the_benchmarks() -> None:
    """The benchmarks import the tests' loaders and scorers (tests/news, tests/claims), never the reverse."""
    from_bench = [f"{path.relative_to(REPO)}:{line} imports {module}"
                  for path in sorted((REPO / "tests").rglob("*.py"))
                  for line, module in _imports(path) if module.split(".")[0] == "bench"]
    assert from_bench == []
