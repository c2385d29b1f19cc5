/**
 * The regeneration flow: the diff it prints, writing nothing without --accept, the atomic accept
 * (also when killed at every step), the message without PyTorch, and a real regeneration that
 * reproduces the checked-in corpus byte for byte.
 */
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  acceptCorpus, GoldenFormatError, loadGolden, recoverInterruptedAccept, TorchUnavailableError, updateGolden,
  writeGoldenCorpus, type GoldenCase,
} from '../src/golden/index.js';
import { removeStaleNextDirs, type AcceptStep } from '../src/golden/swap.js';
import {
  cloneCase, copyOfShipped, fakeCorpus, fakeProvenance, sampleCases, temporaryDir, torchAvailability,
} from './golden-fixtures.js';

/** A digest of every file under dir, to prove nothing was written. */
function treeDigest(dir: string): string {
  const hash = createHash('sha256');
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = path.join(d, name);
      hash.update(name);
      if (statSync(full).isDirectory()) walk(full);
      else hash.update(readFileSync(full));
    }
  };
  walk(dir);
  return hash.digest('hex');
}

const before = sampleCases();
const newerTorch = { ...fakeProvenance, torch: { ...fakeProvenance.torch, version: '2.1.0' } };

/** "PyTorch 2.1" changed one value, one error message, dropped a case and added one. */
function regeneratedCases(): GoldenCase[] {
  const cases = before.map((c) => cloneCase(c));
  const pool = cases.find((c) => c.category === 'pool1d-basic')!;
  if (pool.expected.kind !== 'pool') throw new Error('fixture: expected a pool result');
  pool.expected.values.data[0] = pool.expected.values.data[0]! + 0.5;
  const error = cases.find((c) => c.expected.kind === 'error')!;
  if (error.expected.kind === 'error') error.expected.error.message = `${error.expected.error.message} (reworded)`;
  const removed = cases.findIndex((c) => c.category === 'unpool2d-roundtrip');
  cases.splice(removed, 1);
  cases.push(...sampleCases(1, ['pool3d-inf']).map((c) => cloneCase(c)));
  return cases;
}

function capture(): { lines: string[]; log: (line: string) => void; text: () => string } {
  const lines: string[] = [];
  return { lines, log: (line) => lines.push(line), text: () => lines.join('\n') };
}

describe('poolcheck golden update with a fake regenerated corpus (no PyTorch needed)', () => {
  it('prints added, removed and changed cases with the first difference and both versions, and writes nothing', async () => {
    const dir = fakeCorpus('diff', before);
    const digest = treeDigest(path.dirname(dir));
    const out = capture();
    const result = await updateGolden({
      dir, log: out.log, regenerate: async (next) => { writeGoldenCorpus(next, newerTorch, regeneratedCases()); },
    });
    const text = out.text();
    expect(result.accepted).toBe(false);
    expect(result.diff.added.map((c) => c.id)).toEqual(['pool3d-inf/0000']);
    expect(result.diff.removed.map((c) => c.id)).toEqual([before.find((c) => c.category === 'unpool2d-roundtrip')!.id]);
    expect(result.diff.changed).toHaveLength(2);
    expect(text).toMatch(/checked in: {2}torch 1\.13\.0a0, Python 3\.11\.2, generator 1\.0\.0, seed 1; 8 cases/);
    expect(text).toMatch(/regenerated: torch 2\.1\.0, Python 3\.11\.2, generator 1\.0\.0, seed 1; 8 cases/);
    expect(text).toContain('1 added, 1 removed, 2 changed, 5 unchanged');
    expect(text).toMatch(/pool1d-basic\/0000: expected values differ at flat index 0, coordinate \[0, 0, 0\]: before (-?[\d.e+-]+), after (-?[\d.e+-]+)/);
    expect(text).toMatch(/pool2d-errors\/0000: error: before RuntimeError: ".+", after RuntimeError: ".+ \(reworded\)"/);
    expect(text).toContain('nothing written; run `poolcheck golden update --accept`');
    expect(treeDigest(path.dirname(dir))).toBe(digest);
  });

  it('--accept swaps in the new corpus and keeps the previous one beside it', async () => {
    const dir = fakeCorpus('accept', before);
    writeFileSync(path.join(dir, 'README.md'), '# the format\n');
    const oldDigest = treeDigest(dir);
    const out = capture();
    const now = new Date('2025-01-02T03:04:05.678Z');
    const result = await updateGolden({
      dir, accept: true, now, log: out.log,
      regenerate: async (next) => { writeGoldenCorpus(next, newerTorch, regeneratedCases()); },
    });
    expect(result.accepted).toBe(true);
    expect(result.previous).toBe(path.join(path.dirname(dir), 'golden.prev-20250102T030405Z'));
    expect(readdirSync(path.dirname(dir)).sort()).toEqual(['golden', 'golden.prev-20250102T030405Z']);
    expect(treeDigest(result.previous!)).toBe(oldDigest);
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toBe('# the format\n');
    const now2 = loadGolden(dir);
    expect(now2.manifest.torch.version).toBe('2.1.0');
    expect(now2.cases.map((c) => c.id)).toEqual(regeneratedCases().map((c) => c.id).sort((a, b) => categoryOrder(a, b)));
    expect(out.text()).toMatch(/wrote 8 cases to .*golden; the previous corpus is kept at .*golden\.prev-20250102T030405Z \(to go back: rm -r/);
  });

  it('creates the corpus when there is none yet', async () => {
    const dir = path.join(temporaryDir('first'), 'golden');
    const out = capture();
    const result = await updateGolden({
      dir, accept: true, log: out.log, regenerate: async (next) => { writeGoldenCorpus(next, fakeProvenance, before); },
    });
    expect(out.text()).toMatch(/checked in: {2}none/);
    expect(result.diff.added).toHaveLength(before.length);
    expect(result).toMatchObject({ accepted: true });
    expect(result.previous).toBeUndefined();
    expect(loadGolden(dir).cases).toHaveLength(before.length);
    expect(readdirSync(path.dirname(dir))).toEqual(['golden']);
  });

  it('writes nothing when the regenerated corpus is byte-identical, even with --accept', async () => {
    const dir = fakeCorpus('same', before);
    const digest = treeDigest(path.dirname(dir));
    const out = capture();
    const result = await updateGolden({
      dir, accept: true, log: out.log, regenerate: async (next) => { writeGoldenCorpus(next, fakeProvenance, before); },
    });
    expect(result.diff.identical).toBe(true);
    expect(result.accepted).toBe(false);
    expect(out.text()).toContain('identical: every file has the same checksum');
    expect(treeDigest(path.dirname(dir))).toBe(digest);
  });

  it('refuses a regenerated corpus that does not load, and leaves nothing behind', async () => {
    const dir = fakeCorpus('badnew', before);
    const digest = treeDigest(path.dirname(dir));
    await expect(updateGolden({
      dir, accept: true, log: () => undefined,
      regenerate: async (next) => {
        writeGoldenCorpus(next, newerTorch, regeneratedCases());
        writeFileSync(path.join(next, 'cases', 'pool1d-basic.jsonl'), '{"broken":');
      },
    })).rejects.toThrow(/the regenerated corpus does not load, so nothing was written: .*pool1d-basic\.jsonl/);
    expect(treeDigest(path.dirname(dir))).toBe(digest);
  });

  it('says how to install PyTorch when the Python has none, and leaves nothing behind', async () => {
    const dir = fakeCorpus('notorch', before);
    const bin = temporaryDir('fakepython');
    const python = path.join(bin, 'python3');
    writeFileSync(python, '#!/bin/sh\necho "ModuleNotFoundError: No module named \'torch\'" >&2\nexit 1\n');
    chmodSync(python, 0o755);
    const digest = treeDigest(path.dirname(dir));
    const attempt = updateGolden({ dir, python, log: () => undefined });
    await expect(attempt).rejects.toBeInstanceOf(TorchUnavailableError);
    await expect(updateGolden({ dir, python, log: () => undefined })).rejects.toThrow(
      /PyTorch is not importable from .*python3 \(ModuleNotFoundError: No module named 'torch'\)\. Install it with scripts\/install-torch\.sh/,
    );
    await expect(updateGolden({ dir, python: path.join(bin, 'missing-python'), log: () => undefined }))
      .rejects.toThrow(/missing-python not found\)\. Install it with scripts\/install-torch\.sh/);
    expect(treeDigest(path.dirname(dir))).toBe(digest);
  });
});

function categoryOrder(a: string, b: string): number {
  const [ca, na] = a.split('/') as [string, string];
  const [cb, nb] = b.split('/') as [string, string];
  return ca === cb ? (na < nb ? -1 : 1) : ca < cb ? -1 : 1;
}

describe('an accept killed at any step leaves a complete corpus, or one that recovery completes', () => {
  const steps: AcceptStep[] = ['synced', 'journal-written', 'previous-moved', 'next-moved', 'done'];

  it.each(steps)('killed after "%s"', (killedAfter) => {
    const dir = fakeCorpus(`kill-${killedAfter}`, before);
    const next = path.join(path.dirname(dir), '.golden.next-999999-1');
    writeGoldenCorpus(next, newerTorch, regeneratedCases());
    const oldDigest = treeDigest(dir);
    const newDigest = treeDigest(next);
    expect(() => acceptCorpus(next, dir, {
      now: new Date('2025-01-02T03:04:05Z'),
      afterStep: (step) => { if (step === killedAfter) throw new Error(`killed after ${step}`); },
    })).toThrow(`killed after ${killedAfter}`);

    const swapped = ['previous-moved', 'next-moved', 'done'].includes(killedAfter);
    if (killedAfter === 'previous-moved') {
      // The one instant with no corpus: the loader says what happened and how to finish.
      expect(existsSync(dir)).toBe(false);
      expect(() => loadGolden(dir)).toThrow(GoldenFormatError);
      expect(() => loadGolden(dir)).toThrow(/`poolcheck golden update --accept` was interrupted; run `poolcheck golden update` to finish it/);
    } else {
      expect(treeDigest(dir)).toBe(swapped ? newDigest : oldDigest);
    }

    const recovered = recoverInterruptedAccept(dir);
    if (killedAfter === 'synced' || killedAfter === 'done') expect(recovered).toBeUndefined(); // no journal
    else expect(recovered).toBeTruthy();
    // A generation killed before the journal leaves only a stale sibling, removed on the next update.
    expect(removeStaleNextDirs(dir)).toEqual(killedAfter === 'synced' ? ['.golden.next-999999-1'] : []);
    expect(treeDigest(dir)).toBe(swapped ? newDigest : oldDigest);
    expect(loadGolden(dir).manifest.torch.version).toBe(swapped ? '2.1.0' : '1.13.0a0');
    const siblings = readdirSync(path.dirname(dir)).sort();
    expect(siblings).toEqual(swapped ? ['golden', 'golden.prev-20250102T030405Z'] : ['golden']);
    if (swapped) expect(treeDigest(path.join(path.dirname(dir), 'golden.prev-20250102T030405Z'))).toBe(oldDigest);
  });

  it('poolcheck golden update finishes an interrupted accept before anything else', async () => {
    const dir = fakeCorpus('resume', before);
    const next = path.join(path.dirname(dir), '.golden.next-999999-2');
    writeGoldenCorpus(next, newerTorch, regeneratedCases());
    expect(() => acceptCorpus(next, dir, {
      afterStep: (step) => { if (step === 'previous-moved') throw new Error('killed'); },
    })).toThrow('killed');
    const out = capture();
    const result = await updateGolden({
      dir, log: out.log, regenerate: async (n) => { writeGoldenCorpus(n, newerTorch, regeneratedCases()); },
    });
    expect(out.lines[0]).toMatch(/^golden: finished an interrupted accept: moved \.golden\.next-999999-2 into place as golden/);
    expect(result.diff.identical).toBe(true);
  });
});

const torch = torchAvailability();
describe(`regenerating with real PyTorch (${torch.available ? torch.reason : `NOT RUN: /usr/bin/python3 cannot import torch: ${torch.reason}`})`, () => {
  it.skipIf(!torch.available)('reproduces the checked-in corpus byte for byte, and update writes nothing', async () => {
    const dir = copyOfShipped('real');
    const digest = treeDigest(dir);
    const out = capture();
    const started = Date.now();
    const result = await updateGolden({ dir, accept: true, log: out.log });
    expect(Date.now() - started).toBeLessThan(120_000);
    expect(out.text()).toContain('identical: every file has the same checksum');
    expect(result.diff.identical).toBe(true);
    expect(result.diff.changed).toEqual([]);
    expect(result.accepted).toBe(false);
    expect(treeDigest(dir)).toBe(digest);
    expect(readdirSync(path.dirname(dir))).toEqual(['golden']);
  });
});
