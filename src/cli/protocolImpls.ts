/**
 * `--cmd "<program and args>"`: any program that speaks the poolcheck/1 protocol. (The built-in
 * protocol programs, `torch` and `scratch-python`, are in src/builtins/registry.ts.) Every failure
 * to start becomes a UsageError, printed as one line (plus the child's stderr tail when it has
 * one), never a stack trace.
 */
import { createProtocolImplementation, parseCommand } from '../adapters/protocol/index.js';
import type { Implementation } from '../implementation.js';
import { verifyReplay, type VerifyReplayOptions } from '../properties/replay.js';
import type { ReplayHint } from '../properties/report/text.js';
import { UsageError } from './errors.js';
import { startFailure, type ResolvedImplementation } from './impls.js';

/** `--cmd "<program and args>"`: split without a shell, started, handshake awaited. */
export async function resolveCommandImplementation(command: string): Promise<ResolvedImplementation> {
  let argv: string[];
  try {
    argv = parseCommand(command);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const start = async (): Promise<Implementation> => {
    try {
      return await createProtocolImplementation(argv);
    } catch (error) {
      throw startFailure(error, undefined);
    }
  };
  const impl = await start();
  return { impl, spec: command, name: impl.name ?? argv[0]!, fresh: start };
}

/** The replay command for a --cmd run: the same as for --impl, with --cmd in its place. */
export function commandReplay(command: string, options: Omit<VerifyReplayOptions, 'implOption'> = {}): ReplayHint {
  return verifyReplay(command, { ...options, implOption: '--cmd' });
}
