/**
 * What changed between two corpora, case by case: the report `poolcheck golden update` prints
 * when a new PyTorch (or a new generator) regenerates the corpus.
 */
import { compareFloatTensor, compareIndexTensor, formatDifference, type Difference } from './compare.js';
import { formatGoldenError } from './cases.js';
import { describeProvenance, type GoldenCase, type GoldenCorpus, type GoldenManifest } from './format.js';
import { sortedJson } from './write.js';

export interface CaseChange {
  before: GoldenCase;
  after: GoldenCase;
  /** One line: the first thing that differs, with both values. */
  change: string;
}

export interface CorpusDiff {
  before?: GoldenManifest;
  after: GoldenManifest;
  added: GoldenCase[];
  removed: GoldenCase[];
  changed: CaseChange[];
  unchanged: number;
  /** Every file has the same checksum on both sides, and the manifests agree. */
  identical: boolean;
}

export function diffCorpora(before: GoldenCorpus | undefined, after: GoldenCorpus): CorpusDiff {
  const old = new Map((before?.cases ?? []).map((c) => [c.id, c]));
  const fresh = new Map(after.cases.map((c) => [c.id, c]));
  const diff: CorpusDiff = {
    before: before?.manifest, after: after.manifest, added: [], removed: [], changed: [], unchanged: 0, identical: false,
  };
  for (const c of after.cases) {
    const previous = old.get(c.id);
    if (!previous) {
      diff.added.push(c);
      continue;
    }
    const change = describeCaseChange(previous, c);
    if (change) diff.changed.push({ before: previous, after: c, change });
    else diff.unchanged++;
  }
  for (const c of before?.cases ?? []) if (!fresh.has(c.id)) diff.removed.push(c);
  diff.identical = before !== undefined && sortedJson(before.manifest) === sortedJson(after.manifest);
  return diff;
}

/** The first difference between two versions of one case, or undefined when they are the same. */
export function describeCaseChange(before: GoldenCase, after: GoldenCase): string | undefined {
  if (before.op !== after.op) return `op: before ${before.op}, after ${after.op}`;
  const beforeOptions = sortedJson(before.options);
  const afterOptions = sortedJson(after.options);
  if (beforeOptions !== afterOptions) return `options: before ${beforeOptions}, after ${afterOptions}`;
  const input = compareFloatTensor('input', before.input, after.input, 'exact');
  if (input) return beforeAfter(input);
  if ('indices' in before && 'indices' in after) {
    const indices = compareIndexTensor('input indices', before.indices, after.indices);
    if (indices) return beforeAfter(indices);
  }
  const was = before.expected;
  const now = after.expected;
  if (was.kind === 'error' && now.kind === 'error') {
    if (was.error.type !== now.error.type || was.error.message !== now.error.message) {
      return `error: before ${formatGoldenError(was.error)}, after ${formatGoldenError(now.error)}`;
    }
  } else if (was.kind === 'error' || now.kind === 'error') {
    const describe = (e: GoldenCase['expected']): string => (e.kind === 'error' ? `raised ${formatGoldenError(e.error)}` : 'returned a result');
    return `outcome: before PyTorch ${describe(was)}, after it ${describe(now)}`;
  } else if (was.kind === 'pool' && now.kind === 'pool') {
    const d = compareFloatTensor('expected values', was.values, now.values, 'exact')
      ?? compareIndexTensor('expected indices', was.indices, now.indices);
    if (d) return beforeAfter(d);
  } else if (was.kind === 'unpool' && now.kind === 'unpool') {
    const d = compareFloatTensor('expected output', was.output, now.output, 'exact');
    if (d) return beforeAfter(d);
  }
  if (before.description !== after.description) return `description: before "${before.description}", after "${after.description}"`;
  return undefined;
}

function beforeAfter(d: Difference): string {
  return formatDifference(d).replace(': expected ', ': before ').replace(', got ', ', after ');
}

export interface FormatDiffOptions {
  /** Most cases listed per section (default 50). */
  limit?: number;
}

export function formatCorpusDiff(diff: CorpusDiff, options: FormatDiffOptions = {}): string {
  const limit = options.limit ?? 50;
  const lines: string[] = [];
  const side = (m: GoldenManifest | undefined): string => (m ? `${describeProvenance(m)}; ${m.totalCases} cases` : 'none');
  lines.push(`  checked in:  ${side(diff.before)}`);
  lines.push(`  regenerated: ${side(diff.after)}`);
  if (diff.identical) {
    lines.push('  identical: every file has the same checksum');
    return lines.join('\n');
  }
  lines.push(`  ${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed, ${diff.unchanged} unchanged`);
  const section = <T>(title: string, items: T[], line: (item: T) => string): void => {
    if (!items.length) return;
    lines.push(`  ${title}:`);
    for (const item of items.slice(0, limit)) lines.push(`    ${line(item)}`);
    if (items.length > limit) lines.push(`    … and ${items.length - limit} more`);
  };
  section('changed', diff.changed, (c) => `${c.after.id}: ${c.change}`);
  section('added', diff.added, (c) => `${c.id}: ${c.description}`);
  section('removed', diff.removed, (c) => `${c.id}: ${c.description}`);
  if (!diff.added.length && !diff.removed.length && !diff.changed.length) {
    lines.push('  no case changed; only the manifest differs (versions or checksums of reformatted files)');
  }
  return lines.join('\n');
}
