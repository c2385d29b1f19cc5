/**
 * The mutation score: the default `poolcheck verify` budget must kill every faulty implementation
 * in test/mutants/ (each module there is one realistic bug), and must pass the reference and the
 * mutant port with no fault switched on (so that a kill is the fault's doing, not the harness's).
 *
 * The seed is fresh on every run and printed; POOLCHECK_SEED=<seed> replays a run.
 */
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBuiltIn } from '../src/builtins/index.js';
import type { Implementation } from '../src/implementation.js';
import { implementationFromModule } from '../src/properties/load.js';
import { freshSeed, runSuite, type SuiteResult } from '../src/properties/runner.js';
import { formatFailure } from '../src/properties/report/text.js';
import { mutantFiles } from './mutants/lib/catalogue.js';
import { makePort } from './mutants/lib/port.js';

const seed = process.env.POOLCHECK_SEED ? Number(process.env.POOLCHECK_SEED) : freshSeed();
console.log(`mutation score: seed ${seed} (replay with POOLCHECK_SEED=${seed})`);

const files = mutantFiles();
const killedBy = new Map<string, string[]>();

function failing(suite: SuiteResult): string[] {
  return suite.properties.filter((p) => p.status === 'fail').map((p) => p.id);
}

function internalErrors(suite: SuiteResult): string[] {
  return suite.properties.filter((p) => p.counterexample?.internal).map((p) => formatFailure(p));
}

async function conformanceFailures(impl: Implementation): Promise<string[]> {
  const suite = await runSuite(impl, { seed });
  return suite.properties.filter((p) => p.status === 'fail').map((p) => formatFailure(p));
}

describe(`the default verify budget (seed ${seed})`, () => {
  it('passes the reference', async () => {
    expect(await conformanceFailures(await loadBuiltIn('reference'))).toEqual([]);
  });

  it('passes the mutant port with no fault switched on', async () => {
    expect(await conformanceFailures(makePort({}, 'no-fault'))).toEqual([]);
  });

  it('has exactly the 48 mutants the README counts', () => {
    // Pinned: a mutant added or lost must show here and in the README's score.
    expect(files.length).toBe(48);
  });

  it.each(files.map((file) => [basename(file, '.ts'), file]))('kills %s', async (name, file) => {
    const impl = implementationFromModule(await import(pathToFileURL(file).href), name);
    const suite = await runSuite(impl, { seed });
    expect(internalErrors(suite), `poolcheck itself failed on ${name}`).toEqual([]);
    killedBy.set(name, failing(suite));
    expect(failing(suite), `${name} survived the default verify budget (seed ${seed})`).not.toEqual([]);
  });

  afterAll(() => {
    const killed = [...killedBy.values()].filter((ids) => ids.length > 0).length;
    const lines = [...killedBy].map(([name, ids]) => `  ${ids.length ? 'killed  ' : 'SURVIVED'} ${name}${ids.length ? ` by ${ids.join(', ')}` : ''}`);
    console.log(`mutation score ${killed}/${files.length} (seed ${seed})\n${lines.join('\n')}`);
  });
});
