/**
 * How to replay a failure. fast-check replays a counterexample from the seed of the run and the
 * path to the shrunk case; the corpus property replays one case by id; a failure that needs
 * earlier calls is replayed from its record in a JSON report by `poolcheck replay`.
 */
import type { Counterexample, PropertyResult } from './runner.js';
import type { ReplayHint } from './report/text.js';

/** Quotes an argument for a POSIX shell when it needs it. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export interface VerifyReplayOptions {
  /** Arguments that shaped the run and must be repeated (e.g. `--deviations none`). */
  extraArgs?: readonly string[];
  /** The option that names the implementation: `--impl` (default) or `--cmd`. */
  implOption?: '--impl' | '--cmd';
  /**
   * The JSON report that will hold the counterexamples: what `poolcheck replay` reads for a
   * failure that needs earlier calls. Without it such a failure has no replay command.
   */
  reportFile?: string;
}

/**
 * The command that reproduces a failure against the same implementation: `poolcheck verify
 * --only <id> --seed <s> --path <p>` for a generated case, `--case <id>` for a golden case, and
 * `poolcheck replay <report> --only <id>` for a failure that needs earlier calls.
 */
export function verifyReplay(implSpec: string, options: VerifyReplayOptions | readonly string[] = {}): ReplayHint {
  const o: VerifyReplayOptions = Array.isArray(options) ? { extraArgs: options as readonly string[] } : options as VerifyReplayOptions;
  return {
    replay(result: PropertyResult, counterexample?: Counterexample): string | undefined {
      const c = counterexample ?? result.counterexample;
      const r = c?.reproduction;
      if (r?.alone === false) {
        if (!r.earlierCalls || o.reportFile === undefined) return undefined;
        return ['poolcheck', 'replay', shellQuote(o.reportFile), '--only', result.id,
          ...(c?.caseId !== undefined ? ['--case', shellQuote(c.caseId)] : [])].join(' ');
      }
      const base = ['poolcheck', 'verify', o.implOption ?? '--impl', shellQuote(implSpec), ...(o.extraArgs ?? []).map(shellQuote), '--only', result.id];
      if (c?.caseId !== undefined) return [...base, '--case', shellQuote(c.caseId)].join(' ');
      if (result.path === undefined) return undefined;
      return [...base, '--seed', String(result.seed), '--path', shellQuote(result.path)].join(' ');
    },
  };
}
