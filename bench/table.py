#!/usr/bin/env python3
"""Prints one table from Google Benchmark JSON: the best of the repetitions of each case,
its byte rate, and that rate as a ratio to the memchr terminator count (same bytes, same run).

Two rates per case: from wall-clock time and from the process's CPU time. On a shared,
loaded machine the CPU-time rate of a one-thread stage is the honest one; the 2-thread scans
can only be judged by wall-clock time (their CPU time is spread over threads).
"""
import json
import sys

REFERENCE = "memchr_terminators/real_time"
SCALE = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}


def load(path):
    with open(path) as f:
        report = json.load(f)
    best = {}
    for run in report["benchmarks"]:
        if run.get("run_type") != "iteration":
            continue
        rate = run.get("bytes_per_second", 0.0)
        scale = SCALE[run.get("time_unit", "ns")]
        run["bytes"] = rate * run["real_time"] * scale
        run["cpu_rate"] = run["bytes"] / (run["cpu_time"] * scale) if run["cpu_time"] else 0.0
        name = run["run_name"]
        keep = best.setdefault(name, dict(run))
        keep["bytes_per_second"] = max(keep.get("bytes_per_second", 0.0), rate)
        keep["cpu_rate"] = max(keep.get("cpu_rate", 0.0), run["cpu_rate"])
        for key in ("claims/s", "elements/s", "findings/s"):
            if key in run:
                keep[key] = max(keep.get(key, 0.0), run[key])
    return report.get("context", {}), best


def threads_of(name):
    parts = name.replace("/real_time", "").split("/")
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 1


def main():
    context, best = load(sys.argv[1])
    ref = best.get(REFERENCE, {})
    wall_ref, cpu_ref = ref.get("bytes_per_second"), ref.get("cpu_rate")
    print(f"load average at start: {context.get('load_avg', '?')}; "
          f"{context.get('num_cpus', '?')} CPUs; best of the repetitions; "
          f"memchr reference {wall_ref / 1e6:.0f} MB/s wall, {cpu_ref / 1e6:.0f} MB/s CPU")
    header = (f"{'stage':36} {'MB/s wall':>10} {'x memchr':>9} {'MB/s CPU':>9} {'x memchr':>9} "
              f"{'claims/s':>10} {'other':>20}")
    print(header)
    print("-" * len(header))
    for name, run in best.items():
        if name.startswith("retained_claim_state"):
            continue
        wall, cpu = run.get("bytes_per_second", 0.0), run.get("cpu_rate", 0.0)
        multi = threads_of(name) > 1
        cpu_text = "-" if multi else f"{cpu / 1e6:.1f}"
        cpu_ratio = "-" if multi else f"{cpu / cpu_ref:.3f}"
        claims = run.get("claims/s")
        other = ""
        for key in ("elements/s", "findings/s"):
            if key in run:
                other = f"{run[key] / 1e6:.2f}M {key}"
        print(f"{name.replace('/real_time', ''):36} {wall / 1e6:10.1f} {wall / wall_ref:9.3f} "
              f"{cpu_text:>9} {cpu_ratio:>9} "
              f"{(f'{claims / 1e3:.0f}k' if claims and claims > 1000 else ''):>10} {other:>20}")
    for name, run in best.items():
        if name.startswith("retained_claim_state"):
            print(f"retained state for accrual and linking: {run['bytes_per_line']:.0f} bytes per "
                  f"claim line (packed claims {run['archive_bytes_per_line']:.0f}, accrual "
                  f"ledger {run['ledger_bytes_per_line']:.0f}); the same claims built: "
                  f"{run['built_bytes_per_line']:.0f}")
            print(f"retained state for linking: {run['remit_bytes_per_line']:.0f} bytes per remit "
                  f"line (packed remits); the same remits built: "
                  f"{run['built_remit_bytes_per_line']:.0f}")


if __name__ == "__main__":
    main()
