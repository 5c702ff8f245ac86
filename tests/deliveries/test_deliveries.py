"""Deliveries as they arrive, through the ``bpjs_coverage`` DAG: branch files that add up, a corrected
file that replaces its branch's, a file that overlaps another in part (refused on its own task), two
regencies' rosters (both stay, a person on both is found), a file first offered to the wrong month,
a remote source down then back, and a month with no export. The warehouse and ``audit_*`` are
checked after every step."""

from __future__ import annotations

import contextlib
import json
import logging
import sys
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TextIO

import pytest
import sqlalchemy as sa

HEADER = "No;Kabupaten/Kota;Segmen;Program;Sumber Dana;Peserta Aktif;Iuran (Rp)\n"
ROSTER_HEADER = "No;NIK;Nama;Kabupaten/Kota;Segmen;Program;Sumber Dana\n"
MONTHS = {6: "JUNI", 7: "JULI", 8: "AGUSTUS"}


def _rupiah(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def coverage_file(path: Path, month: int, regions: dict[str, int]) -> Path:
    """A branch office's export: one BPU JKK-JKM row per regency (APBD Provinsi), and its JUMLAH row."""
    lines = [f"REKAP KEPESERTAAN BPJS KETENAGAKERJAAN\nBULAN {MONTHS[month]} 2024\n", HEADER]
    for number, (region, participants) in enumerate(regions.items(), start=1):
        lines.append(f"{number};{region};BPU;JKK-JKM;APBD Provinsi;{_rupiah(participants)};"
                     f"{_rupiah(participants * 16_800)}\n")
    total = sum(regions.values())
    lines.append(f"JUMLAH;;;;;{_rupiah(total)};{_rupiah(total * 16_800)}\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(lines), encoding="utf-8")
    return path


class ExportEndpoint:
    """The BPJS export endpoint on loopback: down (503) until told to come back."""

    def __init__(self, body: str) -> None:
        self.up = False
        self.hits = 0
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                endpoint.hits += 1
                status, payload = (200, body.encode()) if endpoint.up else (503, b"sedang pemeliharaan")
                self.send_response(status)
                self.send_header("Content-Type", "text/csv" if status == 200 else "text/plain")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def coverage_dag(dag_bag):  # type: ignore[no-untyped-def]
    """``bpjs_coverage`` with the remote fetch retried once after a second (the policy's 30 s otherwise)."""
    dag = dag_bag.get_dag("bpjs_coverage")
    fetch = dag.get_task("fetch_export_endpoint")
    saved = (fetch.retries, fetch.retry_delay)
    fetch.retries, fetch.retry_delay = 1, timedelta(seconds=1)
    yield dag
    fetch.retries, fetch.retry_delay = saved


def _states(run: Any) -> dict[str, list[str]]:
    from airflow.models.taskinstance import TaskInstance
    from airflow.utils.session import create_session

    states: dict[str, list[str]] = {}
    with create_session() as session:
        for ti in session.query(TaskInstance).filter(TaskInstance.run_id == run.run_id).order_by(
                TaskInstance.task_id, TaskInstance.map_index):
            states.setdefault(ti.task_id, []).append(str(ti.state))
    return states


@contextlib.contextmanager
def airflow_log_to(stream: TextIO) -> Iterator[None]:
    """Point the handler Airflow renders task logs with (structlog's ProcessorFormatter) at ``stream``.

    ``dag.test()`` runs every task in this process and configures that handler once, on whatever
    stdout was then; a worker's handler writes the task log file the UI shows.
    """
    import structlog

    handlers = [h for h in logging.getLogger().handlers
                if isinstance(h, logging.StreamHandler) and isinstance(h.formatter, structlog.stdlib.ProcessorFormatter)]
    assert handlers, "Airflow's task log handler is not configured"
    saved = [h.setStream(stream) for h in handlers]
    try:
        yield
    finally:
        for handler, old in zip(handlers, saved, strict=True):
            if old is not None:
                handler.setStream(old)


def _one(url: str, sql: str, **params: Any) -> Any:
    with sa.create_engine(url).connect() as conn:
        return conn.execute(sa.text(sql), params).scalar()


def _rows(url: str, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    with sa.create_engine(url).connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(sql), params)]


def _region_totals(url: str, period_key: int) -> dict[str, int]:
    return dict(_rows(url, "SELECT region_code, SUM(active_participants) FROM fact_coverage_monthly "
                           "WHERE period_key = :p GROUP BY region_code", p=period_key))


def _province(url: str, period_key: int) -> int:
    return int(_one(url, "SELECT active_participants FROM rpt_coverage_province_month WHERE period_key = :p",
                    p=period_key))


def _batches(url: str) -> dict[str, tuple[str, str | None]]:
    return {name: (status, reason) for name, status, reason in _rows(
        url, "SELECT file_name, status, reason FROM audit_ingest_batch ORDER BY batch_id")}


@pytest.fixture
def endpoint() -> Iterator[ExportEndpoint]:
    served = ExportEndpoint("")
    yield served
    served.close()


@pytest.mark.airflow
@pytest.mark.xdist_group("airflow")
@pytest.mark.slow
def test_a_month_of_deliveries_through_the_dag(coverage_dag, sqlite_url: str, isolated_settings: Path,  # type: ignore[no-untyped-def]
                                               tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capfd: pytest.CaptureFixture[str]) -> None:
    dag = coverage_dag
    landing = isolated_settings / "landing"

    # 1. Two branch offices' files for June: disjoint cells, both published, the province adds them up.
    coverage_file(landing / "cabang-bungo-2024-06.csv", 6, {"Bungo": 1_000, "Tebo": 2_000})
    coverage_file(landing / "cabang-jambi-2024-06.csv", 6, {"Kota Jambi": 3_000, "Muaro Jambi": 4_000})
    run = dag.test(run_conf={"period": "2024-06"})
    assert run.state == "success", _states(run)
    assert _region_totals(sqlite_url, 202406) == {"15.08": 1_000, "15.09": 2_000, "15.71": 3_000, "15.05": 4_000}
    assert _province(sqlite_url, 202406) == 10_000
    assert {n: s for n, (s, _) in _batches(sqlite_url).items()} == {
        "cabang-bungo-2024-06.csv": "published", "cabang-jambi-2024-06.csv": "published"}

    # 2. A corrected Bungo branch file replaces that branch's file only.
    (landing / "cabang-bungo-2024-06.csv").unlink()
    coverage_file(landing / "cabang-bungo-2024-06-revisi.csv", 6, {"Bungo": 1_100, "Tebo": 2_000})
    run = dag.test(run_conf={"period": "2024-06"})
    assert run.state == "success", _states(run)
    batches = _batches(sqlite_url)
    assert batches["cabang-bungo-2024-06.csv"][0] == "superseded"
    assert batches["cabang-bungo-2024-06-revisi.csv"][0] == batches["cabang-jambi-2024-06.csv"][0] == "published"
    assert _province(sqlite_url, 202406) == 10_100

    # 3. A file that shares part of both branch files' cells is refused on its own task, naming them.
    coverage_file(landing / "koreksi-tebo-kota-jambi-2024-06.csv", 6, {"Tebo": 2_050, "Kota Jambi": 3_050})
    with airflow_log_to(sys.stdout):
        capfd.readouterr()
        run = dag.test(run_conf={"period": "2024-06"})
        task_log = capfd.readouterr().out
    assert run.state == "failed"
    states = _states(run)
    assert sorted(states["ingest_file"]) == ["failed", "success", "success"], states
    assert states["publish_summary"] == ["upstream_failed"] and states["list_landing_files"] == ["success"]
    status, reason = _batches(sqlite_url)["koreksi-tebo-kota-jambi-2024-06.csv"]
    assert status == "rejected"
    assert reason.startswith("koreksi-tebo-kota-jambi-2024-06.csv: overlaps in part cabang-jambi-2024-06.csv")
    assert "; and cabang-bungo-2024-06-revisi.csv (batch" in reason
    assert "Tebo (15.09) × BPU × JKK+JKM × APBD_PROV" in reason and "Kota Jambi (15.71)" in reason
    assert "Bungo (15.08)" not in reason  # only the cells the files share
    assert _province(sqlite_url, 202406) == 10_100  # nothing of it loaded
    # The failed task's log says why in words, with Pantau's fields on the line.
    rejected_line = next(line for line in task_log.splitlines() if "batch rejected" in line)
    assert "file=koreksi-tebo-kota-jambi-2024-06.csv" in rejected_line and "batch_id=" in rejected_line
    assert "overlaps in part cabang-jambi-2024-06.csv" in rejected_line
    assert "REJECTED koreksi-tebo-kota-jambi-2024-06.csv: overlaps in part" in task_log
    # It left the drop folder (moved to the rejected folder), so the next run is not failed by it again.
    assert not (landing / "koreksi-tebo-kota-jambi-2024-06.csv").exists()

    # 4. Two regencies' rosters for June: both stay; a person on both is found across them.
    for regency, nik, funding in (("Tebo", "1509014101900001", "APBD Provinsi"),
                                  ("Bungo", "1509014101900001", "APBD Kab/Kota")):
        (landing / f"daftar-peserta-{regency.lower()}-2024-06.csv").write_text(
            f"DAFTAR PESERTA BKBK BULAN JUNI 2024\n\n{ROSTER_HEADER}1;{nik};Siti A;{regency};BPU;JKK-JKM;{funding}\n"
            f"2;15090141019{regency == 'Tebo':d}0002;Budi B;{regency};BPU;JKK-JKM;{funding}\n", encoding="utf-8")
    run = dag.test(run_conf={"period": "2024-06"})
    assert run.state == "success", _states(run)
    rosters = _rows(sqlite_url, "SELECT b.file_name, b.status, COUNT(r.batch_id) FROM audit_ingest_batch b "
                                "LEFT JOIN fact_roster_participant r ON r.batch_id = b.batch_id "
                                "WHERE b.dataset = 'roster' GROUP BY b.file_name, b.status")
    assert sorted(rosters) == [("daftar-peserta-bungo-2024-06.csv", "published", 2),
                               ("daftar-peserta-tebo-2024-06.csv", "published", 2)]
    findings = _rows(sqlite_url, "SELECT kind, detail FROM audit_finding")
    assert [kind for kind, _ in findings] == ["double_funding_across_batches"]
    detail = findings[0][1] if isinstance(findings[0][1], dict) else json.loads(findings[0][1])
    assert detail["regions"] == ["15.08", "15.09"]

    # 5. A file that names no month, offered to June's run (it is July's): refused; July's run loads it.
    coverage_file(landing / "kiriman" / "rekap-kerinci.csv", 7, {"Kerinci": 5_000})
    run = dag.test(run_conf={"period": "2024-06"})
    assert run.state == "failed"
    status, reason = _batches(sqlite_url)["rekap-kerinci.csv"]
    assert status == "rejected" and "for Juli 2024" in reason and "this run is for Juni 2024" in reason, reason
    # Set aside out of the drop folder; delivered again, July's run loads it.
    assert not (landing / "kiriman" / "rekap-kerinci.csv").exists()
    coverage_file(landing / "kiriman" / "rekap-kerinci.csv", 7, {"Kerinci": 5_000})
    run = dag.test(run_conf={"period": "2024-07"})
    assert run.state == "success", _states(run)
    assert _rows(sqlite_url, "SELECT status FROM audit_ingest_batch WHERE file_name = 'rekap-kerinci.csv' "
                             "ORDER BY batch_id") == [("rejected",), ("published",)]
    assert _region_totals(sqlite_url, 202407) == {"15.01": 5_000}
    (landing / "kiriman" / "rekap-kerinci.csv").unlink()

    # 6. August: the export endpoint is down. The drop folder still loads; the run fails on the remote task.
    august = tmp_path / "august.csv"
    coverage_file(august, 8, {"Sarolangun": 6_000})
    served = ExportEndpoint(august.read_text(encoding="utf-8"))
    try:
        monkeypatch.setenv("PANTAU_EXPORT_HTTP_URL", served.url)
        monkeypatch.setenv("PANTAU_HTTP_RETRIES", "0")
        from core.settings import reset_settings

        reset_settings()
        coverage_file(landing / "cabang-bungo-2024-08.csv", 8, {"Bungo": 1_200})
        run = dag.test(run_conf={"period": "2024-08"})
        states = _states(run)
        assert run.state == "failed"
        assert states["fetch_export_endpoint"] == ["failed"] and served.hits == 2  # tried, then retried once
        assert states["ingest_file"] == ["success"] and states["publish_summary"] == ["upstream_failed"]
        assert _region_totals(sqlite_url, 202408) == {"15.08": 1_200}

        # ... and back: the next run fetches the export and loads it beside the branch file.
        served.up = True
        run = dag.test(run_conf={"period": "2024-08"})
        assert run.state == "success", _states(run)
        assert _region_totals(sqlite_url, 202408) == {"15.08": 1_200, "15.03": 6_000}
    finally:
        served.close()

    # 7. A month with no export says so and leaves a record, instead of a green run with nothing in it.
    monkeypatch.delenv("PANTAU_EXPORT_HTTP_URL")
    reset_settings()
    run = dag.test(run_conf={"period": "2024-03"})
    states = _states(run)
    assert run.state == "failed"
    assert states["wait_for_export"] == ["failed"] and states["ingest_file"] == ["skipped"], states
    missing = _rows(sqlite_url, "SELECT status, reason FROM audit_ingest_batch WHERE period_key = 202403")
    assert len(missing) == 1 and missing[0][0] == "missing" and "no export arrived for 2024-03" in missing[0][1]
    assert _rows(sqlite_url, "SELECT status FROM rpt_batch_quality WHERE period_key = 202403") == [("missing",)]
    # ... and the month's report says so.
    from pantau.tasks.report import build

    html = Path(build("2024-03")["html"]).read_text(encoding="utf-8")
    assert "tidak ada berkas ekspor untuk bulan" in html and "tidak ada kiriman" in html
