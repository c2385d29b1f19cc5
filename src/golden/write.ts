/**
 * Writing a corpus from cases held in memory, in the format the loader reads. The real corpus is
 * written by scripts/golden/generate.py from PyTorch; this writer exists for tests (small fake
 * corpora) and for tools that filter or convert a corpus. Numbers print in JavaScript's shortest
 * form rather than Python's, so the bytes can differ from the generator's while every value is
 * the same.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { IndexTensor, Tensor } from '../types.js';
import {
  CASES_FORMAT, GOLDEN_SCHEMA_VERSION, type GoldenCase, type GoldenFileEntry, type GoldenManifest,
} from './format.js';
import { BitView, tokenAt, type ValueToken } from './tokens.js';

/** A tensor as the corpus writes it: dense tokens, or runs when that is at least 4 times shorter. */
export function encodeTensor(t: Tensor): Record<string, unknown> {
  const bits = new BitView(t.data);
  const tokens: ValueToken[] = [];
  for (let i = 0; i < t.data.length; i++) tokens.push(tokenAt(t.data, bits, i));
  const runs: [number, ValueToken][] = [];
  for (const token of tokens) {
    const last = runs[runs.length - 1];
    if (last && Object.is(last[1], token)) last[0]++;
    else runs.push([1, token]);
  }
  const dtype = t.data instanceof Float64Array ? 'float64' : 'float32';
  return tokens.length && runs.length * 4 <= tokens.length
    ? { dtype, shape: t.shape, runs }
    : { dtype, shape: t.shape, data: tokens };
}

function encodeIndices(t: IndexTensor): Record<string, unknown> {
  return { shape: t.shape, data: Array.from(t.data, (v) => Number(v)) };
}

export function encodeCase(c: GoldenCase): Record<string, unknown> {
  const e = c.expected;
  const expected = e.kind === 'error' ? { error: e.error }
    : e.kind === 'pool' ? { values: encodeTensor(e.values), indices: encodeIndices(e.indices) }
      : { output: encodeTensor(e.output) };
  return {
    id: c.id, category: c.category, description: c.description, op: c.op,
    input: encodeTensor(c.input), options: c.options, expected,
    ...('indices' in c ? { indices: encodeIndices(c.indices) } : {}),
  };
}

export type Provenance = Pick<GoldenManifest, 'generator' | 'torch' | 'python'>;

/** Writes `cases/<category>.jsonl` for each category and `manifest.json` into `dir`. */
export function writeGoldenCorpus(dir: string, provenance: Provenance, cases: readonly GoldenCase[]): GoldenManifest {
  const byCategory = new Map<string, GoldenCase[]>();
  for (const c of cases) {
    if (!byCategory.has(c.category)) byCategory.set(c.category, []);
    byCategory.get(c.category)!.push(c);
  }
  mkdirSync(path.join(dir, 'cases'), { recursive: true });
  const files: Record<string, GoldenFileEntry> = {};
  const categories: Record<string, number> = {};
  for (const category of [...byCategory.keys()].sort()) {
    const list = byCategory.get(category)!;
    const header = { category, cases: list.length, format: CASES_FORMAT, schemaVersion: GOLDEN_SCHEMA_VERSION };
    const text = [header, ...list.map(encodeCase)].map((o) => `${sortedJson(o)}\n`).join('');
    const relative = `cases/${category}.jsonl`;
    writeFileSync(path.join(dir, relative), text);
    const bytes = Buffer.byteLength(text);
    files[relative] = { bytes, cases: list.length, category, sha256: createHash('sha256').update(text).digest('hex') };
    categories[category] = list.length;
  }
  const manifest: GoldenManifest = {
    schemaVersion: GOLDEN_SCHEMA_VERSION, ...provenance, totalCases: cases.length, categories, files, profiles: {},
  };
  writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(JSON.parse(sortedJson(manifest)), null, 2)}\n`);
  return manifest;
}

/** Compact JSON with keys sorted at every level, as the generator writes it. */
export function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : v));
}
