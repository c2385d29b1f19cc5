import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  defaultGoldenDir, formatGoldenFailure, loadGolden, verifyGolden, type GoldenCorpus,
} from '../../golden/index.js';
import type { CorpusProperty } from '../property.js';

const corpora = new Map<string, GoldenCorpus>();

/** The corpus is immutable during a run; load (and checksum) it once per process. */
function corpusAt(dir: string): GoldenCorpus {
  let corpus = corpora.get(dir);
  if (!corpus) corpora.set(dir, (corpus = loadGolden(dir)));
  return corpus;
}

/** Where the corpus is: POOLCHECK_GOLDEN_DIR, else the one shipped with poolcheck. */
export function goldenDir(): string {
  return process.env.POOLCHECK_GOLDEN_DIR ? path.resolve(process.env.POOLCHECK_GOLDEN_DIR) : defaultGoldenDir;
}

/** Property 11: PyTorch's own outputs, for every golden case inside the declaration. */
export const goldenCorpus: CorpusProperty = {
  kind: 'corpus',
  id: 'golden-corpus',
  statement: "The golden corpus (PyTorch 1.13's own outputs and errors) is reproduced for every case within the " +
    "implementation's declared capabilities: values bit for bit (NaN as a class), indices exactly, errors raised.",
  ops: 'any',
  async run(ctx, { only, shard, onCase }) {
    const dir = goldenDir();
    if (!existsSync(path.join(dir, 'manifest.json'))) {
      return { ran: 0, skipped: 0, failures: [], unavailable: `no golden corpus at ${dir} (generate one with \`poolcheck golden update --accept\`)` };
    }
    const corpus = corpusAt(dir);
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
    return {
      ran: report.checked,
      skipped: report.uncovered.length,
      excused,
      failures: unexplained.map((f) => ({
        caseId: f.case.id,
        story: formatGoldenFailure(f, dir).split('\n'),
        error: f.disagreement.summary,
      })),
    };
  },
};
