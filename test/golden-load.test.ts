/**
 * The corpus format: the checked-in corpus has the coverage the project promises, values survive
 * exactly, and every kind of damage is refused with a message naming file, case and field.
 */
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  defaultGoldenDir, GoldenFormatError, loadGolden, type GoldenCase,
} from '../src/golden/index.js';
import { BitView } from '../src/golden/tokens.js';
import { copyOfShipped, editLine, fakeCorpus, sampleCases, shippedCorpus, cloneCase } from './golden-fixtures.js';

// The structural-error cases poke at arbitrary fields of a parsed case, typed or not.
type LooseJson = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function dirSize(dir: string): number {
  return readdirSync(dir).reduce((total, name) => {
    const full = path.join(dir, name);
    return total + (statSync(full).isDirectory() ? dirSize(full) : statSync(full).size);
  }, 0);
}

function loadError(dir: string): GoldenFormatError {
  try {
    loadGolden(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(GoldenFormatError);
    return error as GoldenFormatError;
  }
  throw new Error(`expected ${dir} to be refused`);
}

describe('the checked-in corpus', () => {
  const corpus = shippedCorpus();
  const categories = new Set(corpus.cases.map((c) => c.category));

  it('has at least 1,000 cases, fits in 5 MB, and records its provenance', () => {
    expect(corpus.cases.length).toBeGreaterThanOrEqual(1000);
    expect(dirSize(defaultGoldenDir)).toBeLessThan(5 * 1024 * 1024);
    expect(corpus.manifest.torch.version).toMatch(/^1\.13\./);
    expect(corpus.manifest.torch.numThreads).toBe(1);
    expect(corpus.manifest.generator.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Object.values(corpus.manifest.categories).reduce((a, b) => a + b, 0)).toBe(corpus.cases.length);
  });

  it.each([1, 2, 3])('covers every promised category in %i-D', (rank) => {
    const pool = ['basic', 'unbatched', 'odd-sizes', 'ceil-mode', 'padding', 'dilation', 'all-padding-windows',
      'overlapping', 'ties', 'nan', 'inf', 'signed-zero', 'all-negative', 'large-plane', 'errors', 'empty-batch',
      ...(rank > 1 ? ['asymmetric'] : [])];
    const unpool = ['roundtrip', 'unbatched', 'output-size', 'output-size-invalid', 'invalid-indices',
      'duplicate-indices', 'special-values', 'odd-sizes', 'large-plane', 'errors', 'arbitrary-indices'];
    for (const name of pool) expect(categories, `pool${rank}d-${name}`).toContain(`pool${rank}d-${name}`);
    for (const name of unpool) expect(categories, `unpool${rank}d-${name}`).toContain(`unpool${rank}d-${name}`);
  });

  it('holds what the categories promise: both dtypes, N > 1 and C > 1, indices beyond 2^16, errors', () => {
    for (const rank of [1, 2, 3]) {
      const basics = corpus.cases.filter((c) => c.category === `pool${rank}d-basic`);
      expect(basics.some((c) => c.input.data instanceof Float32Array)).toBe(true);
      expect(basics.some((c) => c.input.data instanceof Float64Array)).toBe(true);
      expect(basics.some((c) => c.input.shape[0]! > 1 && c.input.shape[1]! > 1)).toBe(true);
      const large = corpus.cases.filter((c) => c.category === `pool${rank}d-large-plane`);
      expect(large.some((c) => c.expected.kind === 'pool' && c.expected.indices.data.some((i) => i > 65536n))).toBe(true);
      const errors = corpus.cases.filter((c) => c.category === `pool${rank}d-errors`);
      expect(errors.every((c) => c.expected.kind === 'error' && c.expected.error.message.length > 0)).toBe(true);
    }
    const story = corpus.cases.filter((c) => c.category === 'pool1d-odd-sizes' && c.input.shape.at(-1) === 65);
    expect(story.length).toBeGreaterThan(0);
  });

  it('keeps NaN payloads, infinities and -0 exactly', () => {
    const nan = corpus.cases.filter((c) => c.category === 'pool2d-nan');
    const payloads = new Set<bigint>();
    for (const c of nan) {
      const bits = new BitView(c.input.data);
      for (let i = 0; i < c.input.data.length; i++) if (Number.isNaN(c.input.data[i])) payloads.add(bits.get(i));
    }
    expect(payloads.size).toBeGreaterThanOrEqual(4 * 2 - 1); // four payloads, in both dtypes
    expect(payloads).toContain(0xffc12345n); // sign bit set
    expect(payloads).toContain(0x7f800001n); // signalling NaN, copied unquieted by PyTorch
    const zeros = corpus.cases.filter((c) => c.category === 'pool1d-signed-zero');
    expect(zeros.some((c) => Array.from(c.input.data).some((v) => Object.is(v, -0)))).toBe(true);
    const infs = corpus.cases.filter((c) => c.category === 'pool1d-inf');
    expect(infs.some((c) => Array.from(c.input.data).every((v) => v === -Infinity))).toBe(true);
  });
});

describe('loading a damaged corpus', () => {
  it('refuses a truncated file, naming it', () => {
    const dir = copyOfShipped('truncated');
    const file = path.join(dir, 'cases', 'pool2d-ties.jsonl');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.slice(0, Math.floor(text.length / 2)));
    const error = loadError(dir);
    expect(error.message).toContain('pool2d-ties.jsonl');
    expect(error.message).toMatch(/truncated/);
  });

  it('refuses a file cut at a line boundary (count check), naming it', () => {
    const dir = copyOfShipped('cut');
    const file = path.join(dir, 'cases', 'pool2d-ties.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, `${lines.slice(0, 4).join('\n')}\n`);
    expect(loadError(dir).message).toMatch(/pool2d-ties\.jsonl: holds 3 cases but its header and manifest\.json say 16/);
  });

  it('refuses a bad NaN token, naming file, line, case and field', () => {
    const dir = copyOfShipped('badhex');
    editLine(dir, 'cases/pool1d-nan.jsonl', 3, (line) => line.replace(/"nan:[0-9a-f]+"/, '"nan:7fcz0000"'));
    const error = loadError(dir);
    expect(error.at.caseId).toBe('pool1d-nan/0001');
    expect(error.at.line).toBe(3);
    expect(error.at.field).toMatch(/^(input|expected\.values)\.data\[\d+\]$/);
    expect(error.message).toMatch(/pool1d-nan\.jsonl:3, case pool1d-nan\/0001, field \S+\.data\[\d+\]: "nan:7fcz0000" is not a value token/);
  });

  it('refuses a NaN token with the wrong width or a non-NaN pattern', () => {
    const dir = copyOfShipped('nanwidth');
    editLine(dir, 'cases/pool1d-nan.jsonl', 3, (line) => line.replace(/"nan:[0-9a-f]+"/, '"nan:7fc0"'));
    expect(loadError(dir).message).toMatch(/needs exactly (8|16) hex digits/);
    const other = copyOfShipped('notnan');
    editLine(other, 'cases/pool1d-nan.jsonl', 2, (line) => line.replace(/"nan:[0-9a-f]+"/, '"nan:3f800000"'));
    expect(loadError(other).message).toMatch(/is not a NaN bit pattern for float32/);
  });

  it('refuses a hand-edited value that is still valid: the checksum does not match', () => {
    const dir = copyOfShipped('edited');
    editLine(dir, 'cases/pool1d-basic.jsonl', 2, (line) => line.replace(/"data":\[(-?\d+)/, (_m, n: string) => `"data":[${Number(n) + 1}`));
    const error = loadError(dir);
    expect(error.message).toMatch(/pool1d-basic\.jsonl: checksum mismatch: manifest\.json says sha256 [0-9a-f]{64}/);
    expect(error.message).toMatch(/edited by hand or damaged/);
  });

  it('refuses a value that is not exactly a float32', () => {
    const cases = sampleCases(1, ['pool1d-basic']);
    const dir = fakeCorpus('notfloat32', cases.map((c) => cloneCase(c)));
    editLine(dir, 'cases/pool1d-basic.jsonl', 2, (line) => {
      const parsed = JSON.parse(line) as { input: { dtype: string; data: unknown[] } };
      expect(parsed.input.dtype).toBe('float32');
      parsed.input.data[0] = 0.1;
      return JSON.stringify(parsed);
    });
    const error = loadError(dir);
    expect(error.message).toContain('field input.data[0]: 0.1 is not exactly a float32 value');
  });

  it('refuses an unknown schema version in the manifest and in a case file', () => {
    const dir = copyOfShipped('schema');
    const manifestFile = path.join(dir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
    writeFileSync(manifestFile, JSON.stringify({ ...manifest, schemaVersion: 2 }));
    expect(loadError(dir).message).toMatch(/manifest\.json, field schemaVersion: unknown schema version 2 \(this poolcheck reads version 1/);

    const other = copyOfShipped('schema-header');
    editLine(other, 'cases/pool3d-inf.jsonl', 1, (line) => line.replace('"schemaVersion":1', '"schemaVersion":7'));
    expect(loadError(other).message).toMatch(/pool3d-inf\.jsonl:1, field header\.schemaVersion: unknown schema version 7/);
  });

  it('refuses missing and stray files, and a missing corpus', () => {
    const dir = copyOfShipped('missing');
    rmSync(path.join(dir, 'cases', 'unpool3d-errors.jsonl'));
    expect(loadError(dir).message).toMatch(/unpool3d-errors\.jsonl: listed in manifest\.json but missing/);

    const stray = copyOfShipped('stray');
    writeFileSync(path.join(stray, 'cases', 'extra.jsonl'), '{}\n');
    expect(loadError(stray).message).toMatch(/extra\.jsonl: case file is not listed in manifest\.json/);

    expect(loadError(path.join(stray, 'nowhere')).message).toMatch(/no golden corpus here/);
  });

  it('refuses structurally wrong cases, naming the field', () => {
    const [c] = sampleCases(1, ['unpool2d-roundtrip']) as [GoldenCase];
    const mutations: [string, (o: LooseJson) => void, RegExp][] = [
      ['unknown op', (o) => { o.op = 'avgPool2d'; }, /field op: unknown op "avgPool2d"/],
      ['unknown option', (o) => { o.options.ceil = true; }, /field options\.ceil: unknown option/],
      ['shape and data disagree', (o) => { o.input = { dtype: 'float64', shape: [99], data: [1, 2] }; },
        /field input\.data: has 2 elements but shape \[99\] needs 99/],
      ['runs too long', (o) => { o.input = { dtype: 'float64', shape: [3], runs: [[2, 1], [2, 0]] }; },
        /field input\.runs\[1\]: runs hold more than the 3 elements of shape \[3\]/],
      ['index not an integer', (o) => { o.indices.data[0] = 1.5; }, /field indices\.data\[0\]: 1\.5 is not an integer/],
      ['two outcomes', (o) => { o.expected.error = { type: 'RuntimeError', message: 'x' }; }, /field expected: has fields \{error,output\}/],
      ['negative zero as a number', (o) => { o.input = { dtype: 'float32', shape: [2], data: [1, '__NEGZERO__'] }; },
        /field input\.data\[1\]: negative zero must be written as the string "-0"/],
    ];
    for (const [label, mutate, pattern] of mutations) {
      const dir = fakeCorpus(`struct-${label.replace(/\W+/g, '-')}`, [cloneCase(c)]);
      editLine(dir, 'cases/unpool2d-roundtrip.jsonl', 2, (line) => {
        const parsed = JSON.parse(line) as LooseJson;
        mutate(parsed);
        return JSON.stringify(parsed).replace('"__NEGZERO__"', '-0');
      });
      const error = loadError(dir);
      expect(error.message, label).toMatch(pattern);
      expect(error.message, label).toContain(`case ${c.id}`);
    }
  });
});
