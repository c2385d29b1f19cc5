/**
 * The reference against every golden case: PyTorch's values bit for bit (NaN payloads included),
 * its indices exactly, and its error messages. One test per category, so a failure names it.
 */
import { describe, expect, it } from 'vitest';
import { describeProvenance, formatGoldenFailure, verifyGolden } from '../src/golden/index.js';
import { referenceImplementation } from '../src/golden/reference.js';
import { shippedCorpus } from './golden-fixtures.js';

const corpus = shippedCorpus();
const categories = Object.keys(corpus.manifest.categories).sort();

describe(`reference vs PyTorch golden outputs (${corpus.cases.length} cases; ${describeProvenance(corpus.manifest)})`, () => {
  it.each(categories)('%s', async (category) => {
    const report = await verifyGolden(referenceImplementation, {
      corpus, filter: (c) => c.category === category, errors: 'pytorch', nan: 'exact',
    });
    expect(report.uncovered.map((u) => `${u.case.id}: ${u.reason}`)).toEqual([]);
    expect(report.checked).toBe(corpus.manifest.categories[category]);
    expect(report.failures.map((f) => formatGoldenFailure(f, corpus.dir))).toEqual([]);
    expect(report.agreed).toBe(report.checked);
  });
});
