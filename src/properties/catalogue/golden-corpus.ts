import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  defaultGoldenDir, formatGoldenFailure, isPoolCase, judgeGoldenCase, loadGolden, runGoldenCase, verifyGolden, type GoldenCase, type GoldenCorpus, type GoldenExpected,
  type GoldenFailure, type GoldenOutcome,
} from '../../golden/index.js';
import type { CallEvidence, CallOutcome, FailureEvidence, Mark } from '../failure.js';
import type { Implementation } from '../../implementation.js';
import { describeSpec, otherSpecs, type SpecProfile } from '../../reference/spec.js';
import type { CorpusProperty } from '../property.js';

const corpora = new Map<string, GoldenCorpus>();

/** The corpus is immutable during a run; load (and checksum) it once per process and profile. */
function corpusAt(dir: string, spec: string): GoldenCorpus {
  const key = `${spec}\0${dir}`;
  let corpus = corpora.get(key);
  if (!corpus) corpora.set(key, (corpus = loadGolden(dir, { spec })));
  return corpus;
}

/**
 * A failing case whose expectation differs under another profile, which the implementation
 * meets: the hint that names that profile and its --spec.
 */
async function corpusSpecHint(impl: Implementation, dir: string, failing: GoldenCase, spec: SpecProfile, errors: 'throws' | 'pytorch'): Promise<string | undefined> {
  for (const other of otherSpecs(spec)) {
    let there: GoldenCase | undefined;
    try {
      there = corpusAt(dir, other.name).cases.find((c) => c.id === failing.id);
    } catch {
      continue; // no expectations for that profile in this corpus
    }
    if (!there || there.profile === failing.profile) continue;
    if (judgeGoldenCase(there, await runGoldenCase(impl, there), { errors, nan: 'any' }) !== undefined) continue;
    return `the expectation of ${failing.id} differs between PyTorch ${spec.pytorch} and PyTorch ${other.pytorch} ` +
      `(docs/semantics.md), and the implementation meets PyTorch ${other.pytorch}'s. This run checks against ` +
      `${describeSpec(spec)}; if the port follows PyTorch ${other.pytorch}, run it with --spec ${other.name}.`;
  }
  return undefined;
}

/** Where the corpus is: POOLCHECK_GOLDEN_DIR, else the one shipped with poolcheck. */
export function goldenDir(): string {
  return process.env.POOLCHECK_GOLDEN_DIR ? path.resolve(process.env.POOLCHECK_GOLDEN_DIR) : defaultGoldenDir;
}

/** Property 11: PyTorch's own outputs, for every golden case inside the declaration. */
export const goldenCorpus: CorpusProperty = {
  kind: 'corpus',
  id: 'golden-corpus',
  statement: "The golden corpus (PyTorch 1.13's own outputs and errors; under --spec pytorch-2, PyTorch 2's expectation " +
    'where it differs) is reproduced for every case within the ' +
    "implementation's declared capabilities: values bit for bit (NaN as a class), indices exactly, errors raised.",
  ops: 'any',
  async run(ctx, { only, shard, onCase }) {
    const dir = goldenDir();
    if (!existsSync(path.join(dir, 'manifest.json'))) {
      return { ran: 0, skipped: 0, failures: [], unavailable: `no golden corpus at ${dir} (generate one with \`poolcheck golden update --accept\`)` };
    }
    const corpus = corpusAt(dir, ctx.spec.name);
    let position = 0;
    const report = await verifyGolden(ctx.impl, {
      corpus,
      capabilities: ctx.caps,
      filter: (c) => {
        if (shard && position++ % shard.count !== shard.index) return false;
        onCase?.();
        return only === undefined || c.id === only;
      },
    });
    const excused: Record<string, number> = {};
    const unexplained = report.failures.filter((f) => {
      const c = f.case;
      const deviation = ctx.excuse?.('golden-corpus', {
        op: c.op, input: c.input, options: c.options, ...('indices' in c ? { indices: c.indices } : {}),
      });
      if (deviation !== undefined) excused[deviation] = (excused[deviation] ?? 0) + 1;
      return deviation === undefined;
    });
    const errors = ctx.caps.errors === 'pytorch' ? 'pytorch' : 'throws';
    const failures = [];
    for (const f of unexplained) {
      const hint = await corpusSpecHint(ctx.impl, dir, f.case, ctx.spec, errors);
      failures.push({
        caseId: f.case.id,
        // The runner prints the replay against the implementation; `golden verify --case` would check the reference.
        story: formatGoldenFailure(f, dir, false).split('\n'),
        error: f.disagreement.summary,
        evidence: goldenEvidence(f),
        source: { ...f.case.source },
        ...(hint ? { specHint: hint } : {}),
      });
    }
    return { ran: report.checked, skipped: report.uncovered.length, excused, failures };
  },
};

/** PyTorch's recorded answer as the outcome of a call; its error keeps Python's class as its name. */
function expectedOutcomeOf(expected: GoldenExpected): CallOutcome {
  if (expected.kind === 'pool') return { kind: 'pool', values: expected.values, indices: expected.indices };
  if (expected.kind === 'unpool') return { kind: 'unpool', output: expected.output };
  const error = new Error(expected.error.message);
  error.name = expected.error.type;
  return { kind: 'error', error };
}

function isTensorLike(t: unknown): t is { shape: number[]; data: ArrayLike<unknown> } {
  return typeof t === 'object' && t !== null && Array.isArray((t as { shape?: unknown }).shape) && ArrayBuffer.isView((t as { data?: unknown }).data);
}

/** What the implementation did, in the shape the failure evidence records. */
function gotOutcomeOf(c: GoldenCase, outcome: GoldenOutcome): CallOutcome {
  if (outcome.kind === 'threw') return { kind: 'error', error: outcome.error };
  const r = outcome.result as { values?: unknown; indices?: unknown } | null | undefined;
  if (isPoolCase(c)) {
    if (r && isTensorLike(r.values) && isTensorLike(r.indices)) return { kind: 'pool', values: r.values as never, indices: r.indices as never };
    return { kind: 'malformed', raw: r };
  }
  return isTensorLike(r) ? { kind: 'unpool', output: r as never } : { kind: 'malformed', raw: r };
}

/** A golden failure as the same evidence a generated property records: one call, got and PyTorch's expected. */
function goldenEvidence(f: GoldenFailure): FailureEvidence {
  const c = f.case;
  const d = f.disagreement.difference;
  const mark: Mark | undefined = d?.kind === 'element' && d.flatIndex !== undefined &&
    (d.tensor === 'values' || d.tensor === 'indices' || d.tensor === 'output')
    ? { tensor: d.tensor, offset: d.flatIndex } : undefined;
  const call: CallEvidence = {
    label: `golden case ${c.id}`,
    op: c.op,
    input: c.input,
    ...('indices' in c ? { indices: c.indices } : {}),
    options: c.options,
    got: gotOutcomeOf(c, f.outcome),
    expected: expectedOutcomeOf(c.expected),
    ...(mark ? { mark } : {}),
  };
  return { summary: f.disagreement.summary, calls: [call] };
}
