/**
 * Sharded runs (`verify --shard i/n`) and their merge (`poolcheck merge`): the shards of one run
 * check exactly the cases of the whole run between them, and the merged verdict and counts are
 * the unsharded run's.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.js';
import * as reference from '../src/reference/index.js';
import type { Implementation } from '../src/implementation.js';
import { inShard, runSuite } from '../src/properties/runner.js';
import { mergeShardReports } from '../src/properties/report/merge.js';
import { parse as parseYaml } from 'yaml';

const dir = mkdtempSync(path.join(tmpdir(), 'poolcheck-shard-'));
const naivePort = path.resolve('examples/js-port/naive-port.mjs');

/** The reference, recording a fingerprint of every call it gets (op, options and input bytes). */
function recordingReference(calls: string[]): Implementation {
  const fingerprint = (op: string, args: unknown[]): string => JSON.stringify(args, (_key, value) => {
    if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
    return typeof value === 'bigint' ? String(value) : value;
  }) + op;
  const impl: Record<string, unknown> = { name: 'recording reference' };
  for (const op of ['maxPool1d', 'maxPool2d', 'maxPool3d', 'maxUnpool1d', 'maxUnpool2d', 'maxUnpool3d'] as const) {
    impl[op] = (...args: unknown[]) => {
      calls.push(fingerprint(op, args));
      return (reference[op] as (...a: unknown[]) => unknown)(...args);
    };
  }
  return impl as Implementation;
}

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => { lines.push(a.join(' ')); });
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => { lines.push(a.join(' ')); });
  try {
    process.exitCode = undefined;
    const code = await main(args);
    return { code, out: lines.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
    process.exitCode = undefined;
  }
}

describe('shards', () => {
  it('assign the k-th case to exactly one of n shards', () => {
    for (const count of [1, 2, 3, 7]) {
      for (let k = 0; k < 50; k++) {
        const owners = Array.from({ length: count }, (_, index) => inShard({ index, count }, k)).filter(Boolean);
        expect(owners).toHaveLength(1);
      }
    }
  });

  it('between them check exactly the calls of the unsharded run, each once', async () => {
    const whole: string[] = [];
    const options = { seed: 4242, runs: 25, only: ['value-at-index', 'unpool-round-trip', 'output-shape', 'golden-corpus'] };
    const unsharded = await runSuite(recordingReference(whole), options);
    const parts: string[][] = [];
    const counts: number[][] = [];
    for (let index = 0; index < 3; index++) {
      const calls: string[] = [];
      const result = await runSuite(recordingReference(calls), { ...options, shard: { index, count: 3 } });
      expect(result.conforms).toBe(true);
      parts.push(calls);
      counts.push(result.properties.map((p) => p.numRuns));
    }
    expect(unsharded.conforms).toBe(true);
    expect(parts.every((calls) => calls.length > 0)).toBe(true);
    expect([...parts.flat()].sort()).toEqual([...whole].sort());
    // Per property, the shards' case counts add up to the whole run's.
    unsharded.properties.forEach((p, i) => {
      expect(counts.reduce((sum, c) => sum + c[i]!, 0)).toBe(p.numRuns);
    });
  });

  it('merged through the CLI give the unsharded verdict and counts (a conforming run)', async () => {
    const whole = path.join(dir, 'whole.json');
    expect((await cli(['verify', '--impl', 'reference', '--seed', '7', '--runs', '30', '--json', whole])).code).toBe(0);
    const parts = [1, 2, 3].map((i) => path.join(dir, `ref-part-${i}.json`));
    for (const [i, part] of parts.entries()) {
      const run = await cli(['verify', '--impl', 'reference', '--seed', '7', '--runs', '30', '--shard', `${i + 1}/3`, '--json', part]);
      expect(run.out).toContain(`shard ${i + 1}/3`);
      expect(run.code).toBe(0);
    }
    const mergedFile = path.join(dir, 'ref-merged.json');
    const junit = path.join(dir, 'ref-merged.xml');
    const merged = await cli(['merge', ...parts, '--json', mergedFile, '--junit', junit]);
    expect(merged.code).toBe(0);
    expect(merged.out).toMatch(/conforms/);
    const wholeJson = JSON.parse(readFileSync(whole, 'utf8')) as { properties: { id: string; status: string; numRuns: number; skipped?: number }[] };
    const mergedJson = JSON.parse(readFileSync(mergedFile, 'utf8')) as typeof wholeJson & { conforms: boolean };
    expect(mergedJson.conforms).toBe(true);
    expect(mergedJson.properties.map((p) => [p.id, p.status, p.numRuns, p.skipped]))
      .toEqual(wholeJson.properties.map((p) => [p.id, p.status, p.numRuns, p.skipped]));
    expect(readFileSync(junit, 'utf8')).toContain('<property name="shards" value="3"/>');
  });

  it('merged through the CLI fail exactly the properties the unsharded run fails (a buggy port)', async () => {
    const whole = path.join(dir, 'naive-whole.json');
    expect((await cli(['verify', '--impl', naivePort, '--seed', '42', '--json', whole])).code).toBe(1);
    const parts = [1, 2].map((i) => path.join(dir, `naive-part-${i}.json`));
    for (const [i, part] of parts.entries()) {
      await cli(['verify', '--impl', naivePort, '--seed', '42', '--shard', `${i + 1}/2`, '--json', part]);
    }
    const htmlFile = path.join(dir, 'naive-merged.html');
    const merged = await cli(['merge', ...parts, '--html', htmlFile]);
    expect(merged.code).toBe(1);
    const page = readFileSync(htmlFile, 'utf8');
    expect(page).toContain('does NOT conform');
    expect(page).toMatch(/<td class="c-fail"><a class="v v-fail" href="#naive-port--tie-break">FAIL<\/a><\/td>/);
    expect(page).toMatch(/id="naive-port--tie-break"[\s\S]*shard [12]\/2/);
    const statuses = (file: string): string[] => (JSON.parse(readFileSync(file, 'utf8')) as { properties: { id: string; status: string }[] })
      .properties.map((p) => `${p.id}:${p.status}`);
    const report = mergeShardReports(parts.map((file) => ({ file, json: JSON.parse(readFileSync(file, 'utf8')) })));
    expect(report.properties.map((p) => `${p.id}:${p.status}`)).toEqual(statuses(whole));
    expect(merged.out).toMatch(/FAIL tie-break \(shard [12]\/2\)/);
  });

  it('refuse a merge with a shard missing, repeated, or from another run', async () => {
    const parts = [1, 2, 3].map((i) => path.join(dir, `ref-part-${i}.json`));
    const missing = await cli(['merge', parts[0]!, parts[2]!]);
    expect(missing.code).toBe(2);
    expect(missing.out).toMatch(/shard 2\/3 missing/);
    const repeated = await cli(['merge', parts[0]!, parts[0]!, parts[1]!, parts[2]!]);
    expect(repeated.code).toBe(2);
    expect(repeated.out).toMatch(/shard 1\/3 is also in/);
    const other = await cli(['merge', parts[0]!, path.join(dir, 'naive-part-2.json')]);
    expect(other.code).toBe(2);
    expect(other.out).toMatch(/not shards of one run/);
    const unsharded = await cli(['merge', path.join(dir, 'whole.json')]);
    expect(unsharded.code).toBe(2);
    expect(unsharded.out).toMatch(/not a shard report/);
    // A shard stopped by a signal or deadline wrote an incomplete report: not mergeable.
    const stopped = path.join(dir, 'ref-part-2-stopped.json');
    writeFileSync(stopped, JSON.stringify({ ...JSON.parse(readFileSync(parts[1]!, 'utf8')), complete: false, incomplete: 'stopped by SIGTERM' }));
    const incomplete = await cli(['merge', parts[0]!, stopped, parts[2]!]);
    expect(incomplete.code).toBe(2);
    expect(incomplete.out).toMatch(/ref-part-2-stopped\.json: that shard's run did not finish \(stopped by SIGTERM\)/);
  });

  it('fan out in the example CI workflow: one seed, every shard of n in the job matrix, then a merge of all the parts', () => {
    const workflow = parseYaml(readFileSync('examples/ci/poolcheck.yml', 'utf8')) as {
      on: Record<string, unknown>; jobs: Record<string, { needs?: string; strategy?: { matrix: { shard: number[] } }; steps: { run?: string }[] }>;
    };
    expect(Object.keys(workflow.on)).toContain('schedule');
    const deep = workflow.jobs.deep!;
    const shards = deep.strategy!.matrix.shard;
    const verify = deep.steps.find((s) => /poolcheck verify/.test(s.run ?? ''))!.run!;
    const count = Number(/--shard \$\{\{ matrix.shard \}\}\/(\d+)/.exec(verify)![1]);
    expect(shards).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    expect(verify).toMatch(/--seed \S/);
    expect(verify).toMatch(/--json reports\/part-\$\{\{ matrix.shard \}\}\.json/);
    expect(workflow.jobs.merge!.needs).toBe('deep');
    expect(workflow.jobs.merge!.steps.some((s) => /npx poolcheck merge parts\/part-\*\.json/.test(s.run ?? ''))).toBe(true);
  });

  it('are refused where they cannot be one slice of a run', async () => {
    for (const [args, message] of [
      [['--shard', '3/2', '--seed', '1'], /--shard must be i\/n/],
      [['--shard', '0/2', '--seed', '1'], /--shard must be i\/n/],
      [['--shard', '1/2'], /needs the run's --seed/],
      [['--shard', '1/2', '--seed', '1', '--only', 'tie-break', '--path', '1:2'], /leave out --shard/],
    ] as const) {
      const run = await cli(['verify', '--impl', 'reference', ...args]);
      expect(run.code).toBe(2);
      expect(run.out).toMatch(message);
    }
  });
});
