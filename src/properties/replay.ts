/**
 * How to replay a failure. fast-check replays a counterexample from the seed of the run and the
 * path to the shrunk case; the corpus property replays one case by id.
 */
import type { PropertyResult } from './runner.js';
import type { ReplayHint } from './report/text.js';

/** Quotes an argument for a POSIX shell when it needs it. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** `poolcheck verify --impl <spec> --only <id> --seed <s> --path <p>` for a failed property. */
export function verifyReplay(implSpec: string, extraArgs: readonly string[] = []): ReplayHint {
  return {
    replay(result: PropertyResult): string | undefined {
      const base = ['poolcheck', 'verify', '--impl', shellQuote(implSpec), ...extraArgs.map(shellQuote), '--only', result.id];
      if (result.counterexample?.caseId !== undefined) return [...base, '--case', shellQuote(result.counterexample.caseId)].join(' ');
      if (result.path === undefined) return undefined;
      return [...base, '--seed', String(result.seed), '--path', shellQuote(result.path)].join(' ');
    },
  };
}
