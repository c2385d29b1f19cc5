/**
 * The README's examples stay true: the example port fails exactly where the README says, and the
 * API example prints what the README shows.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.js';

const root = path.resolve(import.meta.dirname, '..');

describe('examples/js-port/naive-port.mjs (the README\'s verify example)', () => {
  let lines: string[];
  beforeEach(() => {
    lines = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => { lines.push(args.join(' ')); });
    vi.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => { vi.restoreAllMocks(); });

  it('fails tie-break with the shrunk two-element case and passes output-shape, exit 1', async () => {
    const code = await main(['verify', '--impl', path.join(root, 'examples/js-port/naive-port.mjs'), '--seed', '42',
      '--only', 'tie-break,output-shape']);
    const out = lines.join('\n');
    expect(code).toBe(1);
    expect(out).toMatch(/^FAIL {8}tie-break/m);
    expect(out).toMatch(/^PASS {8}output-shape/m);
    expect(out).toContain('indices[0, 0, 0, 0] is 1 = (0, 1) (2), but the first of the equal maxima in scan order is 0 = (0, 0) (2)');
    expect(out).toMatch(/replay: poolcheck verify --impl \S*naive-port\.mjs --only tie-break --seed 42 --path [\d:]+/);
  });
});

describe('examples/api.mjs (the README\'s API example)', () => {
  const built = existsSync(path.join(root, 'dist', 'index.js'));
  it.skipIf(!built)(`prints the README's values${built ? '' : ' — skipped: dist/ is not built (npm test builds it first)'}`, () => {
    const out = execFileSync(process.execPath, [path.join(root, 'examples', 'api.mjs')], { encoding: 'utf8' });
    expect(out).toContain('Float32Array(4) [ 6, 8, 14, 16 ] BigInt64Array(4) [ 5n, 7n, 13n, 15n ]');
    expect(out).toContain("[ 1, 1, 32 ] { default: 64, min: 63, max: 65, exclusiveMin: 62, exclusiveMax: 66 }");
    expect(out).toContain('[ 1, 1, 65 ]');
    expect(out).toContain('ValueError: invalid output_size "[66]" (dim 0 must be between 62 and 66)');
  });
});
