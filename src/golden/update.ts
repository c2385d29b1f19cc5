/**
 * The "a new PyTorch changed something" flow: regenerate the corpus with the local PyTorch into
 * a temporary sibling directory, print what changed, and replace the corpus only when asked
 * (atomically, keeping the previous one).
 */
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { packageRoot } from '../paths.js';
import { diffCorpora, formatCorpusDiff, type CorpusDiff } from './diff.js';
import type { GoldenCorpus } from './format.js';
import { defaultGoldenDir, displayPath, GoldenFormatError, loadGolden } from './load.js';
import { acceptCorpus, nextDirFor, recoverInterruptedAccept, removeStaleNextDirs } from './swap.js';

const generatorScript = path.join(packageRoot, 'scripts', 'golden', 'generate.py');
const defaultPython = process.env.POOLCHECK_PYTHON ?? '/usr/bin/python3';

/** PyTorch cannot be imported by the Python we would run the generator with. */
export class TorchUnavailableError extends Error {
  constructor(python: string, detail: string) {
    super(`PyTorch is not importable from ${python} (${detail}). Install it with scripts/install-torch.sh `
      + '(Debian: apt-get install python3-torch), or point --python (or POOLCHECK_PYTHON) at a Python that has it.');
    this.name = 'TorchUnavailableError';
  }
}

export interface UpdateGoldenOptions {
  dir?: string;
  accept?: boolean;
  python?: string;
  seed?: number;
  log?: (line: string) => void;
  now?: Date;
  /**
   * Writes the regenerated corpus into an empty directory. Default: run the PyTorch generator.
   * Tests pass a fake so they need no PyTorch.
   */
  regenerate?: (outDir: string) => Promise<void>;
  /** Called with the diff as soon as it is known, before anything is written (the CLI draws it with --html). */
  onDiff?: (diff: CorpusDiff) => void;
}

export interface UpdateGoldenResult {
  diff: CorpusDiff;
  accepted: boolean;
  /** Where the previous corpus was kept, when one was replaced. */
  previous?: string;
}

export async function updateGolden(options: UpdateGoldenOptions = {}): Promise<UpdateGoldenResult> {
  const goldenDir = path.resolve(options.dir ?? defaultGoldenDir);
  const log = options.log ?? ((line: string) => console.log(line));

  const recovered = recoverInterruptedAccept(goldenDir);
  if (recovered) log(`golden: ${recovered}`);
  removeStaleNextDirs(goldenDir);

  const python = options.python ?? defaultPython;
  const regenerate = options.regenerate ?? (async (outDir: string) => {
    await checkTorch(python);
    await runGenerator(python, outDir, options.seed);
  });

  const nextDir = nextDirFor(goldenDir);
  let keepNext = false;
  try {
    await regenerate(nextDir);
    let after: GoldenCorpus;
    try {
      after = loadGolden(nextDir);
    } catch (error) {
      throw new Error(`the regenerated corpus does not load, so nothing was written: ${(error as Error).message}`);
    }
    let before: GoldenCorpus | undefined;
    if (existsSync(goldenDir)) {
      try {
        before = loadGolden(goldenDir);
      } catch (error) {
        if (!(error instanceof GoldenFormatError)) throw error;
        log(`golden: the checked-in corpus does not load (${error.message}); every regenerated case counts as added`);
      }
    }
    const diff = diffCorpora(before, after);
    log(`golden update: ${displayPath(goldenDir)} (checked in) vs regenerated`);
    log(formatCorpusDiff(diff));
    options.onDiff?.(diff);

    if (diff.identical) {
      log('golden: nothing to write, the regenerated corpus is byte-identical');
      return { diff, accepted: false };
    }
    if (!options.accept) {
      log('golden: nothing written; run `poolcheck golden update --accept` to replace the corpus with the regenerated one');
      return { diff, accepted: false };
    }
    carryOverDocumentation(goldenDir, nextDir);
    keepNext = true;
    const { previous } = acceptCorpus(nextDir, goldenDir, { now: options.now });
    log(`golden: wrote ${after.manifest.totalCases} cases to ${displayPath(goldenDir)}`
      + (previous ? `; the previous corpus is kept at ${displayPath(previous)} `
        + `(to go back: rm -r ${displayPath(goldenDir)} && mv ${displayPath(previous)} ${displayPath(goldenDir)})` : ''));
    return { diff, accepted: true, ...(previous ? { previous } : {}) };
  } finally {
    // After an accept the directory has been renamed into place (or the journal owns it).
    if (!keepNext) rmSync(nextDir, { recursive: true, force: true });
  }
}

/** Files beside the corpus data (golden/README.md) are not generated: keep them across the swap. */
function carryOverDocumentation(goldenDir: string, nextDir: string): void {
  if (!existsSync(goldenDir)) return;
  for (const name of readdirSync(goldenDir)) {
    if (name === 'manifest.json' || name === 'cases' || existsSync(path.join(nextDir, name))) continue;
    cpSync(path.join(goldenDir, name), path.join(nextDir, name), { recursive: true });
  }
}

export async function checkTorch(python: string): Promise<string> {
  let result;
  try {
    result = await execa(python, ['-c', 'import torch; print(torch.__version__)'], { reject: false, timeout: 120_000 });
  } catch (error) {
    throw new TorchUnavailableError(python, (error as Error).message);
  }
  if (result.failed || result.exitCode !== 0) {
    const detail = (result.code === 'ENOENT' ? `${python} not found` : lastLine(result.stderr))
      || result.shortMessage || `exit code ${result.exitCode}`;
    throw new TorchUnavailableError(python, detail);
  }
  return String(result.stdout).trim();
}

async function runGenerator(python: string, outDir: string, seed: number | undefined): Promise<void> {
  const args = [generatorScript, '--out', outDir, ...(seed === undefined ? [] : ['--seed', String(seed)])];
  const result = await execa(python, args, { reject: false, timeout: 600_000, env: { TORCH_SHOW_CPP_STACKTRACES: '' } });
  if (result.exitCode !== 0) {
    throw new Error(`the generator failed (exit ${result.exitCode ?? result.signal}): ${String(result.stderr).trim().split('\n').slice(-5).join(' | ')}`);
  }
}

function lastLine(text: unknown): string {
  return String(text ?? '').trim().split('\n').pop() ?? '';
}
