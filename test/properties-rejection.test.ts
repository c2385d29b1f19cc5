/**
 * What counts as rejecting an invalid case. A throw is the implementation's answer, whatever it
 * throws; a ProtocolError (the child process died, hung or broke the protocol) is no answer, so
 * it is a failure rather than a rejection, in rejects-invalid and in the golden corpus alike. And
 * the invalid cases drawn include, often enough to catch it in every run, the padding that only
 * a port following a newer PyTorch accepts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolError, ReportedError } from '../src/adapters/protocol/index.js';
import { judgeGoldenCase } from '../src/golden/index.js';
import { FULL_CAPABILITIES, type Capabilities, type Implementation } from '../src/implementation.js';
import * as reference from '../src/reference/index.js';
import { invalidPoolCall, rejectsInvalid, type InvalidCase } from '../src/properties/catalogue/rejects-invalid.js';
import { findProperty, runProperty } from '../src/properties/runner.js';
import { POOL_OPS, UNPOOL_OPS } from '../src/types.js';
import { shippedCorpus } from './golden-fixtures.js';
import { makePort } from './mutants/lib/port.js';

/** The reference, except that whatever it rejects ends in `thrown()` instead of its own error. */
function rejectingWith(name: string, thrown: () => unknown, errors: Capabilities['errors'] = 'throws'): Implementation {
  const impl: Implementation = { name, capabilities: { errors } };
  for (const op of [...POOL_OPS, ...UNPOOL_OPS]) {
    const run = reference[op] as (...args: unknown[]) => unknown;
    (impl as Record<string, unknown>)[op] = (...args: unknown[]) => {
      try {
        return run(...args);
      } catch (error) {
        if (error instanceof reference.PoolcheckError) throw thrown();
        throw error;
      }
    };
  }
  return impl;
}

const crash = () => new ProtocolError('python3 pool_server.py: exited with code 139 (SIGSEGV) while answering request 7');

async function rejectsInvalidOn(impl: Implementation, seed = 8) {
  return runProperty(impl, findProperty('rejects-invalid')!, { seed, runs: 40 });
}

describe('rejects-invalid: a crash is not a rejection', () => {
  it('a ProtocolError where PyTorch raises fails the property, saying the implementation crashed', async () => {
    const result = await rejectsInvalidOn(rejectingWith('crashes on invalid input', crash));
    expect(result.status).toBe('fail');
    expect(result.counterexample!.summary).toMatch(
      /^max(Un)?[pP]ool[123]d crashed instead of rejecting an invalid case \(.+\): ProtocolError: python3 pool_server\.py: exited with code 139/);
    expect(result.counterexample!.evidence!.details).toEqual([expect.stringMatching(/^PyTorch raises: .+/)]);
  });

  it('is recognised by name, so an error from another copy of the protocol client counts too', async () => {
    const foreign = () => Object.assign(new Error('child hung'), { name: 'ProtocolError' });
    expect((await rejectsInvalidOn(rejectingWith('foreign crash', foreign))).status).toBe('fail');
  });

  it("a ReportedError (the implementation's own error, sent as data) is a rejection", async () => {
    const reported = () => new ReportedError('pad should be at most half of kernel size', 'RuntimeError');
    expect((await rejectsInvalidOn(rejectingWith('reports errors', reported))).status).toBe('pass');
  });

  it("under errors: 'throws' a thrown non-Error (a string, undefined) is still a rejection; under 'pytorch' it lacks the message", async () => {
    for (const thrown of [() => 'invalid arguments', () => undefined]) {
      expect((await rejectsInvalidOn(rejectingWith('throws a non-Error', thrown))).status).toBe('pass');
      const worded = await rejectsInvalidOn(rejectingWith('throws a non-Error', thrown, 'pytorch'));
      expect(worded.status).toBe('fail');
      expect(worded.counterexample!.summary).toMatch(/rejected the invalid case .*, but not with PyTorch's message/);
    }
  });

  it('a crash on a valid case is reported as a crash, not as a throw', async () => {
    const crashing: Implementation = { name: 'always crashes', maxPool1d: () => { throw crash(); } };
    const result = await runProperty(crashing, findProperty('value-at-index')!, { seed: 1, runs: 5 });
    expect(result.counterexample!.summary).toMatch(/^maxPool1d crashed on a valid case: ProtocolError: /);
  });

  it('the golden corpus holds an expected error crashed on as a disagreement, even under errors: "throws"', () => {
    const c = shippedCorpus().cases.find((g) => g.expected.kind === 'error')!;
    const judge = { errors: 'throws', nan: 'any' } as const;
    expect(judgeGoldenCase(c, { kind: 'threw', error: new Error('bad arguments') }, judge)).toBeUndefined();
    expect(judgeGoldenCase(c, { kind: 'threw', error: 'bad arguments' }, judge)).toBeUndefined();
    expect(judgeGoldenCase(c, { kind: 'threw', error: crash() }, judge)?.summary)
      .toMatch(/^PyTorch raised \w+Error: ".+", but it crashed instead of rejecting: "python3 pool_server\.py: exited with code 139/);
  });
});

describe('rejects-invalid: padding over kernel//2 but within half the dilated window', () => {
  const newerLimit = makePort({ padLimitOnEffectiveKernel: true }, 'pad-limit-on-effective-kernel');
  const accepted = (ic: InvalidCase): boolean => {
    if (ic.kind !== 'pool') return false;
    const call = invalidPoolCall(ic);
    try {
      newerLimit[call.op]!(call.input, call.options);
      return true;
    } catch {
      return false;
    }
  };

  it('is drawn in at least one case in eight, each one a case the newer limit accepts', () => {
    const cases = fc.sample(rejectsInvalid.arbitrary(FULL_CAPABILITIES) as fc.Arbitrary<InvalidCase>, { numRuns: 600, seed: 11 });
    const drawn = cases.filter((ic) => ic.fault === 'padding over half the kernel, within half the dilated window');
    expect(drawn.length).toBeGreaterThan(600 / 8);
    // Every such case is one PyTorch 1.13 refuses and the newer limit lets through: nothing else to refuse.
    for (const ic of drawn) {
      expect(accepted(ic), JSON.stringify(invalidPoolCall(ic as Extract<InvalidCase, { kind: 'pool' }>).options)).toBe(true);
    }
    expect(cases.filter(accepted).length).toBeGreaterThan(600 / 8);
  });

  it('kills the port with the newer limit in every one of 20 seeds, with a quarter of the default budget', async () => {
    const survived: number[] = [];
    for (let seed = 1; seed <= 20; seed++) {
      const result = await runProperty(newerLimit, findProperty('rejects-invalid')!, { seed: seed * 7919, runs: 25 });
      if (result.status !== 'fail') survived.push(seed * 7919);
    }
    expect(survived, 'seeds in which the port survived').toEqual([]);
  });

  it('is not drawn for an implementation without dilation', () => {
    const caps: Capabilities = { ...FULL_CAPABILITIES, dilation: false };
    const cases = fc.sample(rejectsInvalid.arbitrary(caps) as fc.Arbitrary<InvalidCase>, { numRuns: 300, seed: 3 });
    expect(cases.some((ic) => ic.fault.includes('dilat'))).toBe(false);
  });
});
