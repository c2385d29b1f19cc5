/**
 * Deviation files: behaviour of a real implementation that differs from PyTorch, written down as
 * data (deviations/<impl>.json, or a port's own file given to `verify --deviations` or to
 * `conformance(port, { deviations })`). Each entry names the properties it excuses, a condition
 * on the failing case (./features.ts), the reason, a minimal example and a link. A documented
 * deviation excuses; a known bug (`knownBugs`) stays a failure that the search looks past.
 */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../paths.js';
import type { OpName, PoolOptions, UnpoolOptions } from '../types.js';
import { FEATURE_NAMES, type Condition, type FeatureName } from './features.js';

/** A number in an example: JSON has no NaN, infinities or -0, so those are strings. */
export type ExampleNumber = number | 'NaN' | 'Infinity' | '-Infinity' | '-0';

export interface DeviationExample {
  op: OpName;
  input: { shape: number[]; data: ExampleNumber[] };
  /** Unpool only: PyTorch-style per-plane indices. */
  indices?: { shape: number[]; data: number[] };
  options: PoolOptions | UnpoolOptions;
  /** What PyTorch (and so the reference) returns. */
  pytorch: DeviationOutcome;
  /** What the implementation returns, in PyTorch's conventions (after the adapter). */
  implementation: DeviationOutcome;
}

export interface DeviationOutcome {
  values?: ExampleNumber[];
  indices?: number[];
  shape?: number[];
  error?: string;
}

export interface Deviation {
  /** Unique within its file; the report names the deviation by it. */
  id: string;
  /** Property ids (as the suite names them) whose failures this deviation explains. */
  properties: string[];
  when: Condition;
  reason: string;
  example: DeviationExample;
  /** The framework's documentation or test that states the behaviour. */
  source: string;
  /** The statement at that link, quoted or closely paraphrased. */
  sourceSays: string;
}

/**
 * An undocumented difference already found and written down: still a failure (a bug), but one
 * the run should look past, so that it goes on to find the differences nobody has found yet.
 */
export interface KnownBug extends Omit<Deviation, 'source' | 'sourceSays'> {
  /** Where it was reported, if anywhere. */
  source?: string;
  sourceSays?: string;
}

export interface DeviationFile {
  implementation: string;
  /** The framework version the entries were checked against. */
  checkedWith: string;
  deviations: Deviation[];
  knownBugs?: KnownBug[];
}

export function decodeExampleNumber(value: ExampleNumber): number {
  if (typeof value === 'number') return value;
  return value === '-0' ? -0 : Number(value);
}

function hasKeys<T extends object>(value: T): boolean {
  return Object.keys(value).length > 0;
}

/** Checks a parsed file's shape, so that a typo in a feature name fails loudly instead of never matching. */
export function validateDeviationFile(json: unknown, origin: string): DeviationFile {
  const problem = (what: string): never => {
    throw new Error(`${origin}: ${what}`);
  };
  if (typeof json !== 'object' || json === null) problem('expected a JSON object');
  const file = json as Partial<DeviationFile>;
  if (typeof file.implementation !== 'string') problem('"implementation" must be a string');
  if (typeof file.checkedWith !== 'string') problem('"checkedWith" must be a string');
  if (!Array.isArray(file.deviations)) problem('"deviations" must be an array');
  const ids = new Set<string>();
  if (file.knownBugs !== undefined && !Array.isArray(file.knownBugs)) problem('"knownBugs" must be an array');
  const entries = [
    ...file.deviations!.map((entry, position) => ({ entry, kind: 'deviation', position })),
    ...(file.knownBugs ?? []).map((entry, position) => ({ entry: entry as Deviation, kind: 'known bug', position })),
  ];
  for (const { entry, kind, position } of entries) {
    const where = `${kind} ${position}${typeof entry?.id === 'string' ? ` (${entry.id})` : ''}`;
    if (typeof entry?.id !== 'string' || entry.id === '') problem(`${where}: "id" must be a non-empty string`);
    if (ids.has(entry.id)) problem(`${where}: duplicate id`);
    ids.add(entry.id);
    if (!Array.isArray(entry.properties) || entry.properties.length === 0
      || !entry.properties.every((p) => typeof p === 'string')) {
      problem(`${where}: "properties" must be a non-empty array of property ids`);
    }
    if (typeof entry.when !== 'object' || entry.when === null || !hasKeys(entry.when)) {
      problem(`${where}: "when" must name at least one feature (an empty condition would excuse every case)`);
    }
    for (const name of Object.keys(entry.when)) {
      if (!FEATURE_NAMES.includes(name as FeatureName)) {
        problem(`${where}: unknown feature "${name}" in "when" (known: ${FEATURE_NAMES.join(', ')})`);
      }
    }
    // A documented deviation needs the documentation; a known bug only needs to be described.
    const required = kind === 'deviation' ? ['reason', 'source', 'sourceSays'] as const : ['reason'] as const;
    for (const field of required) {
      if (typeof entry[field] !== 'string' || entry[field] === '') problem(`${where}: "${field}" must be a non-empty string`);
    }
    if (kind === 'deviation' && !/^https:\/\//.test(entry.source)) problem(`${where}: "source" must be an https link to documentation or a test`);
    if (typeof entry.example !== 'object' || entry.example === null) problem(`${where}: "example" is missing`);
  }
  return file as DeviationFile;
}

export const DEVIATIONS_DIR = path.join(packageRoot, 'deviations');

/** deviations/<implementation>.json, or undefined when the implementation has no file. */
export function loadDeviations(implementation: string, directory = DEVIATIONS_DIR): DeviationFile | undefined {
  const file = path.join(directory, `${implementation}.json`);
  if (!existsSync(file)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = validateDeviationFile(json, file);
  if (parsed.implementation !== implementation) {
    throw new Error(`${file}: names implementation "${parsed.implementation}", expected "${implementation}"`);
  }
  return parsed;
}

/**
 * A deviation file by path (a port's own): every way it can be wrong is one Error line naming
 * the file, for the CLI to print and for poolcheck/vitest to throw.
 */
export function readDeviationFile(file: string): DeviationFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path.resolve(file), 'utf8'));
  } catch (error) {
    throw new Error(`${file}: cannot read it as JSON (${(error as Error).message.split('\n')[0]})`);
  }
  return validateDeviationFile(json, file);
}
