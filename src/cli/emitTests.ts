/**
 * `--emit-tests DIR` (verify and replay): one vitest regression test per counterexample, written
 * where a port's own repository keeps its tests.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseCommand } from '../adapters/protocol/index.js';
import type { CounterexampleRecord } from '../properties/counterexample.js';
import { writeFileAtomic } from '../properties/report/machine.js';
import { regressionTestName, regressionTestSource, type RegressionTarget } from '../properties/report/regression.js';
import { UsageError } from './errors.js';

/** Checks DIR before a run (its parent must exist; DIR itself is made when missing). */
export function emitTestsDir(dir: string | undefined): string | undefined {
  if (dir === undefined) return undefined;
  const resolved = path.resolve(dir);
  if (existsSync(resolved)) {
    if (!statSync(resolved).isDirectory()) throw new UsageError(`--emit-tests ${dir}: not a directory`);
    return resolved;
  }
  if (!existsSync(path.dirname(resolved))) throw new UsageError(`--emit-tests ${dir}: directory ${path.dirname(resolved)} does not exist`);
  return resolved;
}

/** How an emitted test reaches the implementation `spec` names (via --impl or --cmd). */
export function regressionTarget(spec: string, via: 'impl' | 'cmd', dir: string): RegressionTarget {
  if (via === 'cmd') return { kind: 'command', argv: parseCommand(spec) };
  if (spec === 'reference') return { kind: 'reference' };
  if (!/[\\/]|\.[cm]?js$/.test(spec)) {
    throw new UsageError(`--emit-tests: ${spec} is a built-in adapter; emitted tests import a module (--impl path/to/port.js), ` +
      'start a program (--cmd), or test the reference');
  }
  let specifier = path.relative(dir, path.resolve(spec)).split(path.sep).join('/');
  if (!specifier.startsWith('.')) specifier = `./${specifier}`;
  return { kind: 'module', specifier };
}

/** Writes one test file per record; returns the files written. */
export function emitRegressionTests(dir: string, records: readonly CounterexampleRecord[], target: RegressionTarget, implName: string): string[] {
  if (!existsSync(dir)) mkdirSync(dir);
  return records.filter((r) => !r.internal).map((record, i) => {
    const file = path.join(dir, regressionTestName(record, i));
    writeFileAtomic(file, regressionTestSource(record, target, implName));
    return file;
  });
}
