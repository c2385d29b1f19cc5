/**
 * The HTML reports (`verify --html`, `matrix --html`, `golden update --html`): self-contained
 * pages whose failing cells link to their failures, each counterexample drawn with PyTorch's pick
 * and the port's pick marked apart, the window outlined with its padding and dilated taps, and
 * values that differ only in their bits (NaN payloads, −0) marked as different.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.js';
import { drawCall } from '../src/html/counterexample.js';
import { corpusDiffHtml } from '../src/html/golden.js';
import { writeFileAtomic } from '../src/properties/report/machine.js';
import { NaNLabels } from '../src/html/tensor.js';
import { updateGolden, writeGoldenCorpus, type GoldenCase } from '../src/golden/index.js';
import type { CallEvidence } from '../src/properties/failure.js';
import { maxPool2d, maxPool3d, maxUnpool1d } from '../src/reference/index.js';
import { cloneCase, fakeCorpus, fakeProvenance, sampleCases } from './golden-fixtures.js';

const dir = mkdtempSync(path.join(tmpdir(), 'poolcheck-html-'));
const naivePort = path.resolve('examples/js-port/naive-port.mjs');

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => { lines.push(a.join(' ')); });
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => { lines.push(a.join(' ')); });
  try {
    process.exitCode = undefined;
    return { code: await main(args), out: lines.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
    process.exitCode = undefined;
  }
}

/** Cells of a drawn table with the given class, as their data-i offsets. */
function cellsWith(markup: string, cls: string): number[] {
  return [...markup.matchAll(/<td class="([^"]*)" data-i="(\d+)"/g)]
    .filter((m) => m[1]!.split(' ').includes(cls)).map((m) => Number(m[2]));
}

function selfContained(page: string): void {
  expect(page).toMatch(/^<!doctype html>/);
  expect(page).not.toMatch(/<script|<link|<img|<iframe|src=|url\(|@import|https?:\/\/(?!www\.w3\.org\/2000\/svg)/i);
}

describe('verify --html', () => {
  it('draws the naive port\'s tie-break failure: the first 2 is PyTorch\'s pick, the second the port\'s', async () => {
    const file = path.join(dir, 'naive.html');
    const run = await cli(['verify', '--impl', naivePort, '--seed', '42', '--html', file]);
    expect(run.code).toBe(1);
    const page = readFileSync(file, 'utf8');
    selfContained(page);
    expect(page).toContain('does NOT conform');
    expect(page).toMatch(/<td class="c-fail"><a class="v v-fail" href="#naive-port--tie-break">FAIL<\/a><\/td>/);
    const section = page.slice(page.indexOf('id="naive-port--tie-break"'));
    expect(section.length).toBeLessThan(page.length);
    const tieBreak = section.slice(0, section.indexOf('</section>'));
    expect(cellsWith(tieBreak, 'want')).toEqual([0]);
    expect(cellsWith(tieBreak, 'got')).toEqual([1]);
    expect(tieBreak).toContain('poolcheck verify --impl');
    expect(tieBreak).toContain('--only tie-break --seed 42 --path');
    // A golden-corpus failure is drawn too: PyTorch's recorded output against the port's.
    const golden = page.slice(page.indexOf('id="naive-port--golden-corpus"'));
    expect(golden.slice(0, golden.indexOf('</section>'))).toMatch(/class="call"[\s\S]*expected indices[\s\S]*got indices/);
    // Passing properties are green and link nowhere.
    expect(page).toMatch(/<tr><td>index-in-window<\/td><td class="c-pass"><span class="v v-pass">pass<\/span><\/td>/);
  });
});

describe('matrix --html', () => {
  it('colours every implementation × property and links each failing cell to its drawing', async () => {
    const file = path.join(dir, 'matrix.html');
    const run = await cli(['matrix', '--impls', `reference,${naivePort}`, '--seed', '42', '--runs', '50', '--html', file]);
    expect(run.code).toBe(1);
    const page = readFileSync(file, 'utf8');
    selfContained(page);
    const rows = [...page.matchAll(/<tr><td>([a-z-]+)<\/td><td class="c-([a-z-]+)">.*?<\/td><td class="c-([a-z-]+)">/g)].map((m) => [m[1], m[2], m[3]]);
    expect(rows).toHaveLength(15);
    expect(rows.every((r) => r[1] === 'pass')).toBe(true);
    expect(rows.find((r) => r[0] === 'tie-break')![2]).toBe('fail');
    expect(rows.find((r) => r[0] === 'unpool-size')![2]).toBe('not-covered');
    for (const [, id] of page.matchAll(/href="#([^"]+)"/g)) expect(page).toContain(`id="${id}"`);
  });
});

describe('the drawing of one call', () => {
  it('outlines a dilated, padded window, marks both picks, and marks −0 against +0 as different', () => {
    const input = { shape: [1, 1, 4, 5], data: Float32Array.from([1, 9, 2, 9, 0, 3, 4, 5, 6, 7, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8]) };
    const options = { kernelSize: [2, 2], stride: [2, 2], padding: [1, 1], dilation: [2, 2] };
    const good = maxPool2d(input, options);
    const values = { shape: good.values.shape, data: Float32Array.from(good.values.data) };
    const indices = { shape: good.indices.shape, data: BigInt64Array.from(good.indices.data) };
    values.data[1] = -0; // pretend the port picked a different element and lost a sign
    indices.data[1] = 0n;
    const call: CallEvidence = { op: 'maxPool2d', input, options, got: { kind: 'pool', values, indices }, mark: { tensor: 'values', offset: 1 } };
    const markup = drawCall(call, new NaNLabels()).text;
    // Output (0, 1): window starts at (−1, 1), taps at rows −1, 1 and columns 1, 3.
    expect(cellsWith(markup, 'tap').sort((a, b) => a - b)).toEqual([6, 8]);
    expect(markup).toContain('title="padding (a window tap: never picked)"');
    expect(cellsWith(markup, 'want')).toEqual([Number(good.indices.data[1])]);
    expect(cellsWith(markup, 'got')).toEqual([0]);
    expect(cellsWith(markup, 'diff')).toEqual([1, 1]); // got values and got indices at output 1
    expect(markup).toContain('>−0<');
  });

  it('names two NaN payloads apart and marks a payload-only difference', () => {
    const input = { shape: [1, 1, 2], data: new Float32Array(2) };
    const words = new Uint32Array(input.data.buffer);
    words[0] = 0x7fc00001;
    words[1] = 0x3f800000;
    const got = { shape: [1, 1, 1], data: new Float32Array(1) };
    new Uint32Array(got.data.buffer)[0] = 0x7fc00000;
    const call: CallEvidence = {
      op: 'maxPool1d', input, options: { kernelSize: 2 },
      got: { kind: 'pool', values: got, indices: { shape: [1, 1, 1], data: BigInt64Array.from([0n]) } }, mark: { tensor: 'values', offset: 0 },
    };
    const nans = new NaNLabels();
    const markup = drawCall(call, nans).text;
    expect(nans.count).toBe(2);
    expect(markup).toContain('NaN, bits 0x7fc00001');
    expect(markup).toContain('NaN, bits 0x7fc00000');
    expect(cellsWith(markup, 'diff')).toEqual([0]);
  });

  it('draws a 3-D input as depth slices and an unpool failure as the scattered output maps', () => {
    const input3 = { shape: [1, 1, 2, 2, 2], data: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]) };
    const pooled = maxPool3d(input3, { kernelSize: 2 });
    const markup3 = drawCall({ op: 'maxPool3d', input: input3, options: { kernelSize: 2 }, got: { kind: 'pool', ...pooled }, mark: { tensor: 'values', offset: 0 } }, new NaNLabels()).text;
    expect(markup3).toContain('depth 0');
    expect(markup3).toContain('depth 1');

    const values = { shape: [1, 1, 2], data: Float32Array.from([5, 7]) };
    const idx = { shape: [1, 1, 2], data: BigInt64Array.from([1n, 2n]) };
    const expected = maxUnpool1d(values, idx, { kernelSize: 2 });
    const wrong = { shape: expected.shape, data: Float32Array.from(expected.data) };
    wrong.data[2] = 0;
    wrong.data[3] = 7;
    const markup = drawCall({ op: 'maxUnpool1d', input: values, indices: idx, options: { kernelSize: 2 }, got: { kind: 'unpool', output: wrong }, mark: { tensor: 'output', offset: 2 } }, new NaNLabels()).text;
    expect(markup).toContain('expected output (scattered)');
    expect(markup).toContain('got output');
    expect(cellsWith(markup, 'diff').sort()).toEqual([2, 3]);
    // The input element that goes to the marked cell is emphasised in both input grids.
    expect(cellsWith(markup, 'focus')).toEqual(expect.arrayContaining([1]));
  });
});

describe('golden update --html', () => {
  it('draws each changed case checked-in against regenerated, the first difference marked', async () => {
    const before = sampleCases();
    const cases: GoldenCase[] = before.map((c) => cloneCase(c));
    const pool = cases.find((c) => c.category === 'pool1d-basic')!;
    if (pool.expected.kind !== 'pool') throw new Error('fixture: expected a pool result');
    pool.expected.values.data[0] = pool.expected.values.data[0]! + 0.5;
    const corpus = fakeCorpus('html-diff', before);
    const file = path.join(dir, 'golden-diff.html');
    const newer = { ...fakeProvenance, torch: { ...fakeProvenance.torch, version: '2.1.0' } };
    await updateGolden({
      dir: corpus, log: () => {}, regenerate: async (next) => { writeGoldenCorpus(next, newer, cases); },
      onDiff: (diff) => writeFileAtomic(file, corpusDiffHtml(diff)),
    });
    const page = readFileSync(file, 'utf8');
    selfContained(page);
    expect(page).toContain('0 added, 0 removed, 1 changed');
    expect(page).toContain('torch 2.1.0');
    const section = page.slice(page.indexOf(`id="case-${pool.id}"`));
    expect(section).toContain('checked in values');
    expect(section).toContain('regenerated values');
    expect(cellsWith(section.slice(0, section.indexOf('</section>')), 'diff')).toEqual([0]);
  });
});
