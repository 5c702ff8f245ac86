"""The wheel installs and works on its own: built from the sources, installed into a fresh environment,
and run from a folder outside the repository, it migrates the warehouse, ingests an export, builds
the report and reads a news page with the data files the extractor needs (what docs/operations.md's production
step 1 does in an Airflow image); the sample data and the demo stay out of it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import SAMPLE_DIR

REPO = Path(__file__).resolve().parents[2]
IGNORED = shutil.ignore_patterns(".venv", "var", ".git", "build", "*.egg-info", "__pycache__", ".mypy_cache",
                                 ".ruff_cache", ".pytest_cache")


def _run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, **kwargs)  # type: ignore[call-overload]
    assert done.returncode == 0, f"{' '.join(command)}:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
    return done


@pytest.mark.slow
@pytest.mark.xdist_group("package")
def test_the_wheel_migrates_ingests_and_reports_from_outside_the_repository(tmp_path: Path) -> None:
    uv = Path(sys.executable).parent / "uv"
    assert uv.is_file(), "uv comes with `make install`"
    source = tmp_path / "src"
    shutil.copytree(REPO, source, ignore=IGNORED)
    _run([str(uv), "build", "--wheel", "--offline", "--out-dir", str(tmp_path / "dist"), str(source)])
    wheel = next((tmp_path / "dist").glob("pantau-*.whl"))
    # What ships: the pipeline and the data it reads, never the sample data, the sample site or the demo
    # (a distribution of their own, samples/pyproject.toml).
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names if not name.split("/")[0].endswith((".dist-info", ".data"))}
    assert tops == {"core", "pantau", "extractors", "transforms", "expectations", "warehouse", "reports", "reference"}
    # ... and the DAG files, installed under the prefix (share/pantau/dags), with the timetable's plugin.
    shipped_dags = sorted(n.rsplit("/", 1)[-1] for n in names if "/data/share/pantau/dags/" in n)
    assert shipped_dags == sorted(p.name for p in (REPO / "dags").glob("*.py"))
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "pantau.timetables:PantauPlugin" in zipfile.ZipFile(wheel).read(entry_points).decode()

    # A fresh environment with only the wheel of our own; its dependencies come from the test's
    # environment, added after the env's own site-packages (a .pth line), never the checkout.
    env_dir = tmp_path / "env"
    _run([str(uv), "venv", "--offline", "--python", sys.executable, str(env_dir)])
    python = env_dir / "bin" / "python"
    _run([str(uv), "pip", "install", "--offline", "--no-deps", "--python", str(python), str(wheel)])
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]).stdout.strip())
    (site / "zz_test_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")

    work = tmp_path / "work"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PANTAU_") and k != "PYTHONPATH"}
    env["PANTAU_PSEUDONYM_KEY"] = os.environ["PANTAU_PSEUDONYM_KEY"]
    where = _run([str(python), "-c", "import pantau, reports, warehouse; print(pantau.__file__)"], cwd=work, env=env)
    assert Path(where.stdout.strip()).is_relative_to(env_dir), where.stdout

    pantau = str(env_dir / "bin" / "pantau")
    no_samples = _run([str(python), "-c", "import importlib.util; print(importlib.util.find_spec('samples'))"],
                      cwd=work, env=env)
    assert no_samples.stdout.strip() == "None"
    assert " sample " not in _run([pantau, "--help"], cwd=work, env=env).stdout
    _run([pantau, "warehouse", "upgrade"], cwd=work, env=env)
    export = Path(shutil.copy(SAMPLE_DIR / "coverage" / "rekap-kepesertaan-2024-06.csv", work))
    ingested = _run([pantau, "coverage", "ingest", str(export), "--format", "json"], cwd=work, env=env)
    assert '"status": "published"' in ingested.stdout
    _run([pantau, "report", "build", "--period", "2024-06", "--out", "laporan"], cwd=work, env=env)
    html = work / "laporan" / "pantau-2024-06.html"
    assert html.is_file() and "Tanjung Jabung Timur" in html.read_text(encoding="utf-8")
    # The article extractor's data travels too: the listing model's file refuses a shop's category page.
    from tests.news.test_listing_model import shop_page

    (work / "toko.html").write_text(shop_page(), encoding="utf-8")
    refused = subprocess.run([pantau, "news", "extract", "toko.html", "--url", "https://toko-jambi.example/oleh-oleh"],
                             capture_output=True, text=True, timeout=120, cwd=work, env=env)
    assert refused.returncode == 2 and "listing model" in refused.stdout + refused.stderr, refused
    # Airflow finds the DAGs where `pantau airflow dags-folder` says, inside the environment, and parses
    # them without errors (the coverage DAG's timetable through the installed plugin).
    dags = Path(_run([pantau, "airflow", "dags-folder"], cwd=work, env=env).stdout.strip())
    assert dags.is_relative_to(env_dir) and (dags / "bpjs_coverage.py").is_file(), dags
    # Serialized and read back as the scheduler does, which needs the timetable registered by the plugin.
    parse = ("from airflow.dag_processing.dagbag import DagBag; import sys; "
             "from airflow.serialization.serialized_objects import DagSerialization as S; "
             "bag = DagBag(dag_folder=sys.argv[1]); "
             "read = S.from_dict(S.to_dict(bag.dags['bpjs_coverage'])); "
             "print(sorted(bag.dag_ids), bag.import_errors, type(read.timetable).__name__)")
    airflow_env = {**env, "AIRFLOW_HOME": str(tmp_path / "airflow"), "AIRFLOW__CORE__LOAD_EXAMPLES": "False"}
    parsed = _run([str(python), "-c", parse, str(dags)], cwd=work, env=airflow_env).stdout.strip().splitlines()[-1]
    assert parsed == "['accountability_report', 'bpjs_coverage', 'news_monitor'] {} MonthlyExportTimetable", parsed

    # Everything it wrote is under the working folder, nothing inside the installed packages.
    assert (work / "var" / "warehouse.sqlite").is_file() and (work / "var" / "data" / "archive").is_dir()
    assert not (site / "var").exists()


OUR_TOP_LEVEL = {"core", "pantau", "extractors", "transforms", "expectations", "warehouse", "reports", "reference",
                 "samples"}


def installed_top_level_names() -> dict[str, set[str]]:
    """Every top-level module name installed in this environment (the lock's), with the distributions giving it."""
    from importlib.metadata import distributions

    names: dict[str, set[str]] = {}
    for dist in distributions():
        found = set((dist.read_text("top_level.txt") or "").split())
        for file in dist.files or []:
            first = file.parts[0] if file.parts else ""
            if first and first not in ("..", "__pycache__") and not first.endswith((".dist-info", ".egg-info", ".data")):
                found.add(first.removesuffix(".py"))
        for name in found:
            if name.isidentifier():
                names.setdefault(name, set()).add(dist.metadata["Name"])
    return names


def test_no_other_distribution_of_the_lock_installs_our_top_level_names() -> None:
    """docs/architecture.md, "Top-level module names": measured on the locked environment (Airflow, its
    providers, GX, Celery and the rest), none of our names is another distribution's."""
    names = installed_top_level_names()
    assert len(names) > 150  # the whole environment was read, not just our own
    taken = {name: sorted(dists - {"pantau", "pantau-samples"}) for name, dists in names.items() if name in OUR_TOP_LEVEL}
    assert {name: dists for name, dists in taken.items() if dists} == {}
    assert {"airflow", "great_expectations", "celery"} <= set(names)
