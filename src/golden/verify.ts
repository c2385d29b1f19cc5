/**
 * Checking an implementation against the whole golden corpus (or the part of it within the
 * implementation's declared capabilities).
 */
import { eventLoopBreather } from '../eventLoop.js';
import path from 'node:path';
import { resolveCapabilities, type Capabilities, type Implementation } from '../implementation.js';
import type { NaNPolicy } from './compare.js';
import { judgeGoldenCase, runGoldenCase, uncoveredReason, type GoldenDisagreement, type GoldenOutcome } from './cases.js';
import { describeProvenance, type GoldenCase, type GoldenCorpus } from './format.js';
import { defaultGoldenDir, displayPath, loadGolden } from './load.js';
import { DEFAULT_SPEC } from '../reference/spec.js';

export interface VerifyGoldenOptions {
  /** Corpus directory (default: the one shipped with poolcheck). Ignored when `corpus` is given. */
  dir?: string;
  /** The spec profile whose expectations to check against (default the corpus's own, PyTorch 1.13). Ignored when `corpus` is given. */
  spec?: string;
  corpus?: GoldenCorpus;
  /** Default: what the implementation declares, filled in by resolveCapabilities. */
  capabilities?: Capabilities;
  /** Default: 'pytorch' when the capabilities say errors: 'pytorch', else 'throws'. */
  errors?: 'throws' | 'pytorch';
  /** Default 'any': NaN matches NaN; 'exact' also compares NaN payloads. */
  nan?: NaNPolicy;
  /** Only cases for which this returns true are run (e.g. one id or category). */
  filter?: (c: GoldenCase) => boolean;
}

export interface GoldenFailure {
  case: GoldenCase;
  disagreement: GoldenDisagreement;
  /** What the implementation did: kept so that a failure can be reported as data. */
  outcome: GoldenOutcome;
}

export interface GoldenReport {
  corpus: GoldenCorpus;
  /** Cases selected by the filter. */
  selected: number;
  /** Cases run (selected and within the capabilities). */
  checked: number;
  agreed: number;
  failures: GoldenFailure[];
  /** Selected cases outside the declared capabilities: not run, and not counted as passed. */
  uncovered: { case: GoldenCase; reason: string }[];
}

export async function verifyGolden(impl: Implementation, options: VerifyGoldenOptions = {}): Promise<GoldenReport> {
  const corpus = options.corpus ?? loadGolden(options.dir, options.spec ? { spec: options.spec } : {});
  const caps = options.capabilities ?? resolveCapabilities(impl);
  const judge = { errors: options.errors ?? (caps.errors === 'pytorch' ? 'pytorch' : 'throws'), nan: options.nan ?? 'any' } as const;
  const report: GoldenReport = { corpus, selected: 0, checked: 0, agreed: 0, failures: [], uncovered: [] };
  const breathe = eventLoopBreather();
  for (const c of corpus.cases) {
    await breathe();
    if (options.filter && !options.filter(c)) continue;
    report.selected++;
    const reason = uncoveredReason(c, caps);
    if (reason) {
      report.uncovered.push({ case: c, reason });
      continue;
    }
    report.checked++;
    const outcome = await runGoldenCase(impl, c);
    const disagreement = judgeGoldenCase(c, outcome, judge);
    if (disagreement) report.failures.push({ case: c, disagreement, outcome });
    else report.agreed++;
  }
  return report;
}

/**
 * A failure in a few lines: the case, what differs, where the case lives, and (unless `replay` is
 * false, for a caller that prints its own replay against the implementation) how `golden verify`
 * replays it against the reference.
 */
export function formatGoldenFailure(failure: GoldenFailure, corpusDir: string = defaultGoldenDir, replay = true): string {
  const c = failure.case;
  const dirOption = path.resolve(corpusDir) === defaultGoldenDir ? '' : ` --dir ${displayPath(corpusDir)}`;
  const lines = [
    `FAIL ${c.id} (${c.op}, category ${c.category}): ${failure.disagreement.summary}`,
    `  case: ${c.description}`,
    `  input: ${c.input.data instanceof Float64Array ? 'float64' : 'float32'} [${c.input.shape.join(', ')}]`
      + `; options ${JSON.stringify(c.options)}`,
    `  from: ${displayPath(path.join(corpusDir, c.source.file))}:${c.source.line}`,
    ...(c.profile ? [`  expected under --spec ${c.profile.name}: ${c.profile.basis === 'source'
      ? 'derived from PyTorch\'s source, not measured' : 'measured'} (${c.profile.rule}; profiles/${c.profile.name}.jsonl)`] : []),
  ];
  if (replay) lines.push(`  replay: poolcheck golden verify --case ${c.id}${dirOption}${c.profile ? ` --spec ${c.profile.name}` : ''}`);
  return lines.join('\n');
}

/** One line: how many agreed out of how many, and where the corpus came from. */
export function formatGoldenSummary(report: GoldenReport, implName = 'the implementation'): string {
  const { corpus } = report;
  const parts = [
    `${report.agreed} of ${report.checked} golden cases agree with PyTorch for ${implName}`,
    report.failures.length ? `${report.failures.length} disagree` : undefined,
    report.uncovered.length ? `${report.uncovered.length} not covered (outside its capabilities)` : undefined,
  ].filter(Boolean);
  const profile = corpus.spec === DEFAULT_SPEC ? '' : profileProvenance(corpus);
  return `${parts.join('; ')} [corpus ${displayPath(corpus.dir)}: ${corpus.manifest.totalCases} cases, ${describeProvenance(corpus.manifest)}${profile}]`;
}

/** "; --spec pytorch-2: 26 cases with PyTorch 2.6.0's expectation, derived from source". */
function profileProvenance(corpus: GoldenCorpus): string {
  const entry = Object.values(corpus.manifest.profiles).find((p) => p.profile === corpus.spec);
  if (!entry) return '';
  return `; --spec ${corpus.spec}: ${entry.overrides} cases with PyTorch ${entry.pytorch}'s expectation, `
    + (entry.basis === 'source' ? 'derived from its source, not measured' : 'measured');
}
