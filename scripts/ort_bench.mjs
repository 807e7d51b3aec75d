#!/usr/bin/env node
// Independent check of an exported model with ONNX Runtime (npm onnxruntime-node, CPU EP):
// loads MODEL, runs WARMUP + RUNS forward passes on a random input of SHAPE (e.g. 1x3x224x224;
// the command engine's {shape}) with THREADS intra-op threads,
// and prints one JSON line the `command:` engine reads:
//   {"latency_ms": <median>, "p25_ms": ..., "p75_ms": ..., "runs": N, "output_dims": [...],
//    "output_finite": true, "ort": "1.20.1"}
// output_finite: no output value is inf or NaN (a network whose activations overflow is no network
// anyone deploys, and its timings are suspect).
// TIMING `wall` (default) times each pass by the clock; `cpu` by the CPU time the whole process
// used during it (process.cpuUsage) — with one thread that is ONNX Runtime's own work, which a
// shared, loaded machine inflates far less than wall time.
// Usage: node scripts/ort_bench.mjs MODEL.onnx SHAPE [THREADS=1] [RUNS=30] [WARMUP=10] [TIMING=wall]
// Install: scripts/install-deps.sh (into build-deps/ort, ignored by git), or set ORT_NODE_DIR.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const ortDir = process.env.ORT_NODE_DIR ?? path.join(here, '..', 'build-deps', 'ort');
const require = createRequire(path.join(ortDir, 'package.json'));
const ort = require('onnxruntime-node');
const version = require('onnxruntime-node/package.json').version;

const [model, shapeText, threads = '1', runs = '30', warmup = '10', timing = 'wall'] =
  process.argv.slice(2);
const shape = (shapeText ?? '').split('x').map(Number);
if (!model || shape.length === 0 || shape.some((d) => !Number.isInteger(d) || d <= 0) ||
    !['wall', 'cpu'].includes(timing)) {
  console.error('usage: ort_bench.mjs MODEL.onnx SHAPE(e.g. 1x3x224x224) [THREADS] [RUNS] [WARMUP] [wall|cpu]');
  process.exit(2);
}
const session = await ort.InferenceSession.create(model, {
  intraOpNumThreads: Number(threads),
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
});
const inputName = session.inputNames[0];
const data = Float32Array.from({ length: shape.reduce((a, b) => a * b) }, () => Math.random() * 2 - 1);
const feeds = { [inputName]: new ort.Tensor('float32', data, shape) };

let output;
for (let i = 0; i < Number(warmup); ++i) output = await session.run(feeds);
const times = [];
for (let i = 0; i < Number(runs); ++i) {
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  output = await session.run(feeds);
  const cpu = process.cpuUsage(cpuStart);
  times.push(timing === 'cpu' ? (cpu.user + cpu.system) / 1e3
                              : Number(process.hrtime.bigint() - start) / 1e6);
}
times.sort((a, b) => a - b);
const quantile = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
const first = output[session.outputNames[0]];
console.log(JSON.stringify({
  latency_ms: quantile(0.5), p25_ms: quantile(0.25), p75_ms: quantile(0.75), runs: times.length,
  timing, output_name: session.outputNames[0], output_dims: first.dims,
  output_finite: first.data.every(Number.isFinite), ort: version,
}));
