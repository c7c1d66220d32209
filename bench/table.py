#!/usr/bin/env python3
"""Prints one table from Google Benchmark JSON: the best of the repetitions of each case,
its byte rate, and that rate as a ratio to the memchr terminator count (same bytes, same run).
"""
import json
import sys

REFERENCE = "memchr_terminators/real_time"


def best_runs(path):
    with open(path) as f:
        report = json.load(f)
    best = {}
    for run in report["benchmarks"]:
        if run.get("run_type") != "iteration":
            continue
        name = run["run_name"]
        rate = run.get("bytes_per_second", 0.0)
        if name not in best or rate > best[name].get("bytes_per_second", 0.0):
            best[name] = run
    return report.get("context", {}), best


def main():
    context, best = best_runs(sys.argv[1])
    reference = best[REFERENCE]["bytes_per_second"] if REFERENCE in best else None
    print(f"load average during the run: {context.get('load_avg', '?')}; "
          f"{context.get('num_cpus', '?')} CPUs; best of the repetitions")
    header = f"{'stage':42} {'MB/s':>9} {'x memchr':>9} {'claims/s':>11} {'other':>22}"
    print(header)
    print("-" * len(header))
    for name, run in best.items():
        if name.startswith("retained_claim_state"):
            continue
        rate = run.get("bytes_per_second", 0.0)
        ratio = f"{rate / reference:.3f}" if reference else "?"
        claims = run.get("claims/s")
        other = ""
        for key in ("elements/s", "findings/s"):
            if key in run:
                other = f"{run[key] / 1e6:.2f}M {key}"
        print(f"{name.replace('/real_time', ''):42} {rate / 1e6:9.1f} {ratio:>9} "
              f"{(f'{claims / 1e3:.1f}k' if claims else ''):>11} {other:>22}")
    for name, run in best.items():
        if name.startswith("retained_claim_state"):
            print(f"retained claim state (accrual/linking): {run['bytes_per_line']:.0f} bytes per "
                  f"claim line, {run['bytes_per_claim']:.0f} bytes per claim, "
                  f"sizeof(claim_line) = {run['sizeof_claim_line']:.0f}")


if __name__ == "__main__":
    main()
