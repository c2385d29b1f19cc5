#!/usr/bin/env node
/**
 * `npm run bench`: poolcheck's reference, fast path and parallel pool against PyTorch (CPU, one
 * and two threads), ONNX Runtime (one and two threads) and TF.js (wasm and cpu backends), on the
 * same inputs, in one run; then a scaling table (the fast path, PyTorch and ONNX Runtime on
 * inputs from 2^16 to 2^26 elements).
 *
 *   W1  max pool with indices, float32 [1, 64, 256, 256], kernel 3, stride 2
 *   W2  pool then unpool (outputSize [65, 65]), float32 [8, 32, 65, 65], kernel 2, stride 2
 *   W3  3-D max pool with indices, float32 [2, 16, 32, 64, 64], kernel 2, stride 2
 *   W4  conformance throughput: property cases per second in-process, and over the protocol
 *
 * Inputs come from a fixed LCG and reach PyTorch as raw bytes in a temp file. Every timing is
 * the median of --runs runs (at least 5) after --warmup runs. Prints a Markdown table and writes
 * the whole report as JSON (--out, default reports/bench.json, written atomically).
 * scripts/bench-readme.mjs puts the table into README.md.
 *
 * The headline is the fast path as a user calls it: in this plain Node process (no environment
 * tuning), a fresh output each call. Extra rows: into a caller-provided `out`, the parallel pool,
 * alone in a child process, and in a child process with glibc tuned to keep freed memory.
 *
 * Options: --runs N (7), --warmup N (2), --out FILE, --python PATH (/usr/bin/python3, the one with
 * PyTorch), --no-torch, --no-peers, --no-w4, --scaling-max E (26: the largest input is 2^E
 * elements; 0 leaves the scaling table out).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { renderReport } from './bench-table.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (file) => pathToFileURL(path.join(root, 'dist', file)).href;
const reference = await import(dist('reference/index.js'));
const fast = await import(dist('fast/index.js'));
const { createParallelPool } = await import(dist('fast/parallel.js'));

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc');

/**
 * glibc settings for a second run of the fast path that keeps freed memory instead of handing
 * it back to the kernel: it shows how much of a run is page faults on fresh output memory.
 */
const TUNED_MALLOC = { MALLOC_MMAP_THRESHOLD_: String(32 * 2 ** 20), MALLOC_TRIM_THRESHOLD_: String(2 ** 30), MALLOC_TOP_PAD_: String(256 * 2 ** 20) };

const WORKLOADS = [
  {
    id: 'W1', kind: 'pool2d', shape: [1, 64, 256, 256], kernel: 3, stride: 2, seed: 1,
    description: 'max pool with indices, float32 [1, 64, 256, 256], k3 s2',
  },
  {
    id: 'W2', kind: 'roundtrip2d', shape: [8, 32, 65, 65], kernel: 2, stride: 2, outputSize: [65, 65], seed: 2,
    description: 'pool then unpool to [65, 65], float32 [8, 32, 65, 65], k2 s2',
  },
  {
    id: 'W3', kind: 'pool3d', shape: [2, 16, 32, 64, 64], kernel: 2, stride: 2, seed: 3,
    description: '3-D max pool with indices, float32 [2, 16, 32, 64, 64], k2 s2',
  },
];

// ---------------------------------------------------------------------------------------------
// Command line

function parseArguments(argv) {
  const options = {
    runs: 7, warmup: 2, out: path.join(root, 'reports', 'bench.json'), python: '/usr/bin/python3', torch: true, peers: true, w4: true, childFast: undefined, scalingMax: 26,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const count = (name) => {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 0) usage(`${name} needs a non-negative integer`);
      return value;
    };
    if (arg === '--runs') options.runs = count('--runs');
    else if (arg === '--warmup') options.warmup = count('--warmup');
    else if (arg === '--out') options.out = path.resolve(argv[++i] ?? usage('--out needs a file'));
    else if (arg === '--python') options.python = argv[++i] ?? usage('--python needs a path');
    else if (arg === '--no-torch') options.torch = false;
    else if (arg === '--no-peers') options.peers = false;
    else if (arg === '--no-w4') options.w4 = false;
    else if (arg === '--scaling-max') options.scalingMax = count('--scaling-max');
    else if (arg === '--child-fast') options.childFast = argv[++i];
    else usage(`unknown option ${arg}`);
  }
  if (options.runs < 5) usage('--runs must be at least 5 (the report is a median of at least 5 runs)');
  return options;
}

function usage(problem) {
  console.error(`bench: ${problem}\nusage: node scripts/bench.mjs [--runs N] [--warmup N] [--out FILE] [--python PATH] [--no-torch] [--no-peers] [--no-w4] [--scaling-max E]`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Inputs and measurement

/** float32 values in [-1, 1) from a 32-bit LCG, 24 bits each so that float32 holds them exactly. */
function lcgInput(shape, seed) {
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  let state = seed >>> 0;
  for (let i = 0; i < data.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    data[i] = (state >>> 8) / 2 ** 23 - 1;
  }
  return { shape, data };
}

const median = (times) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];

/**
 * Measures several implementations of one workload in interleaved rounds: the warm-up runs of
 * each, then `runs` rounds of one timed run of each, so that a change in the machine's load
 * hits all of them alike. A runner is `{ name, run, before?, timesItself? }`: `run()` returns
 * the output arrays, or `{ ms }` when the implementation times itself (PyTorch, in its own
 * process); `before()` runs untimed before each run.
 */
async function measureInterleaved(runners, { runs, warmup }) {
  const measured = runners.map(() => ({ timesMs: [], pageFaults: [], outputs: undefined, error: undefined }));
  const once = async (runner, into, timed) => {
    if (into.error) return;
    try {
      await runner.before?.();
      const faultsBefore = process.resourceUsage().minorPageFault;
      const started = performance.now();
      const pending = runner.run();
      const result = pending instanceof Promise ? await pending : pending;
      const elapsed = performance.now() - started;
      if (!timed) return;
      into.timesMs.push(runner.timesItself ? result.ms : elapsed);
      if (!runner.timesItself) {
        into.pageFaults.push(process.resourceUsage().minorPageFault - faultsBefore);
        into.outputs = result;
      }
    } catch (error) {
      into.error = String(error?.message ?? error).split('\n')[0];
    }
  };
  for (let i = 0; i < warmup; i++) for (const [k, runner] of runners.entries()) await once(runner, measured[k], false);
  for (let i = 0; i < runs; i++) for (const [k, runner] of runners.entries()) await once(runner, measured[k], true);
  return measured.map((m) => (m.error ? m : { ...m, medianMs: median(m.timesMs), minMs: Math.min(...m.timesMs) }));
}

function sha256(array) {
  return createHash('sha256').update(new Uint8Array(array.buffer, array.byteOffset, array.byteLength)).digest('hex');
}

// ---------------------------------------------------------------------------------------------
// poolcheck: the readable reference and the fast path

function poolcheckRun(api, workload, x) {
  const options = { kernelSize: workload.kernel, stride: workload.stride };
  if (workload.kind === 'pool2d') return () => { const r = api.maxPool2d(x, options); return [r.values.data, r.indices.data]; };
  if (workload.kind === 'pool3d') return () => { const r = api.maxPool3d(x, options); return [r.values.data, r.indices.data]; };
  return () => {
    const r = api.maxPool2d(x, options);
    const output = api.maxUnpool2d(r.values, r.indices, { ...options, outputSize: workload.outputSize });
    return [r.values.data, r.indices.data, output.data];
  };
}

/** The fast path writing into the arrays of its first result (`out`): repeated calls allocate nothing. */
function fastRunIntoOut(workload, x) {
  const options = { kernelSize: workload.kernel, stride: workload.stride };
  const pool = workload.kind === 'pool3d' ? fast.fastMaxPool3d : fast.fastMaxPool2d;
  const pooled = pool(x, options);
  if (workload.kind !== 'roundtrip2d') {
    return () => { const r = pool(x, options, pooled); return [r.values.data, r.indices.data]; };
  }
  const unpoolOptions = { ...options, outputSize: workload.outputSize };
  const unpooled = fast.fastMaxUnpool2d(pooled.values, pooled.indices, unpoolOptions);
  return () => {
    const r = pool(x, options, pooled);
    const output = fast.fastMaxUnpool2d(r.values, r.indices, unpoolOptions, unpooled);
    return [r.values.data, r.indices.data, output.data];
  };
}

/** The headline row: the fast path as a user calls it, in this plain Node process, fresh output each call. */
const FAST_HEADLINE = 'poolcheck fast path (plain Node process, fresh output each call)';
const ORT_1_THREAD = () => `ONNX Runtime ${packageVersion('onnxruntime-node')} (1 thread)`;

const REFERENCE_API = { maxPool2d: reference.maxPool2d, maxPool3d: reference.maxPool3d, maxUnpool2d: reference.maxUnpool2d };
const FAST_API = { maxPool2d: fast.fastMaxPool2d, maxPool3d: fast.fastMaxPool3d, maxUnpool2d: fast.fastMaxUnpool2d };

// ---------------------------------------------------------------------------------------------
// PyTorch, in its own process

/**
 * PyTorch in its own process (scripts/bench_torch.py), one run per request, so that its runs
 * interleave with the others'. The inputs reach it as raw float32 bytes in a temp directory.
 */
class TorchSession {
  /**
   * Writes every input once into a temp directory, for all PyTorch sessions of the run; the
   * scaling inputs are prefixes of one file. Returns { directory, specFile }.
   */
  static writeInputs(inputs, scaling) {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'poolcheck-bench-'));
    const write = (name, data) => {
      const file = path.join(directory, name);
      fs.writeFileSync(file, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      return file;
    };
    const workloads = WORKLOADS.map((w) => ({
      id: w.id, kind: w.kind, input: write(`${w.id}.f32`, inputs.get(w.id).data), shape: w.shape, kernel: w.kernel, stride: w.stride, outputSize: w.outputSize,
    }));
    if (scaling) {
      const file = write('scaling.f32', scaling.input.data);
      for (const size of scaling.sizes) workloads.push({ id: size.id, kind: 'pool2d', input: file, shape: size.shape, kernel: SCALING.kernel, stride: SCALING.stride });
    }
    const specFile = path.join(directory, 'spec.json');
    fs.writeFileSync(specFile, JSON.stringify({ workloads }));
    return { directory, specFile };
  }

  static async start(python, { specFile }, threads) {
    const child = spawn(python, [path.join(root, 'scripts', 'bench_torch.py'), specFile, String(threads)], { stdio: ['pipe', 'pipe', 'pipe'] });
    const session = new TorchSession(child);
    try {
      const handshake = await session.next();
      if (!handshake.available) throw new Error(handshake.reason);
      Object.assign(session, { available: true, version: handshake.version, threads: handshake.threads, python: handshake.python });
      return session;
    } catch (error) {
      await session.close();
      return { available: false, reason: `${python}: ${error.message}` };
    }
  }

  constructor(child) {
    this.child = child;
    this.waiting = [];
    this.stderr = '';
    this.exited = new Promise((resolve) => child.once('exit', resolve));
    child.stdin.on('error', () => {}); // a child that has died already: its exit says why
    child.stderr.on('data', (chunk) => { this.stderr += chunk; });
    const fail = (why) => { for (const w of this.waiting.splice(0)) w.reject(new Error(why)); this.failed = why; };
    child.on('error', (error) => fail(`could not run: ${error.message}`));
    child.on('exit', (code) => fail(`exited with ${code}: ${this.stderr.trim().split('\n').pop() ?? ''}`));
    readline.createInterface({ input: child.stdout }).on('line', (line) => this.waiting.shift()?.resolve(JSON.parse(line)));
  }

  next() {
    if (this.failed) return Promise.reject(new Error(this.failed));
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  request(command) {
    const answer = this.next();
    this.child.stdin.write(`${command}\n`);
    return answer;
  }

  runner(workload) {
    return { name: this.name, timesItself: true, run: () => this.request(`run ${workload.id}`) };
  }

  get name() {
    return `PyTorch ${this.version} (${this.threads} thread${this.threads === 1 ? '' : 's'})`;
  }

  async digests(workload) {
    return (await this.request(`digests ${workload.id}`)).digests ?? undefined;
  }

  async close() {
    if (!this.failed) {
      this.child.stdin.end('exit\n');
      await this.exited;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// ONNX Runtime: one-node models built here with onnx-proto, one thread (or `threads`)

async function onnxRuntimePeer(threads = 1) {
  const ort = await import('onnxruntime-node');
  const { onnx } = (await import('onnx-proto')).default;
  const { FLOAT, INT64 } = onnx.TensorProto.DataType;
  const ints = (name, values) => ({ name, type: onnx.AttributeProto.AttributeType.INTS, ints: values });
  const value = (name, elemType, shape) => ({
    name, type: { tensorType: { elemType, ...(shape ? { shape: { dim: shape.map((dimValue) => ({ dimValue })) } } : {}) } },
  });
  const encode = (opset, graph) => onnx.ModelProto.encode(onnx.ModelProto.create({
    irVersion: 8, producerName: 'poolcheck-bench', opsetImport: [{ domain: '', version: opset }], graph,
  })).finish();
  const session = (bytes) => ort.InferenceSession.create(bytes, {
    executionProviders: ['cpu'], intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential',
  });

  const poolSession = (shape, kernel, stride) => {
    const rank = shape.length - 2;
    return session(encode(12, {
      name: 'pool',
      node: [{
        opType: 'MaxPool', input: ['X'], output: ['Y', 'Indices'],
        attribute: [ints('kernel_shape', Array(rank).fill(kernel)), ints('strides', Array(rank).fill(stride))],
      }],
      input: [value('X', FLOAT, shape)],
      output: [value('Y', FLOAT), value('Indices', INT64)],
    }));
  };
  const unpoolSession = (rank, kernel, stride) => session(encode(11, {
    name: 'unpool',
    node: [{
      opType: 'MaxUnpool', input: ['X', 'I', 'output_shape'], output: ['Y'],
      attribute: [ints('kernel_shape', Array(rank).fill(kernel)), ints('strides', Array(rank).fill(stride))],
    }],
    input: [value('X', FLOAT), value('I', INT64), value('output_shape', INT64, [rank + 2])],
    output: [value('Y', FLOAT)],
  }));

  return {
    name: `ONNX Runtime ${packageVersion('onnxruntime-node')} (${threads} thread${threads === 1 ? '' : 's'})`,
    async prepare(workload, x) {
      const pool = await poolSession(x.shape, workload.kernel, workload.stride);
      const input = new ort.Tensor('float32', x.data, x.shape);
      if (workload.kind !== 'roundtrip2d') {
        return async () => { const out = await pool.run({ X: input }); return [out.Y.data, out.Indices.data]; };
      }
      const unpool = await unpoolSession(2, workload.kernel, workload.stride);
      const outputShape = new ort.Tensor('int64', BigInt64Array.from([...x.shape.slice(0, 2), ...workload.outputSize].map(BigInt)), [4]);
      return async () => {
        const pooled = await pool.run({ X: input });
        const out = await unpool.run({ X: pooled.Y, I: pooled.Indices, output_shape: outputShape });
        return [pooled.Y.data, pooled.Indices.data, out.Y.data];
      };
    },
    /** ONNX indices count over the whole tensor; PyTorch's count within each (n, c) plane. */
    toPyTorch(workload, x, outputs) {
      const [values, indices, ...rest] = outputs;
      const planeSize = x.shape.slice(2).reduce((a, b) => a * b, 1);
      const perPlane = values.length / (x.shape[0] * x.shape[1]);
      const planeIndices = BigInt64Array.from(indices, (index, i) => index - BigInt(Math.floor(i / perPlane) * planeSize));
      return [values, planeIndices, ...rest];
    },
  };
}

// ---------------------------------------------------------------------------------------------
// TF.js: maxPoolWithArgmax on NHWC, its own layout (the transposition is not timed)

async function tfjsPeers() {
  const warn = console.warn;
  // tfjs-core greets Node users with advice to install tfjs-node, which has no MaxPoolWithArgmax.
  console.warn = (...args) => { if (!String(args[0]).includes('tfjs-node')) warn(...args); };
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-cpu');
  await import('@tensorflow/tfjs-backend-wasm');
  return ['wasm', 'cpu'].map((backend) => ({
    name: `TF.js ${tf.version_core} ${backend}`,
    async prepare(workload, x) {
      if (workload.kind !== 'pool2d') return undefined;
      const useBackend = async () => {
        if (tf.getBackend() === backend) return;
        if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} did not initialise`);
        await tf.ready();
      };
      await useBackend();
      const nhwc = tf.tensor4d(nchwToNhwc(x), [x.shape[0], x.shape[2], x.shape[3], x.shape[1]]);
      // dataSync() may return a view of the backend's memory, valid until the tensor is
      // disposed: each run disposes the previous run's outputs instead of its own.
      let previous = [];
      return {
        before: useBackend, // the two backends take turns; switching is not timed
        run: () => {
          for (const t of previous) t.dispose();
          const { result, indexes } = tf.maxPoolWithArgmax(nhwc, workload.kernel, workload.stride, 'valid', false);
          previous = [result, indexes];
          return [result.dataSync(), indexes.dataSync()];
        },
      };
    },
    /** NHWC back to NCHW; TF.js's index (y·W + x)·C + c back to PyTorch's y·W + x. */
    toPyTorch(workload, x, outputs) {
      const [values, indexes] = outputs;
      const [n, c] = x.shape;
      const pixels = values.length / (n * c);
      const nchwValues = new Float32Array(values.length);
      const nchwIndices = new BigInt64Array(values.length);
      for (let b = 0; b < n; b++) {
        for (let channel = 0; channel < c; channel++) {
          for (let p = 0; p < pixels; p++) {
            const from = (b * pixels + p) * c + channel;
            const to = (b * c + channel) * pixels + p;
            nchwValues[to] = values[from];
            // An index outside TF.js's own convention cannot be translated: -1 makes it differ.
            const pixel = (indexes[from] - channel) / c;
            nchwIndices[to] = Number.isInteger(pixel) ? BigInt(pixel) : -1n;
          }
        }
      }
      return [nchwValues, nchwIndices];
    },
  }));
}

function nchwToNhwc(x) {
  const [n, c, h, w] = x.shape;
  const nhwc = new Float32Array(x.data.length);
  for (let b = 0; b < n; b++) {
    for (let channel = 0; channel < c; channel++) {
      for (let p = 0; p < h * w; p++) nhwc[(b * h * w + p) * c + channel] = x.data[(b * c + channel) * h * w + p];
    }
  }
  return nhwc;
}

// ---------------------------------------------------------------------------------------------
// Machine and versions

function packageVersion(name) {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

function machineInfo() {
  let cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  try {
    const model = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
    if (model) cpu = model[1].trim();
  } catch { /* not Linux: os.cpus() has it */ }
  return {
    cpu,
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg(),
  };
}

// ---------------------------------------------------------------------------------------------
// W1-W3

/** What the fast path keeps beyond its input during W1 (values + indices + scratch), as measured. */
function extraMemoryOfFastPool(x) {
  collectGarbage();
  const before = process.memoryUsage().arrayBuffers;
  const result = fast.fastMaxPool2d(x, { kernelSize: 3, stride: 2 });
  const extraBytes = process.memoryUsage().arrayBuffers - before;
  return { extraBytes, inputBytes: x.data.byteLength, outputBytes: result.values.data.byteLength + result.indices.data.byteLength };
}

const OUTPUT_NAMES = ['values', 'indices', 'unpooled'];

/**
 * Whether outputs equal PyTorch's (by digest). When they do not, the first difference is shown
 * against the fast path's outputs, which stand in for PyTorch's when those matched.
 */
function agreement(torchDigests, outputs, fastOutputs, fastAgrees) {
  if (!torchDigests) return undefined;
  const differing = outputs.map((o, i) => (sha256(o) === torchDigests[i] ? undefined : i)).filter((i) => i !== undefined);
  if (differing.length === 0) return 'yes, bit for bit';
  const details = differing.map((i) => {
    if (!fastAgrees || !fastOutputs) return `${OUTPUT_NAMES[i]} differ`;
    const [ours, theirs] = [outputs[i], fastOutputs[i]];
    let count = 0;
    let first = -1;
    for (let k = 0; k < theirs.length; k++) {
      if (!Object.is(ours[k], theirs[k])) { count++; if (first < 0) first = k; }
    }
    return first < 0 ? `${OUTPUT_NAMES[i]} differ in bits` :
      `${count} of ${theirs.length} ${OUTPUT_NAMES[i]} differ (first at ${first}: ${ours[first]}, PyTorch ${theirs[first]})`;
  });
  return `no: ${details.join('; ')}`;
}

/** A table row; ratios are medians over the peers' medians in the same run. */
function row(implementation, measured, { torch, torch2, ort }, extra = {}) {
  const over = (peer) => (peer ? measured.medianMs / peer : undefined);
  return {
    implementation,
    medianMs: measured.medianMs,
    minMs: measured.minMs,
    timesMs: measured.timesMs.map((t) => Number(t.toFixed(3))),
    ratioToTorch: over(torch),
    ratioToTorch2: over(torch2),
    ratioToOrt: over(ort),
    ...extra,
  };
}

function childFastTimes(workload, settings, env = TUNED_MALLOC) {
  const args = ['--child-fast', workload.id, '--runs', String(settings.runs), '--warmup', String(settings.warmup)];
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...args], {
    encoding: 'utf8', env: { ...process.env, ...env }, timeout: 10 * 60_000,
  });
  if (child.status !== 0) return { error: `child run failed: ${(child.stderr || String(child.error)).trim().split('\n').pop()}` };
  return JSON.parse(child.stdout);
}

async function measureWorkloads(settings, options, progress) {
  const inputs = new Map(WORKLOADS.map((w) => [w.id, lcgInput(w.shape, w.seed)]));
  const scaling = options.scalingMax >= SCALING.minExponent ? scalingInputs(options.scalingMax) : undefined;
  const notes = [];

  progress('starting PyTorch (1 and 2 threads)');
  const skipped = { available: false, reason: 'skipped (--no-torch)' };
  const torchFiles = options.torch ? TorchSession.writeInputs(inputs, scaling) : undefined;
  const torch = torchFiles ? await TorchSession.start(options.python, torchFiles, 1) : skipped;
  const torch2 = torch.available ? await TorchSession.start(options.python, torchFiles, 2) : torch;
  if (!torch.available) notes.push(`PyTorch not measured (${torch.reason}). Ratios are left empty.`);
  const peers = [];
  if (options.peers) {
    for (const load of [() => onnxRuntimePeer(1), tfjsPeers, () => onnxRuntimePeer(2)]) {
      try {
        peers.push(...[await load()].flat());
      } catch (error) {
        notes.push(`a peer could not load: ${error.message}`);
      }
    }
  }
  const parallel = await createParallelPool();
  const parallelName = `poolcheck parallel pool (${parallel.threads} threads)`;
  const parallelApi = { maxPool2d: parallel.maxPool2d.bind(parallel), maxPool3d: parallel.maxPool3d.bind(parallel), maxUnpool2d: parallel.maxUnpool2d.bind(parallel) };

  const workloads = [];
  for (const workload of WORKLOADS) {
    const x = inputs.get(workload.id);
    const runners = [
      ...(torch.available ? [torch.runner(workload)] : []),
      { name: FAST_HEADLINE, run: poolcheckRun(FAST_API, workload, x) },
      { name: 'poolcheck fast path, caller-provided out (allocates no output)', run: fastRunIntoOut(workload, x) },
      { name: parallelName, run: poolcheckRun(parallelApi, workload, x) },
      { name: 'poolcheck reference (readable oracle)', run: poolcheckRun(REFERENCE_API, workload, x) },
    ];
    const peerOf = new Map();
    const unprepared = [];
    for (const peer of peers) {
      try {
        const prepared = await peer.prepare(workload, x);
        if (!prepared) continue;
        const runner = { name: peer.name, ...(typeof prepared === 'function' ? { run: prepared } : prepared) };
        peerOf.set(runner, peer);
        runners.push(runner);
      } catch (error) {
        unprepared.push({ implementation: peer.name, error: String(error.message).split('\n')[0] });
      }
    }
    if (torch2.available) runners.push(torch2.runner(workload));
    collectGarbage();
    progress(`${workload.id}: ${runners.map((r) => r.name).join(', ')} in ${settings.runs} interleaved rounds`);
    const measured = await measureInterleaved(runners, settings);
    const byName = new Map(runners.map((r, k) => [r.name, measured[k]]));

    const torchMeasured = torch.available ? measured[0] : undefined;
    const peerMedians = {
      torch: torchMeasured?.medianMs,
      torch2: torch2.available ? byName.get(torch2.name)?.medianMs : undefined,
      ort: byName.get(ORT_1_THREAD())?.medianMs,
    };
    const torchDigests = torchMeasured && !torchMeasured.error ? await torch.digests(workload) : undefined;
    const fastMeasured = byName.get(FAST_HEADLINE);
    const fastDigests = fastMeasured.outputs.map(sha256);
    const fastAgrees = torchDigests?.every((d, i) => d === fastDigests[i]) ?? false;

    const results = [];
    for (const [k, runner] of runners.entries()) {
      const m = measured[k];
      if (m.error) { results.push({ implementation: runner.name, error: m.error }); continue; }
      const extra = {};
      if (!runner.timesItself) {
        const peer = peerOf.get(runner);
        const outputs = peer ? peer.toPyTorch(workload, x, m.outputs) : m.outputs;
        extra.agrees = agreement(torchDigests, outputs, fastMeasured.outputs, fastAgrees);
        extra.pageFaults = m.pageFaults;
        if (!peer && runner.name !== FAST_HEADLINE) {
          const sameAsFast = m.outputs.every((o, i) => sha256(o) === fastDigests[i]);
          if (!sameAsFast) notes.push(`${workload.id}: ${runner.name} and the fast path disagree on this input: a bug, please report it.`);
        }
      }
      results.push(row(runner.name, m, peerMedians, extra));
    }
    if (!torch.available) results.unshift({ implementation: 'PyTorch (1 thread)', error: torch.reason });
    results.push(...unprepared);

    // Like PyTorch, which runs in a process of its own: the fast path alone in a plain Node
    // process, with nothing else allocating between its runs and the default allocator.
    progress(`${workload.id}: fast path alone in a child process`);
    const alone = childFastTimes(workload, settings, {});
    if (alone.error) notes.push(`${workload.id}: the run of the fast path alone failed: ${alone.error}`);
    const aloneRun = alone[workload.id];
    if (aloneRun) {
      results.push(row('poolcheck fast path, alone in its own process (as PyTorch is)', {
        timesMs: aloneRun.timesMs, medianMs: median(aloneRun.timesMs), minMs: Math.min(...aloneRun.timesMs),
      }, peerMedians, { pageFaults: aloneRun.pageFaults }));
    }

    progress(`${workload.id}: fast path in a child process with glibc keeping freed memory`);
    const tuned = childFastTimes(workload, settings);
    if (tuned.error) notes.push(`${workload.id}: the run with glibc keeping freed memory failed: ${tuned.error}`);
    const tunedRun = tuned[workload.id];
    if (tunedRun) {
      results.push(row('poolcheck fast path, glibc keeping freed memory (see below)', {
        timesMs: tunedRun.timesMs, medianMs: median(tunedRun.timesMs), minMs: Math.min(...tunedRun.timesMs),
      }, peerMedians, { pageFaults: tunedRun.pageFaults }));
    }

    const entry = { id: workload.id, description: workload.description, results };
    if (workload.id === 'W1') entry.memory = extraMemoryOfFastPool(x);
    entry.finding = findingFor(workload, entry, {
      fast: fastMeasured, intoOut: byName.get('poolcheck fast path, caller-provided out (allocates no output)'),
      parallel: byName.get(parallelName), tunedRun, peerMedians,
    });
    workloads.push(entry);
  }
  const scalingTable = scaling ? await measureScaling(scaling, { torch, ort: peers.find((p) => p.name === ORT_1_THREAD()), parallel, parallelName }, settings, progress) : undefined;
  await parallel.close();
  if (torch.available) await torch.close();
  if (torch2.available) await torch2.close();
  if (torchFiles) fs.rmSync(torchFiles.directory, { recursive: true, force: true });
  return { workloads, torch, torch2, notes, scaling: scalingTable };
}

// ---------------------------------------------------------------------------------------------
// Scaling: W1's pooling (k3 s2, float32, planes of 256 × 256) on 2^16 to 2^26 elements

const SCALING = { minExponent: 16, step: 2, kernel: 3, stride: 2, seed: 1 };

/** One LCG input of 2^maxExponent elements; each size is a prefix of it, as [1, C, 256, 256]. */
function scalingInputs(maxExponent) {
  const input = lcgInput([2 ** maxExponent], SCALING.seed);
  const sizes = [];
  for (let e = SCALING.minExponent; e <= maxExponent; e += SCALING.step) {
    sizes.push({ id: `S${e}`, exponent: e, shape: [1, 2 ** (e - 16), 256, 256] });
  }
  return { input, sizes };
}

async function measureScaling(scaling, { torch, ort, parallel, parallelName }, settings, progress) {
  const rows = [];
  const workload = { kind: 'pool2d', kernel: SCALING.kernel, stride: SCALING.stride };
  for (const size of scaling.sizes) {
    const elements = 2 ** size.exponent;
    const x = { shape: size.shape, data: scaling.input.data.subarray(0, elements) };
    const runners = [
      { name: FAST_HEADLINE, run: poolcheckRun(FAST_API, workload, x) },
      { name: 'poolcheck fast path, out', run: fastRunIntoOut(workload, x) },
      { name: parallelName, run: poolcheckRun({ maxPool2d: parallel.maxPool2d.bind(parallel) }, workload, x) },
      ...(torch.available ? [{ ...torch.runner(size), name: torch.name }] : []),
    ];
    if (ort) runners.push({ name: ort.name, run: await ort.prepare(workload, x) });
    collectGarbage();
    progress(`scaling: 2^${size.exponent} elements`);
    // Large sizes take long: fewer rounds, still a median.
    const measured = await measureInterleaved(runners, { runs: size.exponent >= 24 ? 5 : settings.runs, warmup: 1 });
    rows.push({
      exponent: size.exponent, elements, shape: size.shape,
      results: runners.map((r, k) => (measured[k].error ? { implementation: r.name, error: measured[k].error }
        : { implementation: r.name, medianMs: measured[k].medianMs, minMs: measured[k].minMs, nsPerElement: (measured[k].medianMs * 1e6) / elements })),
    });
    for (const m of measured) m.outputs = undefined;
  }
  return { description: "max pool with indices, float32 [1, C, 256, 256], k3 s2 (W1's op), C = 1 … 1024", rows };
}

function findingFor(workload, entry, { fast: fastMeasured, intoOut, parallel, tunedRun, peerMedians }) {
  const ms = (v) => `${v.toFixed(1)} ms`;
  const parts = [];
  const faults = median(fastMeasured.pageFaults);
  const outputMiB = fastMeasured.outputs.reduce((sum, o) => sum + o.byteLength, 0) / 2 ** 20;
  const peers = [['PyTorch', peerMedians.torch], ['ONNX Runtime', peerMedians.ort]].filter(([, v]) => v).map(([n, v]) => `${n} ${ms(v)}`);
  parts.push(`the fast path takes ${ms(fastMeasured.medianMs)}${peers.length ? ` (${peers.join(', ')}, 1 thread)` : ''}, ` +
    `writing ${outputMiB.toFixed(1)} MiB of fresh output with a median of ${faults} page faults per run`);
  if (intoOut && !intoOut.error) {
    const allocation = fastMeasured.medianMs - intoOut.medianMs;
    parts.push(`into a caller-provided \`out\` it takes ${ms(intoOut.medianMs)}, so allocating, faulting in and collecting ` +
      `the fresh output costs ${allocation > 0 ? `about ${ms(allocation)}` : 'nothing measurable'} of the default call`);
  }
  if (tunedRun) {
    const settings = Object.entries(TUNED_MALLOC).map(([k, v]) => `${k}=${v}`).join(' ');
    parts.push(`alone in a child process where glibc keeps freed memory (${settings}) it takes ${ms(median(tunedRun.timesMs))}`);
  }
  const scan = {
    pool2d: 'a 9-tap window scan per output (1 M outputs)',
    pool3d: 'an 8-tap window scan per output (0.5 M outputs)',
    roundtrip2d: 'a 4-tap window scan per output (0.26 M outputs), then the unpool\'s scatter of 0.26 M elements into a zeroed 4.3 MiB output (plain JavaScript, about as long as the pooling)',
  }[workload.kind];
  parts.push(`the compute is ${scan}, in the WebAssembly SIMD kernel (8 outputs per step), plus copying the input into the ` +
    'kernel\'s memory in 1 MiB regions and the outputs out of it (about a third of the kernel\'s time)');
  if (parallel && !parallel.error) {
    parts.push(`the parallel pool takes ${ms(parallel.medianMs)}${peerMedians.torch2 ? ` (PyTorch with 2 threads ${ms(peerMedians.torch2)})` : ''}: ` +
      'the calling thread copies the worker\'s half of the input into shared memory and its outputs back, which neither thread can share');
  }
  if (entry.memory) {
    const { extraBytes, inputBytes } = entry.memory;
    parts.push(`memory beyond the input: ${(extraBytes / 2 ** 20).toFixed(1)} MiB = ${(extraBytes / inputBytes).toFixed(2)}× the input ` +
      '(values + int64 indices; the input is never copied whole: the kernel holds a 1 MiB region of it)');
  }
  return parts.join('; ') + '.';
}

// ---------------------------------------------------------------------------------------------
// W4: conformance throughput

async function measureThroughput(progress) {
  const results = [];
  const caseCount = (suite) => suite.properties.reduce((sum, p) => sum + p.numRuns, 0);
  let properties;
  try {
    properties = await import(dist('properties/index.js'));
  } catch (error) {
    return { results: [{ what: 'property suite', error: `dist/properties not available: ${error.message}` }] };
  }
  const implementations = [
    ['reference', { name: 'reference', ...pick(reference, ['maxPool1d', 'maxPool2d', 'maxPool3d', 'maxUnpool1d', 'maxUnpool2d', 'maxUnpool3d']) }],
    ['fast path', { name: 'fast path', ...fast.fastOps }],
  ];
  for (const [label, impl] of implementations) {
    progress(`W4: property suite in-process against the ${label}`);
    try {
      // As for W1-W3: a warm-up run first (JIT, the golden corpus loaded once), then the median of 5 runs.
      await properties.runSuite(impl, { runs: 50, seed: 99 });
      const runsOf = [];
      for (let seed = 1; seed <= 5; seed++) runsOf.push(await properties.runSuite(impl, { runs: 200, seed }));
      const rates = runsOf.map((suite) => caseCount(suite) / (suite.durationMs / 1000));
      const middle = runsOf[rates.indexOf([...rates].sort((a, b) => a - b)[2])];
      const cases = caseCount(middle);
      results.push({ what: `property suite in-process, ${label} as the implementation (median of 5 runs after warm-up)`, cases,
        seconds: middle.durationMs / 1000, casesPerSecond: cases / (middle.durationMs / 1000), target: label === 'reference' ? '≥ 5000' : '' });
    } catch (error) {
      results.push({ what: `property suite in-process, ${label}`, error: error.message, target: '≥ 5000' });
    }
  }

  const port = path.join(root, 'examples', 'protocol-python', 'poolcheck_port.py');
  let protocol;
  try {
    protocol = await import(dist('adapters/protocol/index.js'));
  } catch (error) {
    results.push({ what: 'over the external protocol', error: `dist/adapters/protocol not available: ${error.message}`, target: '≥ 1000' });
    return { results };
  }
  let impl;
  try {
    progress('W4: the scratch Python port over the protocol');
    impl = await protocol.createProtocolImplementation(['python3', port]);
    await properties.runSuite(impl, { runs: 10, seed: 99 }); // warm-up: the child's imports, the corpus
    const suite = await properties.runSuite(impl, { runs: 50, seed: 1 });
    const cases = caseCount(suite);
    results.push({ what: 'property suite over the protocol (examples/protocol-python, python3; after a warm-up run)', cases,
      seconds: suite.durationMs / 1000, casesPerSecond: cases / (suite.durationMs / 1000), target: '≥ 1000' });
    const raw = await protocol.measureThroughput(impl, protocol.smallPoolCases(3000));
    results.push({ what: 'small cases over the protocol, batched (measureThroughput)', cases: raw.cases, seconds: raw.seconds,
      casesPerSecond: raw.casesPerSecond, target: '≥ 1000' });
  } catch (error) {
    results.push({ what: 'over the external protocol', error: String(error.message).split('\n')[0], target: '≥ 1000' });
  } finally {
    await impl?.dispose();
  }
  return { results };
}

function pick(object, keys) {
  return Object.fromEntries(keys.filter((k) => typeof object[k] === 'function').map((k) => [k, object[k]]));
}

// ---------------------------------------------------------------------------------------------

function writeAtomically(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const settings = { runs: options.runs, warmup: options.warmup };

  if (options.childFast) {
    // The fast path alone, for the run with TUNED_MALLOC set (the parent prints it).
    // More warm-up runs than usual: the heap must first grow to its steady size.
    const results = {};
    for (const workload of WORKLOADS.filter((w) => w.id === options.childFast)) {
      const x = lcgInput(workload.shape, workload.seed);
      const [{ timesMs, pageFaults }] = await measureInterleaved(
        [{ name: 'fast path', run: poolcheckRun(FAST_API, workload, x) }], { ...settings, warmup: Math.max(settings.warmup, 10) });
      results[workload.id] = { timesMs, pageFaults };
    }
    process.stdout.write(JSON.stringify(results));
    return;
  }

  const progress = (what) => process.stderr.write(`bench: ${what}\n`);
  const machine = machineInfo();
  const started = new Date();
  const { workloads, torch, torch2, notes, scaling } = await measureWorkloads(settings, options, progress);
  const throughput = options.w4 ? await measureThroughput(progress) : undefined;
  notes.push('Machine noise: other jobs may share the 2 cores; medians resist it, the min column shows the quietest run.');

  const report = {
    date: started.toISOString().replace(/\.\d+Z$/, 'Z'),
    machine,
    versions: {
      poolcheck: JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version,
      node: process.version,
      torch: torch.available ? torch.version : undefined,
      torchThreads: torch.available ? torch.threads : undefined,
      torchSecondThreads: torch2.available ? torch2.threads : undefined,
      python: torch.available ? torch.python : undefined,
      onnxruntime: packageVersion('onnxruntime-node'),
      tfjs: packageVersion('@tensorflow/tfjs-core'),
    },
    settings: { ...settings, input: 'float32 from a 32-bit LCG (seed per workload), same bytes for every implementation' },
    workloads,
    ...(scaling ? { scaling } : {}),
    ...(throughput ? { throughput } : {}),
    notes,
  };
  writeAtomically(options.out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(renderReport(report));
  console.log(`\n(report written to ${path.relative(process.cwd(), options.out)})`);
}

await main();
