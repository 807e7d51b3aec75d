#!/usr/bin/env node
// Runs an ONNX model once in ONNX Runtime (npm onnxruntime-node, CPU EP, build-deps/ort or
// ORT_NODE_DIR) on a given input and prints the first output as JSON: {"dims": [...], "values": [...]}.
// INPUT is raw little-endian float32 of SHAPE (e.g. 1x3x160x160).
// Usage: node tests/reference/ort_run.mjs MODEL.onnx INPUT.bin SHAPE
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const ortDir = process.env.ORT_NODE_DIR ?? path.join(here, '..', '..', 'build-deps', 'ort');
const require = createRequire(path.join(ortDir, 'package.json'));
const ort = require('onnxruntime-node');

const [model, inputFile, shapeText] = process.argv.slice(2);
if (!model || !inputFile || !shapeText) {
  console.error('usage: ort_run.mjs MODEL.onnx INPUT.bin SHAPE(e.g. 1x3x160x160)');
  process.exit(2);
}
const shape = shapeText.split('x').map(Number);
const bytes = readFileSync(inputFile);
const data = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
if (data.length !== shape.reduce((a, b) => a * b)) {
  console.error(`${inputFile}: ${data.length} floats, shape ${shapeText} needs ${shape.reduce((a, b) => a * b)}`);
  process.exit(2);
}
const session = await ort.InferenceSession.create(model, { intraOpNumThreads: 1, graphOptimizationLevel: 'all' });
const output = (await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', data, shape) }))[
  session.outputNames[0]];
console.log(JSON.stringify({ dims: output.dims, values: Array.from(output.data) }));
