/**
 * The poolcheck command line. Exit codes: 0 conforms / ok, 1 a conformance failure or
 * disagreement, 2 a usage error (bad option, bad path, unreadable input).
 */
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../paths.js';
import { PoolcheckError } from '../reference/errors.js';
import { EXIT, UsageError } from './errors.js';
import { register as registerSizes } from './sizes.js';
import { register as registerDemo } from './demo.js';
import { register as registerGolden } from './golden.js';
import { register as registerVerify } from './verify.js';
import { register as registerReplay } from './replay.js';
import { register as registerMatrix, withDefaultCommand } from './matrix.js';
import { register as registerMerge } from './merge.js';

const { version } = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string };

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('poolcheck')
    .description('Reference oracle and conformance suite for max pooling with indices and max unpooling (PyTorch semantics)')
    .version(version)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });
  registerSizes(program);
  registerDemo(program);
  registerGolden(program);
  registerVerify(program);
  registerReplay(program);
  registerMatrix(program);
  registerMerge(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(withDefaultCommand(argv), { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here too, with exit code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof UsageError || error instanceof PoolcheckError) {
      console.error(`poolcheck: ${error.message}`);
      return EXIT.usage;
    }
    console.error(`poolcheck: internal error: ${(error as Error)?.stack ?? String(error)}`);
    return EXIT.usage;
  }
}
