"""profile and search with metric specs and Python callables: the same estimates and fronts as
`hwnas profile` / `hwnas search` for the same inputs, callables plugged in, Ctrl-C honoured."""

import json
import os
import signal
import threading
import time
import unittest

from hwnas_test_support import ScratchTestCase, cli

import hwnas


def without_run_details(profile: dict) -> dict:
    """A profile without what differs between two runs of the same inputs (when, how long, the command)."""
    return {k: v for k, v in profile.items() if k not in ("provenance", "seconds")}


class ProfileTest(ScratchTestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.space = hwnas.load_space("ofa-mbv3")

    def test_profile_equals_the_cli(self) -> None:
        out = self.path("cli-profile")
        cli("profile", "--space", "ofa-mbv3", "--metric", "macs", "--samples", "30", "--seed", "2", "--out", out,
            "--no-report")
        with open(os.path.join(out, "profile.json")) as f:
            expected = json.load(f)
        got = hwnas.profile(self.space, ["macs"], samples=30, seed=2, out=self.path("py-profile"))
        self.assertEqual(without_run_details(got), without_run_details(expected))
        m_b = {b["code"]: b["mean"]["value"] for b in got["profiles"][0]["blocks"]}
        self.assertEqual(m_b, {b["code"]: b["mean"]["value"] for b in expected["profiles"][0]["blocks"]})
        self.assertTrue(os.path.exists(self.path("py-profile/blocks.csv")))

    def test_a_python_callable_is_profiled_like_the_spec_it_computes(self) -> None:
        calls = []

        def macs_proxy(archs):
            calls.append(len(archs))
            return list(hwnas.evaluate(self.space, "macs", archs))

        progress = []
        got = hwnas.profile(self.space, [macs_proxy, "macs"], samples=20, seed=5, batch=100, progress=progress.append)
        proxy, spec = got["profiles"]
        self.assertEqual(proxy["metric"], "macs_proxy")
        self.assertEqual(proxy["blocks"], spec["blocks"])
        self.assertEqual(proxy["cells"], spec["cells"])
        self.assertEqual(sum(calls), proxy["evaluations"])
        self.assertLessEqual(max(calls), 100)
        self.assertTrue(progress and progress[-1]["cells_done"] == progress[-1]["cells_total"])
        lam = hwnas.profile(self.space, lambda archs: [a.resolution for a in archs], samples=5)
        self.assertEqual(lam["profiles"][0]["metric"], "python:0")

    def test_a_long_profile_releases_the_gil(self) -> None:
        # While the profile runs in a thread, this thread keeps running Python only if the GIL is free.
        worker = threading.Thread(target=hwnas.profile, args=(self.space, ["macs"]), kwargs={"samples": 300, "seed": 1})
        ticks = 0
        started = time.perf_counter()
        worker.start()
        while worker.is_alive():
            ticks += 1
            time.sleep(0.001)
        elapsed = time.perf_counter() - started
        self.assertGreater(elapsed, 0.2, "the profile was too short to tell")
        self.assertGreater(ticks, 50 * elapsed)

    def test_callable_errors_reach_python(self) -> None:
        with self.assertRaisesRegex(hwnas.InputError, "returned 1 values for"):
            hwnas.profile(self.space, [("short", lambda archs: [1.0])], samples=5)
        with self.assertRaises(ZeroDivisionError):
            hwnas.profile(self.space, [lambda archs: [1 / 0 for _ in archs]], samples=5)
        with self.assertRaisesRegex(hwnas.InputError, "design"):
            hwnas.profile(self.space, ["macs"], design="bogus")


class SearchTest(ScratchTestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.space = hwnas.load_space("ofa-mbv3")

    def test_search_equals_the_cli(self) -> None:
        out = self.path("cli-search")
        cli("search", "--space", "ofa-mbv3", "--objective", "max:params", "--objective", "min:macs", "--constraint",
            "macs<=4e8", "--algo", "nsga2", "--budget", "120", "--seed", "3", "--out", out, "--no-plot")
        with open(os.path.join(out, "front.json")) as f:
            expected = json.load(f)
        got = hwnas.search(self.space, ["max:params", "min:macs"], ["macs<=4e8"], algo="nsga2", budget=120, seed=3)
        self.assertEqual({k: v for k, v in got.items() if k not in ("stop_reason", "trials")}, expected)
        self.assertEqual(len(got["trials"]), 120)
        self.assertEqual(got["stop_reason"], "budget")

    def test_a_callable_metric_drives_the_search(self) -> None:
        calls = []

        def params_proxy(archs):
            calls.append(len(archs))
            return list(hwnas.evaluate(self.space, "params", archs))

        by_spec = hwnas.search(self.space, ["max:params", "min:macs"], algo="blockprofile-pareto", generations=2,
                               resolution=224, seed=1)
        progress = []
        by_callable = hwnas.search(self.space, [("max", params_proxy), "min:macs"], algo="blockprofile-pareto",
                                   generations=2, resolution=224, seed=1, progress=progress.append)
        self.assertEqual([p["values"] for p in by_callable["points"]], [p["values"] for p in by_spec["points"]])
        self.assertEqual([p["arch"] for p in by_callable["points"]], [p["arch"] for p in by_spec["points"]])
        self.assertEqual(by_callable["objectives"][0]["metric"], "params_proxy")
        self.assertEqual(sum(calls), len(by_callable["trials"]))
        self.assertTrue(progress)
        # Named through metrics= and used in a constraint.
        named = hwnas.search(self.space, ["max:proxy"], [("proxy", "<=", 6e6)], algo="ofa-evolution", budget=150,
                             seed=2, metrics={"proxy": params_proxy})
        self.assertTrue(all(p["values"][0] <= 6e6 for p in named["points"]))

    def test_an_interrupted_search_resumes_to_the_uninterrupted_result(self) -> None:
        def proxy(archs):
            return list(hwnas.evaluate(self.space, "params", archs))

        calls = []

        def interrupted_proxy(archs):
            calls.append(len(archs))
            if len(calls) == 3:
                raise KeyboardInterrupt  # as Ctrl-C inside the user's metric, in the third generation
            return proxy(archs)

        task = dict(algo="nsga2", generations=4, seed=7, resolution=224)
        straight = hwnas.search(self.space, ["max:proxy", "min:macs"], ["proxy>=4e6"], metrics={"proxy": proxy},
                                out=self.path("straight"), **task)
        out = self.path("interrupted")
        with self.assertRaises(KeyboardInterrupt):
            hwnas.search(self.space, ["max:proxy", "min:macs"], ["proxy>=4e6"], metrics={"proxy": interrupted_proxy},
                         out=out, **task)
        self.assertTrue(os.path.exists(os.path.join(out, "checkpoint.json")))
        with self.assertRaisesRegex(hwnas.InputError, "checkpoint.json exists"):
            hwnas.search(self.space, ["max:proxy", "min:macs"], ["proxy>=4e6"], metrics={"proxy": proxy}, out=out,
                         **task)
        resumed = hwnas.search(self.space, ["max:proxy", "min:macs"], ["proxy>=4e6"], metrics={"proxy": proxy},
                               out=out, resume=True, **task)
        self.assertEqual(resumed, straight)
        with open(os.path.join(out, "front.json")) as f:
            self.assertEqual(json.load(f), {k: v for k, v in straight.items() if k not in ("stop_reason", "trials")})

    def test_bad_search_input_raises_input_error(self) -> None:
        with self.assertRaisesRegex(hwnas.InputError, "budget"):
            hwnas.search(self.space, ["min:macs"], algo="random")
        with self.assertRaisesRegex(hwnas.InputError, "max:METRIC or min:METRIC"):
            hwnas.search(self.space, ["fastest"], algo="random", budget=10)
        with self.assertRaises(hwnas.InputError):
            hwnas.search(self.space, ["min:macs"], algo="no-such-algorithm", budget=10)

    def test_ctrl_c_interrupts_a_long_search(self) -> None:
        timer = threading.Timer(1.0, lambda: os.kill(os.getpid(), signal.SIGINT))
        timer.start()
        try:
            with self.assertRaises(KeyboardInterrupt):
                hwnas.search(self.space, ["max:params", "min:macs"], algo="nsga2", budget=10_000_000, seed=1)
        finally:
            timer.cancel()


if __name__ == "__main__":
    unittest.main()
