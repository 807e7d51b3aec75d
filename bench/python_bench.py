#!/usr/bin/env python3
"""Python vs C++: hwnas.Predictor.predict over 100,000 architectures against the same predictor file
and architectures in C++ (build/bench/predict_file_bench), the architectures given as the
hwnas.ArchList Space.sample returns, as a list of hwnas.Arch and as a list of canonical texts; and the
per-call overhead of a Python callable metric (through hwnas.profile, batch 1 vs large batches).
Figures: docs/python.md.

    PYTHONPATH=build/python /usr/bin/python3 bench/python_bench.py --build build --out docs/python
"""

import argparse
import csv
import json
import os
import platform
import subprocess
import tempfile
import time

import hwnas

KINDS = ("ridge", "macs", "xgb")


def cpu_model() -> str:
    for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
        if line.startswith("Model name:"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def best_of(repeats: int, fn) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def best_mean_of(repeats: int, fn, min_seconds: float = 2.0) -> float:
    """Google Benchmark's way, as predict_file_bench runs: each repetition calls fn for at least
    min_seconds and takes the mean per call; the best of `repeats` repetitions."""
    means = []
    for _ in range(repeats):
        calls, start = 0, time.perf_counter()
        while True:
            fn()
            calls += 1
            elapsed = time.perf_counter() - start
            if elapsed >= min_seconds:
                break
        means.append(elapsed / calls)
    return min(means)


def make_store(cli: str, space: hwnas.Space, work: str) -> str:
    """1,000 networks with simulated MIDAP latencies, imported as a BlockProfile CSV."""
    archs = space.sample(1000, seed=1, resolution=224)
    latency = hwnas.evaluate(space, "latency:sim:midap", archs)
    table = os.path.join(work, "latency.csv")
    with open(table, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["net_id", "net_str", "device", "resolution", "lat unit", "end-to-end lat"])
        for i, (a, ms) in enumerate(zip(archs, latency)):
            w.writerow([i, a.to_net_str(), "sim-midap", 224, "ms", repr(float(ms))])
    db = os.path.join(work, "bench.db")
    subprocess.run([cli, "db", "import", "--db", db, "--csv", table, "--space", space.name], check=True,
                   capture_output=True)
    return db


def predict_rows(args, space, db, work, archs):
    archs_file = os.path.join(work, "archs.txt")
    with open(archs_file, "w") as f:
        f.writelines(f"{a}\n" for a in archs)
    objects = list(archs)
    texts = [str(a) for a in archs]
    rows = []
    for kind in args.kinds:
        model = os.path.join(work, f"{kind}.json")
        predictor = hwnas.train_predictor(space, db=db, device="sim-midap", kind=kind, out=model)
        predictor.predict(space, archs[:10])
        py_batch = best_mean_of(args.repeats, lambda: predictor.predict(space, archs))
        py_objects = best_mean_of(args.repeats, lambda: predictor.predict(space, objects))
        py_texts = best_mean_of(args.repeats, lambda: predictor.predict(space, texts))
        env = dict(os.environ, HWNAS_BENCH_SPACE=space.name, HWNAS_BENCH_MODEL=model, HWNAS_BENCH_ARCHS=archs_file)
        # Best of `repeats` repetitions, each the mean of >= 2 s of calls, as on the Python side.
        done = subprocess.run([os.path.join(args.build, "bench", "predict_file_bench"), "--benchmark_format=json",
                               f"--benchmark_repetitions={args.repeats}"],
                              env=env, capture_output=True, text=True, check=True)
        runs = [b for b in json.loads(done.stdout)["benchmarks"] if b.get("run_type", "iteration") == "iteration"]
        cpp = min(b["real_time"] for b in runs) / 1e3  # ms -> s
        rows.append({"kind": kind, "archs": len(archs), "cpp_s": cpp, "python_arch_list_s": py_batch,
                     "python_arch_objects_s": py_objects, "python_text_s": py_texts, "ratio_arch_list": py_batch / cpp,
                     "ratio_arch_objects": py_objects / cpp, "ratio_text": py_texts / cpp,
                     "cpp_per_s": len(archs) / cpp, "python_per_s": len(archs) / py_batch})
        print(json.dumps(rows[-1]), flush=True)
    return rows


def callable_rows(args, space):
    """A trivial callable through the profiler at several batch sizes. At batch 1 every architecture is
    one call, so T_1 / calls_1 bounds the per-call overhead from above (the profiler's own work is in
    it too); the time saved by 16 times fewer calls, (T_1 - T_16) / (calls_1 - calls_16), estimates
    it. (Batches of 256 and more are capped at the callable's preferred batch, 256, and run slower per
    architecture, so they do not isolate the per-call part.) The profile of the built-in `params` on
    the same plan is the C++ reference."""
    rows = []
    calls = {"n": 0, "archs": 0}

    def constant(archs):
        calls["n"] += 1
        calls["archs"] += len(archs)
        return [1.0] * len(archs)

    for batch in (1, 16, 256, 1024):
        calls.update(n=0, archs=0)
        seconds = best_of(args.repeats, lambda: hwnas.profile(space, [constant], samples=args.samples, seed=0,
                                                              batch=batch, bootstrap=10, resolutions=[224]))
        rows.append({"metric": "python callable", "batch": batch, "calls": calls["n"] // args.repeats,
                     "archs": calls["archs"] // args.repeats,
                     "profile_s": seconds})
        print(json.dumps(rows[-1]), flush=True)
    seconds = best_of(args.repeats, lambda: hwnas.profile(space, ["params"], samples=args.samples, seed=0, batch=1024,
                                                          bootstrap=10, resolutions=[224]))
    rows.append({"metric": "params (C++)", "batch": 1024, "calls": "", "archs": rows[-1]["archs"], "profile_s": seconds})
    print(json.dumps(rows[-1]), flush=True)
    return rows


def overhead_summary(rows):
    one, sixteen, big = rows[0], rows[1], rows[3]
    per_call = (one["profile_s"] - sixteen["profile_s"]) / (one["calls"] - sixteen["calls"])
    return {"per_call_us_upper_bound": 1e6 * one["profile_s"] / one["calls"], "per_call_us_from_batches": 1e6 * per_call,
            "archs": big["archs"], "callable_profile_s_batch_1024": big["profile_s"],
            "params_profile_s_batch_1024": rows[4]["profile_s"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default="build")
    parser.add_argument("--out", default="docs/python")
    parser.add_argument("--n", type=int, default=100_000, help="architectures to predict")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--samples", type=int, default=200, help="profile samples for the callable overhead")
    parser.add_argument("--kinds", nargs="+", default=list(KINDS))
    args = parser.parse_args()
    space = hwnas.load_space("ofa-mbv3")
    with tempfile.TemporaryDirectory() as work:
        db = make_store(os.path.join(args.build, "hwnas"), space, work)
        archs = space.sample(args.n, seed=2, resolution=224)
        predict = predict_rows(args, space, db, work, archs)
    overhead = callable_rows(args, space)
    os.makedirs(args.out, exist_ok=True)
    result = {"command": "PYTHONPATH=build/python /usr/bin/python3 bench/python_bench.py " +
                         " ".join(f"--{k} {' '.join(map(str, v)) if isinstance(v, list) else v}" for k, v in vars(args).items()),
              "cpu": cpu_model(), "cores": os.cpu_count(), "python": platform.python_version(),
              "hwnas": hwnas.__version__, "predict": predict, "callable_metric": overhead,
              "callable_metric_summary": overhead_summary(overhead)}
    with open(os.path.join(args.out, "bench.json"), "w") as f:
        json.dump(result, f, indent=2)
    for name, rows in (("predict.csv", predict), ("callable_metric.csv", overhead)):
        with open(os.path.join(args.out, name), "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)


if __name__ == "__main__":
    main()
