"""What running SaxonC in a bounded worker process costs, against running it in-process.

Usage: python benchmarks/bench_worker.py [--sizes 1000 10000 30000] [--repeat 7] [--family iwmo]

For each generated declaration, the bundled level-3 stylesheet runs alternately (a) in this
process, with one SaxonC processor and the executable compiled once (how eistandaard ran it
before the worker), and (b) through eistandaard's worker (``rules._saxon.transform``: the
payload goes down a pipe, the result comes back). Alternating runs keeps a busy machine from
favouring either side. Prints a Markdown table with the best of ``--repeat`` runs per cell and
the overhead. Not part of the test suite: run it by hand, ideally on a quiet machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_declaratie import generate

from eistandaard.core.bounds import Bounds
from eistandaard.levels.relations import saxon as _saxon
from eistandaard.levels.relations.runner import stylesheet_path
from eistandaard.standards.catalog import default_catalog

AS_OF = dt.date(2026, 11, 23)


class InProcess:
    """SaxonC in this process, as before the worker (one processor, executables kept)."""

    def __init__(self, stylesheet: Path) -> None:
        from saxonche import PySaxonProcessor

        self.processor = PySaxonProcessor(license=False)
        compiler = self.processor.new_xslt30_processor()
        self.executable = compiler.compile_stylesheet(stylesheet_file=str(stylesheet))

    def run(self, payload: bytes) -> str:
        """Parse and transform, with the same typed parameters as the pipeline."""
        document = self.processor.parse_xml(xml_text=payload.decode("utf-8"))
        self.executable.clear_parameters()
        peildatum = self.processor.make_atomic_value("date", AS_OF.isoformat())
        self.executable.set_parameter("peildatum", peildatum)
        self.executable.set_parameter("omgeving", self.processor.make_string_value("P"))
        return str(self.executable.transform_to_string(xdm_node=document))


def _worker_cpu() -> float:
    """CPU seconds the worker process has used so far (Linux ``/proc``; 0 elsewhere)."""
    worker = _saxon._STATE.get("worker")
    if worker is None:
        return 0.0
    try:
        fields = Path(f"/proc/{worker.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(size: int, family: str, repeat: int) -> tuple[float, float, float, float, float]:
    """Best-of-``repeat`` wall and CPU seconds, in-process and worker; the size in MB."""
    payload = generate(size, family).encode("utf-8")
    spec = default_catalog().get("WMO323" if family == "iwmo" else "JW323")
    stylesheet = stylesheet_path(spec)
    local = InProcess(stylesheet)
    parameters: dict[str, dt.date | str] = {"peildatum": AS_OF, "omgeving": "P"}
    bounds = Bounds()
    if local.run(payload) != _saxon.transform(stylesheet, payload, parameters, bounds):
        raise SystemExit("the worker and the in-process run disagree")
    best_local = best_worker = cpu_local = cpu_worker = float("inf")
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        local.run(payload)
        best_local = min(best_local, time.perf_counter() - started)
        cpu_local = min(cpu_local, time.process_time() - cpu)
        started, cpu, other = time.perf_counter(), time.process_time(), _worker_cpu()
        _saxon.transform(stylesheet, payload, parameters, bounds)
        best_worker = min(best_worker, time.perf_counter() - started)
        used = time.process_time() - cpu + _worker_cpu() - other
        cpu_worker = min(cpu_worker, used)
    return best_local, best_worker, cpu_local, cpu_worker, len(payload) / 1e6


def main() -> None:
    """Run the measurements and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 30000])
    parser.add_argument("--family", nargs="+", default=["iwmo"], choices=["iwmo", "ijw"])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    print(
        "| message | prestaties | MB | level 3 in-process | level 3 in worker | overhead"
        " | CPU in-process | CPU worker + caller |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for family in args.family:
        for size in args.sizes:
            local, worker, cpu_local, cpu_worker, megabytes = measure(size, family, args.repeat)
            name = "WMO323" if family == "iwmo" else "JW323"
            overhead = f"{worker - local:+.3f} s ({(worker / local - 1) * 100:+.1f} %)"
            row = [name, str(size), f"{megabytes:.1f}", f"{local:.3f}", f"{worker:.3f}", overhead]
            row += [f"{cpu_local:.3f}", f"{cpu_worker:.3f}"]
            print("| " + " | ".join(row) + " |", flush=True)
    _saxon.shutdown()
    started = time.perf_counter()
    _saxon.transform(stylesheet_path(default_catalog().get("WMO323")), b"<a/>", {}, Bounds())
    cold = time.perf_counter() - started
    print(f"\nworker start + first compilation of WMO323.xsl + a tiny run: {cold:.3f} s")


if __name__ == "__main__":
    main()
