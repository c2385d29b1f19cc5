/** Shared by the golden tests: the checked-in corpus, temporary copies, and small fake corpora. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execaSync } from 'execa';
import { afterAll } from 'vitest';
import { defaultGoldenDir, loadGolden, writeGoldenCorpus, type GoldenCase, type GoldenCorpus } from '../src/golden/index.js';
import type { Provenance } from '../src/golden/write.js';

let shipped: GoldenCorpus | undefined;

/** The checked-in corpus, loaded once per test file. */
export function shippedCorpus(): GoldenCorpus {
  shipped ??= loadGolden(defaultGoldenDir);
  return shipped;
}

const temporaries: string[] = [];
afterAll(() => {
  for (const dir of temporaries) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary directory, removed after the test file. */
export function temporaryDir(label: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `poolcheck-golden-${label}-`));
  temporaries.push(dir);
  return dir;
}

/** A copy of the checked-in corpus at `<tmp>/golden`, to damage or replace. */
export function copyOfShipped(label: string): string {
  const dir = path.join(temporaryDir(label), 'golden');
  cpSync(defaultGoldenDir, dir, { recursive: true });
  return dir;
}

export const fakeProvenance: Provenance = {
  generator: { script: 'scripts/golden/generate.py', version: '1.0.0', seed: 1 },
  torch: { version: '1.13.0a0', debianPackage: null, numThreads: 1 },
  python: { version: '3.11.2' },
};

/** A few real cases from a handful of categories: a small corpus whose outcomes are PyTorch's. */
export function sampleCases(perCategory = 2, categories = ['pool1d-basic', 'pool2d-nan', 'pool2d-errors', 'unpool2d-roundtrip']): GoldenCase[] {
  return categories.flatMap((category) => shippedCorpus().cases.filter((c) => c.category === category).slice(0, perCategory));
}

/** Writes `cases` as a corpus at `<tmp>/golden` (or `dir`) and returns its directory. */
export function fakeCorpus(label: string, cases: readonly GoldenCase[], provenance: Provenance = fakeProvenance, dir?: string): string {
  const target = dir ?? path.join(temporaryDir(label), 'golden');
  writeGoldenCorpus(target, provenance, cases);
  return target;
}

/** A deep copy of a case (typed arrays included), to edit without touching the shipped one. */
export function cloneCase<T extends GoldenCase>(c: T): T {
  return structuredClone(c);
}

/** Rewrites one line of a case file with `edit`, leaving the manifest (and its checksum) as it was. */
export function editLine(corpusDir: string, relativeFile: string, line: number, edit: (text: string) => string): void {
  const file = path.join(corpusDir, relativeFile);
  const lines = readFileSync(file, 'utf8').split('\n');
  lines[line - 1] = edit(lines[line - 1]!);
  writeFileSync(file, lines.join('\n'));
}

/** Whether /usr/bin/python3 can import torch, and why not. */
export function torchAvailability(python = '/usr/bin/python3'): { available: boolean; reason: string } {
  try {
    const result = execaSync(python, ['-c', 'import torch; print(torch.__version__)'], { reject: false, timeout: 120_000 });
    if (result.exitCode === 0) return { available: true, reason: `torch ${String(result.stdout).trim()}` };
    return { available: false, reason: String(result.stderr).trim().split('\n').pop() ?? `exit ${result.exitCode}` };
  } catch (error) {
    return { available: false, reason: (error as Error).message };
  }
}
