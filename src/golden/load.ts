/**
 * Loading the golden corpus: every file, line and field is validated, and anything wrong is
 * reported as a GoldenFormatError naming the file, line, case and field. A corpus that loads is
 * exactly what the generator wrote (the checksums in manifest.json make sure of it).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../paths.js';
import type {
  Dtype, IndexTensor, OpName, PerDim, PoolOpName, PoolOptions, Tensor, UnpoolOpName, UnpoolOptions,
} from '../types.js';
import { POOL_OPS, UNPOOL_OPS } from '../types.js';
import {
  CASES_FORMAT, GOLDEN_SCHEMA_VERSION, PROFILE_FORMAT,
  type GoldenCase, type GoldenCorpus, type GoldenError, type GoldenExpected, type GoldenFileEntry,
  type GoldenManifest, type GoldenProfileEntry,
} from './format.js';
import { DEFAULT_SPEC } from '../reference/spec.js';
import { sameShape } from './compare.js';
import { BitView, newFloatArray, readToken } from './tokens.js';
import { interruptedAcceptHint } from './swap.js';

/** The corpus shipped with poolcheck. */
export const defaultGoldenDir = path.join(packageRoot, 'golden');

export interface GoldenProblemAt {
  /** Path of the file, as given to the loader (joined with the corpus directory). */
  file?: string;
  line?: number;
  caseId?: string;
  /** Dotted path inside the case or manifest, e.g. `input.data[17]`. */
  field?: string;
}

/** The corpus is missing, truncated, hand-edited, or written in a schema this poolcheck does not read. */
export class GoldenFormatError extends Error {
  constructor(readonly problem: string, readonly at: GoldenProblemAt = {}) {
    super(formatProblem(problem, at));
    this.name = 'GoldenFormatError';
  }
}

function formatProblem(problem: string, at: GoldenProblemAt): string {
  const where: string[] = [];
  if (at.file) where.push(at.line ? `${displayPath(at.file)}:${at.line}` : displayPath(at.file));
  if (at.caseId) where.push(`case ${at.caseId}`);
  if (at.field) where.push(`field ${at.field}`);
  return where.length ? `${where.join(', ')}: ${problem}` : problem;
}

/** A path relative to the working directory when it lies inside it, else absolute. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

export interface LoadGoldenOptions {
  /** Compare each file's sha256 with the manifest (default true). */
  checksums?: boolean;
  /**
   * The spec profile whose expectations the cases should carry (default 'pytorch-1.13', the
   * corpus's own): another profile's overrides (golden/profiles/<spec>.jsonl) replace the
   * expectation of every case they list.
   */
  spec?: string;
}

export function loadGolden(dir: string = defaultGoldenDir, options: LoadGoldenOptions = {}): GoldenCorpus {
  const root = path.resolve(dir);
  if (!existsSync(root)) {
    const hint = interruptedAcceptHint(root);
    throw new GoldenFormatError(hint ?? 'no golden corpus here (write one with `poolcheck golden update --accept`)',
      { file: root });
  }
  const manifestFile = path.join(root, 'manifest.json');
  const manifest = readManifest(manifestFile);

  const listed = new Set([...Object.keys(manifest.files), ...Object.keys(manifest.profiles)]);
  for (const folder of ['cases', 'profiles']) {
    const dirPath = path.join(root, folder);
    if (!existsSync(dirPath)) continue;
    for (const name of readdirSync(dirPath).sort()) {
      if (name.endsWith('.jsonl') && !listed.has(`${folder}/${name}`)) {
        throw new GoldenFormatError(`${folder === 'cases' ? 'case' : 'profile'} file is not listed in manifest.json (stray or renamed file?)`,
          { file: path.join(dirPath, name) });
      }
    }
  }

  const cases: GoldenCase[] = [];
  const ids = new Set<string>();
  for (const relative of Object.keys(manifest.files).sort()) {
    const entry = manifest.files[relative]!;
    for (const c of readCaseFile(root, relative, entry, options.checksums ?? true)) {
      if (ids.has(c.id)) {
        throw new GoldenFormatError(`duplicate case id (also earlier in the corpus)`,
          { file: path.join(root, relative), line: c.source.line, caseId: c.id, field: 'id' });
      }
      ids.add(c.id);
      cases.push(c);
    }
  }
  if (cases.length !== manifest.totalCases) {
    throw new GoldenFormatError(`totalCases is ${manifest.totalCases} but the files hold ${cases.length} cases`,
      { file: manifestFile, field: 'totalCases' });
  }
  const spec = options.spec ?? DEFAULT_SPEC;
  const byId = new Map(cases.map((c, i) => [c.id, i]));
  let applied = spec === DEFAULT_SPEC;
  for (const [relative, entry] of Object.entries(manifest.profiles).sort(([a], [b]) => a.localeCompare(b))) {
    const overrides = readProfileFile(root, relative, entry, cases, byId, options.checksums ?? true);
    if (entry.profile !== spec) continue;
    for (const o of overrides) cases[byId.get(o.id)!] = o;
    applied = true;
  }
  if (!applied) {
    throw new GoldenFormatError(`this corpus holds no expectations for --spec ${spec} (no profiles/${spec}.jsonl in manifest.json); `
      + 'regenerate it with `poolcheck golden update`', { file: manifestFile, field: 'profiles' });
  }
  return { dir: root, manifest, spec, cases };
}

// ---------------------------------------------------------------------------------------------
// manifest.json
// ---------------------------------------------------------------------------------------------

function readManifest(file: string): GoldenManifest {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new GoldenFormatError('manifest.json is missing or unreadable', { file });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new GoldenFormatError(`not valid JSON (truncated or hand-edited?): ${(error as Error).message}`, { file });
  }
  const fail = (field: string, problem: string): never => {
    throw new GoldenFormatError(problem, { file, field });
  };
  const m = objectAt(raw, 'manifest', fail);
  if (m.schemaVersion !== GOLDEN_SCHEMA_VERSION) {
    fail('schemaVersion', `unknown schema version ${JSON.stringify(m.schemaVersion)} `
      + `(this poolcheck reads version ${GOLDEN_SCHEMA_VERSION}; regenerate with \`poolcheck golden update\` `
      + 'or use the poolcheck that wrote it)');
  }
  const generator = objectAt(m.generator, 'generator', fail);
  const torch = objectAt(m.torch, 'torch', fail);
  const python = objectAt(m.python, 'python', fail);
  const manifest: GoldenManifest = {
    schemaVersion: GOLDEN_SCHEMA_VERSION,
    generator: {
      script: stringAt(generator.script, 'generator.script', fail),
      version: stringAt(generator.version, 'generator.version', fail),
      seed: integerAt(generator.seed, 'generator.seed', fail),
    },
    torch: {
      version: stringAt(torch.version, 'torch.version', fail),
      debianPackage: torch.debianPackage === null ? null : stringAt(torch.debianPackage, 'torch.debianPackage', fail),
      numThreads: integerAt(torch.numThreads, 'torch.numThreads', fail),
    },
    python: { version: stringAt(python.version, 'python.version', fail) },
    totalCases: integerAt(m.totalCases, 'totalCases', fail),
    categories: {},
    files: {},
    profiles: {},
  };
  const categories = objectAt(m.categories, 'categories', fail);
  for (const [name, count] of Object.entries(categories)) {
    manifest.categories[name] = integerAt(count, `categories.${name}`, fail);
  }
  const files = objectAt(m.files, 'files', fail);
  for (const [relative, value] of Object.entries(files)) {
    const field = `files["${relative}"]`;
    if (!/^cases\/[A-Za-z0-9._-]+\.jsonl$/.test(relative)) fail(field, 'file names must look like cases/<name>.jsonl');
    const entry = objectAt(value, field, fail);
    const fileEntry: GoldenFileEntry = {
      bytes: integerAt(entry.bytes, `${field}.bytes`, fail),
      cases: integerAt(entry.cases, `${field}.cases`, fail),
      category: stringAt(entry.category, `${field}.category`, fail),
      sha256: stringAt(entry.sha256, `${field}.sha256`, fail),
    };
    if (!/^[0-9a-f]{64}$/.test(fileEntry.sha256)) fail(`${field}.sha256`, 'not a sha256 in lowercase hex');
    if (manifest.categories[fileEntry.category] !== fileEntry.cases) {
      fail(`categories.${fileEntry.category}`, `does not match ${field}.cases (${fileEntry.cases})`);
    }
    manifest.files[relative] = fileEntry;
  }
  if (Object.keys(manifest.categories).length !== Object.keys(manifest.files).length) {
    fail('categories', 'every category needs exactly one file in `files`');
  }
  // Optional: a corpus written before spec profiles existed has none.
  const profiles = m.profiles === undefined ? {} : objectAt(m.profiles, 'profiles', fail);
  for (const [relative, value] of Object.entries(profiles)) {
    const field = `profiles["${relative}"]`;
    if (!/^profiles\/[A-Za-z0-9._-]+\.jsonl$/.test(relative)) fail(field, 'file names must look like profiles/<profile>.jsonl');
    const entry = objectAt(value, field, fail);
    const basis = stringAt(entry.basis, `${field}.basis`, fail);
    if (basis !== 'measured' && basis !== 'source') fail(`${field}.basis`, 'must be "measured" or "source"');
    const profileEntry: GoldenProfileEntry = {
      profile: stringAt(entry.profile, `${field}.profile`, fail),
      pytorch: stringAt(entry.pytorch, `${field}.pytorch`, fail),
      basis: basis as GoldenProfileEntry['basis'],
      bytes: integerAt(entry.bytes, `${field}.bytes`, fail),
      overrides: integerAt(entry.overrides, `${field}.overrides`, fail),
      sha256: stringAt(entry.sha256, `${field}.sha256`, fail),
    };
    if (relative !== `profiles/${profileEntry.profile}.jsonl`) fail(`${field}.profile`, `does not match the file name`);
    if (!/^[0-9a-f]{64}$/.test(profileEntry.sha256)) fail(`${field}.sha256`, 'not a sha256 in lowercase hex');
    manifest.profiles[relative] = profileEntry;
  }
  return manifest;
}

// ---------------------------------------------------------------------------------------------
// profiles/<profile>.jsonl
// ---------------------------------------------------------------------------------------------

/**
 * A spec profile's overrides: a header, then `{id, basis, rule, expected}` per line, each naming a
 * case of the corpus. Returns each listed case with that profile's expectation.
 */
function readProfileFile(
  root: string, relative: string, entry: GoldenProfileEntry, cases: readonly GoldenCase[],
  byId: ReadonlyMap<string, number>, checksums: boolean,
): GoldenCase[] {
  const file = path.join(root, relative);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new GoldenFormatError('listed in manifest.json but missing or unreadable', { file });
  }
  if (checksums) {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (sha256 !== entry.sha256 || bytes.length !== entry.bytes) {
      throw new GoldenFormatError(`checksum mismatch: manifest.json says sha256 ${entry.sha256} (${entry.bytes} bytes), `
        + `the file has ${sha256} (${bytes.length} bytes); it was edited by hand or damaged `
        + '(regenerate with `poolcheck golden update`, or restore it from version control)', { file });
    }
  }
  const text = bytes.toString('utf8');
  if (!text.endsWith('\n')) throw new GoldenFormatError('file is truncated: the last line has no newline', { file });
  const lines = text.slice(0, -1).split('\n');
  const failHeader = (field: string, problem: string): never => {
    throw new GoldenFormatError(problem, { file, line: 1, field: `header.${field}` });
  };
  const h = objectAt(parseLine(lines[0]!, file, 1), 'header', failHeader);
  if (h.format !== PROFILE_FORMAT) failHeader('format', `expected "${PROFILE_FORMAT}", found ${JSON.stringify(h.format)}`);
  if (h.schemaVersion !== GOLDEN_SCHEMA_VERSION) failHeader('schemaVersion', `unknown schema version ${JSON.stringify(h.schemaVersion)}`);
  for (const key of ['profile', 'pytorch', 'basis', 'overrides'] as const) {
    if (h[key] !== entry[key]) failHeader(key, `is ${JSON.stringify(h[key])} but manifest.json says ${JSON.stringify(entry[key])}`);
  }
  if (lines.length - 1 !== entry.overrides) {
    throw new GoldenFormatError(`holds ${lines.length - 1} overrides but manifest.json says ${entry.overrides}`, { file });
  }
  return lines.slice(1).map((line, i) => {
    // The case id, once read, names the case in every later error of its line.
    const at: { caseId?: string } = {};
    const fail: Fail = (field, problem) => {
      throw new GoldenFormatError(problem, { file, line: i + 2, ...(at.caseId ? { caseId: at.caseId } : {}), field });
    };
    const o = objectAt(parseLine(line, file, i + 2), 'override', fail);
    for (const key of Object.keys(o)) if (!['id', 'basis', 'rule', 'expected'].includes(key)) fail(key, 'unexpected field in an override');
    const caseId = stringAt(o.id, 'id', fail);
    at.caseId = caseId;
    const index = byId.get(caseId);
    if (index === undefined) fail('id', 'names no case of the corpus');
    const base = cases[index!]!;
    const basis = stringAt(o.basis, 'basis', fail);
    if (basis !== 'measured' && basis !== 'source') fail('basis', 'must be "measured" or "source"');
    const expected = readExpected(o.expected, base.op.startsWith('maxPool'), fail);
    if (expected.kind !== 'error') {
      const out = expected.kind === 'pool' ? expected.values : expected.output;
      if (out.data.constructor !== base.input.data.constructor) fail('expected', 'its dtype differs from the case input\'s');
    }
    return {
      ...base, expected,
      profile: { name: entry.profile, basis: basis as 'measured' | 'source', rule: stringAt(o.rule, 'rule', fail) },
    } as GoldenCase;
  });
}

// ---------------------------------------------------------------------------------------------
// cases/<category>.jsonl
// ---------------------------------------------------------------------------------------------

function readCaseFile(root: string, relative: string, entry: GoldenFileEntry, checksums: boolean): GoldenCase[] {
  const file = path.join(root, relative);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new GoldenFormatError('listed in manifest.json but missing or unreadable', { file });
  }
  const text = bytes.toString('utf8');
  if (text.length === 0) throw new GoldenFormatError('file is empty (truncated?)', { file });
  if (!text.endsWith('\n')) {
    throw new GoldenFormatError('file is truncated: the last line has no newline', {
      file, line: text.split('\n').length,
    });
  }
  const lines = text.slice(0, -1).split('\n');
  const header = parseLine(lines[0]!, file, 1);
  const failHeader = (field: string, problem: string): never => {
    throw new GoldenFormatError(problem, { file, line: 1, field: `header.${field}` });
  };
  const h = objectAt(header, 'header', failHeader);
  if (h.format !== CASES_FORMAT) failHeader('format', `expected "${CASES_FORMAT}", found ${JSON.stringify(h.format)}`);
  if (h.schemaVersion !== GOLDEN_SCHEMA_VERSION) {
    failHeader('schemaVersion', `unknown schema version ${JSON.stringify(h.schemaVersion)} `
      + `(this poolcheck reads version ${GOLDEN_SCHEMA_VERSION})`);
  }
  if (h.category !== entry.category) {
    failHeader('category', `is ${JSON.stringify(h.category)} but manifest.json says "${entry.category}"`);
  }
  if (h.cases !== entry.cases) failHeader('cases', `is ${JSON.stringify(h.cases)} but manifest.json says ${entry.cases}`);
  if (lines.length - 1 !== entry.cases) {
    throw new GoldenFormatError(`holds ${lines.length - 1} cases but its header and manifest.json say ${entry.cases} `
      + '(truncated or hand-edited?)', { file });
  }

  const cases = lines.slice(1).map((line, i) => readCase(parseLine(line, file, i + 2), {
    file, relative, line: i + 2, category: entry.category,
  }));

  if (checksums) {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (sha256 !== entry.sha256 || bytes.length !== entry.bytes) {
      throw new GoldenFormatError(`checksum mismatch: manifest.json says sha256 ${entry.sha256} (${entry.bytes} bytes), `
        + `the file has ${sha256} (${bytes.length} bytes); it was edited by hand or damaged `
        + '(regenerate with `poolcheck golden update`, or restore it from version control)', { file });
    }
  }
  return cases;
}

function parseLine(line: string, file: string, lineNumber: number): unknown {
  try {
    return JSON.parse(line);
  } catch (error) {
    throw new GoldenFormatError(`not valid JSON (truncated or hand-edited?): ${(error as Error).message}`,
      { file, line: lineNumber });
  }
}

interface CaseContext {
  file: string;
  relative: string;
  line: number;
  category: string;
}

type Fail = (field: string, problem: string) => never;

function readCase(raw: unknown, ctx: CaseContext): GoldenCase {
  let caseId: string | undefined;
  const fail: Fail = (field, problem) => {
    throw new GoldenFormatError(problem, { file: ctx.file, line: ctx.line, caseId, field });
  };
  const c = objectAt(raw, 'case', fail);
  if (typeof c.id === 'string' && c.id) caseId = c.id;
  const id = stringAt(c.id, 'id', fail);
  if (!id.startsWith(`${ctx.category}/`)) fail('id', `should start with its category "${ctx.category}/"`);
  if (c.category !== ctx.category) fail('category', `is ${JSON.stringify(c.category)}, the file is for "${ctx.category}"`);
  const op = stringAt(c.op, 'op', fail) as OpName;
  const isPool = (POOL_OPS as readonly string[]).includes(op);
  if (!isPool && !(UNPOOL_OPS as readonly string[]).includes(op)) {
    fail('op', `unknown op "${op}" (expected one of ${[...POOL_OPS, ...UNPOOL_OPS].join(', ')})`);
  }
  const allowed = ['id', 'category', 'description', 'op', 'input', 'options', 'expected', ...(isPool ? [] : ['indices'])];
  for (const key of Object.keys(c)) if (!allowed.includes(key)) fail(key, `unexpected field for ${op}`);

  const input = readFloatTensor(c.input, 'input', fail);
  const expected = readExpected(c.expected, isPool, fail);
  if (expected.kind === 'pool' || expected.kind === 'unpool') {
    const out = expected.kind === 'pool' ? expected.values : expected.output;
    const field = expected.kind === 'pool' ? 'expected.values' : 'expected.output';
    if (out.data.constructor !== input.data.constructor) fail(`${field}.dtype`, 'differs from the input dtype');
  }
  if (expected.kind === 'pool' && !sameShape(expected.values.shape, expected.indices.shape)) {
    fail('expected.indices.shape', 'differs from expected.values.shape');
  }
  const common = {
    id, category: ctx.category, description: stringAt(c.description, 'description', fail),
    source: { file: ctx.relative, line: ctx.line }, input, expected,
  };
  if (isPool) {
    return { ...common, op: op as PoolOpName, options: readOptions(c.options, true, fail) as unknown as PoolOptions };
  }
  return {
    ...common,
    op: op as UnpoolOpName,
    indices: readIndexTensor(c.indices, 'indices', fail),
    options: readOptions(c.options, false, fail) as unknown as UnpoolOptions,
  };
}

function readExpected(raw: unknown, isPool: boolean, fail: Fail): GoldenExpected {
  const e = objectAt(raw, 'expected', fail);
  const keys = Object.keys(e).sort().join(',');
  if (keys === 'error') return { kind: 'error', error: readError(e.error, fail) };
  if (isPool && keys === 'indices,values') {
    return {
      kind: 'pool',
      values: readFloatTensor(e.values, 'expected.values', fail),
      indices: readIndexTensor(e.indices, 'expected.indices', fail),
    };
  }
  if (!isPool && keys === 'output') return { kind: 'unpool', output: readFloatTensor(e.output, 'expected.output', fail) };
  return fail('expected', `has fields {${keys}}; expected {error} or ${isPool ? '{values, indices}' : '{output}'}`);
}

function readError(raw: unknown, fail: Fail): GoldenError {
  const e = objectAt(raw, 'expected.error', fail);
  const type = stringAt(e.type, 'expected.error.type', fail);
  if (!type) fail('expected.error.type', 'is empty');
  return { type, message: stringAt(e.message, 'expected.error.message', fail) };
}

const POOL_OPTION_KEYS = ['kernelSize', 'stride', 'padding', 'dilation', 'ceilMode'];
const UNPOOL_OPTION_KEYS = ['kernelSize', 'stride', 'padding', 'outputSize'];

function readOptions(raw: unknown, isPool: boolean, fail: Fail): Record<string, PerDim | boolean> {
  const o = objectAt(raw, 'options', fail);
  const allowed = isPool ? POOL_OPTION_KEYS : UNPOOL_OPTION_KEYS;
  const options: Record<string, PerDim | boolean> = {};
  if (!('kernelSize' in o)) fail('options.kernelSize', 'is missing');
  for (const [key, value] of Object.entries(o)) {
    const field = `options.${key}`;
    if (!allowed.includes(key)) fail(field, `unknown option (expected one of ${allowed.join(', ')})`);
    if (key === 'ceilMode') {
      if (typeof value !== 'boolean') fail(field, 'must be true or false');
      options[key] = value as boolean;
    } else if (key === 'outputSize') {
      options[key] = numberListAt(value, field, fail);
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) fail(field, 'must be a finite number');
      options[key] = value;
    } else {
      options[key] = numberListAt(value, field, fail);
    }
  }
  return options;
}

function readFloatTensor(raw: unknown, field: string, fail: Fail): Tensor {
  const t = objectAt(raw, field, fail);
  const dtype = t.dtype;
  if (dtype !== 'float32' && dtype !== 'float64') fail(`${field}.dtype`, `must be "float32" or "float64", found ${JSON.stringify(dtype)}`);
  const shape = readShape(t.shape, `${field}.shape`, fail);
  const length = shape.reduce((a, b) => a * b, 1);
  const data = newFloatArray(dtype as Dtype, length);
  const bits = new BitView(data);
  const hasData = 'data' in t;
  const hasRuns = 'runs' in t;
  for (const key of Object.keys(t)) {
    if (!['dtype', 'shape', 'data', 'runs'].includes(key)) fail(`${field}.${key}`, 'unexpected field in a tensor');
  }
  if (hasData === hasRuns) fail(field, 'needs exactly one of "data" and "runs"');
  if (hasData) {
    if (!Array.isArray(t.data)) fail(`${field}.data`, 'must be an array of value tokens');
    const tokens = t.data as unknown[];
    if (tokens.length !== length) {
      fail(`${field}.data`, `has ${tokens.length} elements but shape [${shape.join(', ')}] needs ${length}`);
    }
    tokens.forEach((token, i) => {
      const problem = readToken(token, dtype as Dtype, data, bits, i);
      if (problem) fail(`${field}.data[${i}]`, problem);
    });
  } else {
    if (!Array.isArray(t.runs)) fail(`${field}.runs`, 'must be an array of [count, token] pairs');
    let at = 0;
    (t.runs as unknown[]).forEach((run, r) => {
      const runField = `${field}.runs[${r}]`;
      if (!Array.isArray(run) || run.length !== 2) fail(runField, 'must be a [count, token] pair');
      const [count, token] = run as [unknown, unknown];
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) fail(`${runField}[0]`, 'count must be a positive integer');
      if (at + (count as number) > length) fail(runField, `runs hold more than the ${length} elements of shape [${shape.join(', ')}]`);
      const problem = readToken(token, dtype as Dtype, data, bits, at);
      if (problem) fail(`${runField}[1]`, problem);
      for (let j = 1; j < (count as number); j++) bits.set(at + j, bits.get(at));
      at += count as number;
    });
    if (at !== length) fail(`${field}.runs`, `hold ${at} elements but shape [${shape.join(', ')}] needs ${length}`);
  }
  return { shape, data };
}

function readIndexTensor(raw: unknown, field: string, fail: Fail): IndexTensor {
  const t = objectAt(raw, field, fail);
  for (const key of Object.keys(t)) if (!['shape', 'data'].includes(key)) fail(`${field}.${key}`, 'unexpected field in an index tensor');
  const shape = readShape(t.shape, `${field}.shape`, fail);
  const length = shape.reduce((a, b) => a * b, 1);
  if (!Array.isArray(t.data)) fail(`${field}.data`, 'must be an array of integers');
  const values = t.data as unknown[];
  if (values.length !== length) fail(`${field}.data`, `has ${values.length} elements but shape [${shape.join(', ')}] needs ${length}`);
  const data = new BigInt64Array(length);
  values.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) fail(`${field}.data[${i}]`, `${JSON.stringify(v)} is not an integer`);
    data[i] = BigInt(v as number);
  });
  return { shape, data };
}

function readShape(raw: unknown, field: string, fail: Fail): number[] {
  if (!Array.isArray(raw) || !raw.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) {
    return fail(field, 'must be an array of non-negative integers');
  }
  return raw as number[];
}

function numberListAt(raw: unknown, field: string, fail: Fail): number[] {
  if (!Array.isArray(raw) || !raw.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    return fail(field, 'must be a number or an array of numbers');
  }
  return raw as number[];
}

function objectAt(raw: unknown, field: string, fail: Fail): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail(field, 'must be a JSON object');
  return raw as Record<string, unknown>;
}

function stringAt(raw: unknown, field: string, fail: Fail): string {
  if (typeof raw !== 'string') return fail(field, `must be a string, found ${JSON.stringify(raw)}`);
  return raw;
}

function integerAt(raw: unknown, field: string, fail: Fail): number {
  if (typeof raw !== 'number' || !Number.isSafeInteger(raw)) return fail(field, `must be an integer, found ${JSON.stringify(raw)}`);
  return raw;
}
