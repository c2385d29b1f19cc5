/**
 * The golden corpus as poolcheck holds it in memory, after loading and validation.
 * golden/README.md describes the files these types are read from.
 */
import type {
  Dtype, IndexTensor, PoolOpName, PoolOptions, Tensor, UnpoolOpName, UnpoolOptions,
} from '../types.js';

/** The schema version this poolcheck reads and writes. A corpus with another is refused. */
export const GOLDEN_SCHEMA_VERSION = 1;

/** The `format` field of every case file's header line. */
export const CASES_FORMAT = 'poolcheck-golden-cases';

/** The `format` field of a spec profile file's header line (golden/profiles/<profile>.jsonl). */
export const PROFILE_FORMAT = 'poolcheck-golden-profile';

export interface GoldenManifest {
  schemaVersion: number;
  generator: { script: string; version: string; seed: number };
  torch: { version: string; debianPackage: string | null; numThreads: number };
  python: { version: string };
  totalCases: number;
  categories: Record<string, number>;
  /** Keyed by path relative to the corpus directory, e.g. `cases/pool2d-nan.jsonl`. */
  files: Record<string, GoldenFileEntry>;
  /**
   * Other spec profiles' expectations, keyed by path (`profiles/pytorch-2.jsonl`): the cases
   * whose outcome differs there. Absent in a corpus written before profiles existed.
   */
  profiles: Record<string, GoldenProfileEntry>;
}

export interface GoldenProfileEntry {
  /** The spec profile, e.g. `pytorch-2`. */
  profile: string;
  /** The PyTorch release the expectations are for. */
  pytorch: string;
  /** 'measured': that PyTorch produced them; 'source': derived from its source (scripts/golden/profiles.py). */
  basis: 'measured' | 'source';
  bytes: number;
  overrides: number;
  sha256: string;
}

export interface GoldenFileEntry {
  bytes: number;
  cases: number;
  category: string;
  sha256: string;
}

/** What PyTorch raised: the Python exception class and `str(exception)`. */
export interface GoldenError {
  type: string;
  message: string;
}

export type GoldenExpected =
  | { kind: 'pool'; values: Tensor; indices: IndexTensor }
  | { kind: 'unpool'; output: Tensor }
  | { kind: 'error'; error: GoldenError };

interface GoldenCaseCommon {
  /** `<category>/<number>`, unique in the corpus. */
  id: string;
  category: string;
  description: string;
  /** Where the case was read from: path relative to the corpus directory, and 1-based line. */
  source: { file: string; line: number };
  input: Tensor;
  expected: GoldenExpected;
  /**
   * Set when the corpus was loaded for another spec profile and this case's expectation is that
   * profile's: how it is known, and the rule it follows.
   */
  profile?: { name: string; basis: 'measured' | 'source'; rule: string };
}

export interface GoldenPoolCase extends GoldenCaseCommon {
  op: PoolOpName;
  /** Exactly as PyTorch was called (a missing key was not passed; values may be invalid). */
  options: PoolOptions;
}

export interface GoldenUnpoolCase extends GoldenCaseCommon {
  op: UnpoolOpName;
  indices: IndexTensor;
  options: UnpoolOptions;
}

export type GoldenCase = GoldenPoolCase | GoldenUnpoolCase;

export interface GoldenCorpus {
  /** Absolute path of the corpus directory. */
  dir: string;
  manifest: GoldenManifest;
  /** The spec profile whose expectations the cases carry (the corpus's own PyTorch 1.13 by default). */
  spec: string;
  /** In file order (files sorted by name), then line order. */
  cases: GoldenCase[];
}

export function isPoolCase(c: GoldenCase): c is GoldenPoolCase {
  return c.op.startsWith('maxPool');
}

export function spatialRankOf(c: GoldenCase): 1 | 2 | 3 {
  return Number(c.op.slice(-2, -1)) as 1 | 2 | 3;
}

export function dtypeOfCase(c: GoldenCase): Dtype {
  return c.input.data instanceof Float64Array ? 'float64' : 'float32';
}

/** A one-line summary of where a corpus came from, for reports. */
export function describeProvenance(manifest: GoldenManifest): string {
  const debian = manifest.torch.debianPackage ? ` (Debian ${manifest.torch.debianPackage})` : '';
  return `torch ${manifest.torch.version}${debian}, Python ${manifest.python.version}, `
    + `generator ${manifest.generator.version}, seed ${manifest.generator.seed}`;
}
