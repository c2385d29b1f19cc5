/**
 * Cleanup when poolcheck itself stops without disposing: on a normal exit and on SIGTERM,
 * every child process group it still owns is killed. This needs a separate Node process
 * running the protocol client, so the client's sources are transpiled to plain JS first.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../src/paths.js';
import { canListProcesses, eventuallyEmpty, survivors } from './protocolProcesses.js';

const STUBBORN = path.join(packageRoot, 'test', 'fixtures', 'broken-children', 'stubborn.mjs');

/** Transpiles src/adapters/protocol and what it imports into a directory inside the repo. */
function buildClient(): string {
  mkdirSync(path.join(packageRoot, 'tmp'), { recursive: true });
  const out = mkdtempSync(path.join(packageRoot, 'tmp', 'protocol-exit-'));
  const sources = [
    'src/types.ts', 'src/implementation.ts', 'src/tensorBytes.ts',
    ...readdirSync(path.join(packageRoot, 'src/adapters/protocol')).map((f) => `src/adapters/protocol/${f}`),
  ].filter((f) => f.endsWith('.ts'));
  for (const source of sources) {
    const js = ts.transpileModule(readFileSync(path.join(packageRoot, source), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    const target = path.join(out, source.replace(/\.ts$/, '.js'));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, js);
  }
  return out;
}

const built = canListProcesses ? buildClient() : '';
afterAll(() => { if (built) rmSync(built, { recursive: true, force: true }); });

/** A parent that starts the stubborn child, prints its pid, then ends as `how` says. */
function parentScript(how: 'exit' | 'wait'): string {
  const file = path.join(built, `parent-${how}.mjs`);
  writeFileSync(file, `
    import { createProtocolImplementation } from './src/adapters/protocol/index.js';
    const impl = await createProtocolImplementation([process.execPath, ${JSON.stringify(STUBBORN)}]);
    await impl.maxPool1d({ shape: [1, 1, 2], data: new Float32Array(2) }, { kernelSize: 2 });
    console.log(impl.client.startedPids[0]);
    ${how === 'exit' ? 'process.exit(0);' : 'setInterval(() => {}, 1000);'}
  `);
  return file;
}

describe.skipIf(!canListProcesses)(`children are killed when poolcheck exits without dispose${canListProcesses ? '' : ' (skipped: needs /proc)'}`, () => {
  it('on process.exit()', async () => {
    const result = await execa(process.execPath, [parentScript('exit')], { timeout: 30_000 });
    const child = Number(result.stdout.trim());
    expect(child).toBeGreaterThan(0);
    expect(await eventuallyEmpty(() => survivors([child]))).toEqual([]);
  });

  it('on SIGTERM', async () => {
    const parent = execa(process.execPath, [parentScript('wait')], { timeout: 30_000, reject: false });
    const child = await new Promise<number>((resolve) => {
      parent.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    });
    expect(child).toBeGreaterThan(0);
    expect(survivors([child])).not.toEqual([]);
    parent.kill('SIGTERM');
    const result = await parent;
    // The signal still ends the parent as SIGTERM would.
    expect(result.signal).toBe('SIGTERM');
    expect(await eventuallyEmpty(() => survivors([child]))).toEqual([]);
  });
});
