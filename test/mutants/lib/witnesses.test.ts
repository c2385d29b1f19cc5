/**
 * Each mutant is provably live on its own: on its hand-written witness (./witnesses.ts) the
 * mutant answers differently from the reference, while the clean port answers exactly like it,
 * so the difference comes from the mutant's fault and nothing else.
 */
import { describe, expect, it } from 'vitest';
import { loadMutants } from './catalogue.js';
import { firstDifference, referenceImplementation, run } from './outcome.js';
import { makePort } from './port.js';
import { WITNESSES } from './witnesses.js';

const mutants = await loadMutants();

describe('every mutant has a witness on which it differs from the reference', () => {
  it('the catalogue holds exactly 48 mutants', () => {
    expect(mutants.length).toBe(48);
  });

  it('every witness names a mutant in the catalogue', () => {
    const names = new Set(mutants.map((m) => m.name));
    expect(Object.keys(WITNESSES).filter((name) => !names.has(name))).toEqual([]);
  });

  it.each(mutants.map((m) => [m.name, m] as const))('%s', async (name, mutant) => {
    const witness = WITNESSES[name];
    expect(witness, `add a witness for ${name} to test/mutants/lib/witnesses.ts`).toBeDefined();
    const clean = makePort();
    const differences: string[] = [];
    for (const call of witness!) {
      const expected = await run(referenceImplementation, call);
      // A witness the reference refuses must be refused for PyTorch's reasons, not by a crash.
      if (expected.kind === 'error') expect(expected.errorName, `reference on ${call.op}: ${expected.message}`).toBe('PoolcheckError');
      expect(firstDifference(expected, await run(clean, call), true), `clean port on ${call.op}`).toBeUndefined();
      // A mutant that declares PyTorch's messages is held to them.
      const messages = mutant.implementation.capabilities?.errors === 'pytorch';
      const difference = firstDifference(expected, await run(mutant.implementation, call), messages);
      if (difference !== undefined) differences.push(`${call.op}: ${difference}`);
    }
    expect(differences, `${name} answers like the reference on its witness`).not.toEqual([]);
  });
});
