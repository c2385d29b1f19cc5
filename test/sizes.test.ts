/**
 * The size rules (pool, unpool, conv, transposed conv) and `poolcheck sizes`, the encoder/decoder
 * planner built on them. Every length below is what PyTorch 1.13 gives for the same call
 * (F.max_pool1d(..., return_indices=True), F.max_unpool1d, F.conv1d, F.conv_transpose1d); a
 * negative or zero pool length is the one PyTorch prints in "Calculated output size: (1x1x-1)".
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  convOutputLength, convTransposeOutputLength, poolOutputLength, unpoolDefaultLength, unpoolOutputSizeRange,
} from '../src/index.js';
import { main } from '../src/cli/main.js';
import { parseStep, planSizes, type DownStep, type SizePlan } from '../src/sizes/plan.js';

describe('poolOutputLength', () => {
  // [L, k, s, p, d, ceilMode, PyTorch's length]
  const rows: [number, number, number, number, number, boolean, number][] = [
    [65, 2, 2, 0, 1, false, 32],
    [65, 2, 2, 0, 1, true, 33],
    [5, 2, 2, 1, 1, true, 3], // ceil would give 4; the 4th window starts in the right padding and is dropped
    [5, 2, 2, 1, 1, false, 3],
    [3, 2, 2, 1, 1, true, 2], // dropped likewise
    [5, 2, 2, 0, 1, true, 3],
    [5, 2, 2, 0, 1, false, 2],
    [6, 3, 2, 1, 1, true, 4],
    [6, 3, 2, 1, 1, false, 3],
    [7, 3, 3, 1, 1, true, 3],
    [8, 4, 3, 2, 1, true, 4],
    [9, 3, 2, 1, 2, true, 4],
    [11, 3, 4, 1, 2, true, 3],
    [10, 2, 1, 0, 3, false, 7],
    [2, 2, 1, 1, 3, false, 1],
    [1, 2, 1, 0, 1, false, 0],
    [1, 4, 2, 0, 1, false, -1], // floor division of a negative numerator
  ];
  for (const [L, k, s, p, d, ceilMode, expected] of rows) {
    it(`L=${L} k${k} s${s} p${p} d${d}${ceilMode ? ' ceil' : ''} → ${expected}`, () => {
      expect(poolOutputLength(L, { kernelSize: k, stride: s, padding: p, dilation: d, ceilMode })).toBe(expected);
    });
  }

  it('padding, dilation and ceil mode default to 0, 1 and false', () => {
    expect(poolOutputLength(65, { kernelSize: 2, stride: 2 })).toBe(32);
  });
});

describe('unpoolDefaultLength and unpoolOutputSizeRange', () => {
  // [Lin, k, s, p, default, accepted outputSize values]
  const rows: [number, number, number, number, number, number[]][] = [
    [32, 2, 2, 0, 64, [63, 64, 65]],
    [33, 2, 2, 0, 66, [65, 66, 67]],
    [3, 2, 2, 1, 4, [3, 4, 5]],
    [7, 2, 1, 0, 8, [8]],
    [4, 3, 3, 1, 10, [8, 9, 10, 11, 12]],
  ];
  for (const [L, k, s, p, defaultLength, accepted] of rows) {
    it(`Lin=${L} k${k} s${s} p${p}: default ${defaultLength}, accepts ${accepted[0]}..${accepted[accepted.length - 1]}`, () => {
      const params = { kernelSize: k, stride: s, padding: p };
      expect(unpoolDefaultLength(L, params)).toBe(defaultLength);
      expect(unpoolOutputSizeRange(L, params)).toEqual({
        default: defaultLength,
        min: accepted[0],
        max: accepted[accepted.length - 1],
        exclusiveMin: accepted[0]! - 1,
        exclusiveMax: accepted[accepted.length - 1]! + 1,
      });
    });
  }

  it('can be negative (k1 p1 from 1 gives −1, which PyTorch then fails on)', () => {
    expect(unpoolDefaultLength(1, { kernelSize: 1, stride: 1, padding: 1 })).toBe(-1);
  });
});

describe('convOutputLength and convTransposeOutputLength', () => {
  it('conv: 65 k3 s2 p1 → 33; 66 k3 s2 p1 → 33; 65 k3 p10 → 83; 9 k3 s2 d2 → 3', () => {
    expect(convOutputLength(65, { kernelSize: 3, stride: 2, padding: 1 })).toBe(33);
    expect(convOutputLength(66, { kernelSize: 3, stride: 2, padding: 1 })).toBe(33);
    expect(convOutputLength(65, { kernelSize: 3, padding: 10 })).toBe(83);
    expect(convOutputLength(9, { kernelSize: 3, stride: 2, dilation: 2 })).toBe(3);
  });

  it('transposed conv: 33 k4 s2 p1 → 66; 33 k3 s2 p1 → 65 (66 with output_padding 1); 33 k2 s2 p2 → 62', () => {
    expect(convTransposeOutputLength(33, { kernelSize: 4, stride: 2, padding: 1 })).toBe(66);
    expect(convTransposeOutputLength(33, { kernelSize: 3, stride: 2, padding: 1 })).toBe(65);
    expect(convTransposeOutputLength(33, { kernelSize: 3, stride: 2, padding: 1, outputPadding: 1 })).toBe(66);
    expect(convTransposeOutputLength(33, { kernelSize: 2, stride: 2, padding: 2 })).toBe(62);
  });

  it('transposed conv with dilation: 5 k3 s2 d2 → 13; 5 k3 s1 d2 output_padding 1 → 10', () => {
    expect(convTransposeOutputLength(5, { kernelSize: 3, stride: 2, dilation: 2 })).toBe(13);
    expect(convTransposeOutputLength(5, { kernelSize: 3, stride: 1, dilation: 2, outputPadding: 1 })).toBe(10);
  });
});

describe('planSizes', () => {
  const down = (text: string): DownStep => parseStep(text) as DownStep;

  it('65, pool k2 s2: 32 down; the unpool gives 64 and outputSize [65] restores the skip', () => {
    const plan: SizePlan = planSizes([65], [down('pool:k2,s2')]);
    expect(plan.down.map((s) => [s.input, s.output])).toEqual([[[65], [32]]]);
    expect(plan.up).toHaveLength(1);
    expect(plan.up[0]).toMatchObject({ input: [32], target: [65], natural: [64], exact: false, restorable: true, outputSize: [65] });
  });

  it('65, conv k3 s2 p1 then transposed conv k4 s2 p1: 66 cannot be brought to 65 by output_padding', () => {
    const plan = planSizes([65], [down('conv:k3,s2,p1')], [parseStep('convT:k4,s2,p1') as never]);
    expect(plan.down[0]!.output).toEqual([33]);
    expect(plan.up[0]).toMatchObject({ natural: [66], restorable: false, cropOrPad: [-1] });
  });

  it('66, conv k3 s2 p1 mirrored: 65, and output_padding 1 restores 66', () => {
    const plan = planSizes([66], [down('conv:k3,s2,p1')]);
    expect(plan.up[0]).toMatchObject({ natural: [65], restorable: true, outputPadding: [1] });
  });

  it('two pools on 65×65: 32×32, 16×16; back up, the inner unpool is exact, the outer needs [65, 65]', () => {
    const plan = planSizes([65, 65], [down('pool:k2,s2'), down('pool:k2,s2')]);
    expect(plan.down.map((s) => s.output)).toEqual([[32, 32], [16, 16]]);
    expect(plan.up.map((s) => [s.natural, s.exact, s.outputSize])).toEqual([
      [[32, 32], true, [32, 32]],
      [[64, 64], false, [65, 65]],
    ]);
  });

  it('a dilated pool (10, k2 s1 d3 → 7): the unpool accepts 8 only, so 10 cannot be restored', () => {
    const plan = planSizes([10], [down('pool:k2,s1,d3')]);
    expect(plan.down[0]!.output).toEqual([7]);
    expect(plan.up[0]).toMatchObject({ natural: [8], restorable: false });
    expect(plan.up[0]!.outputSize).toBeUndefined();
  });

  it('a pool whose output is too small stops the plan', () => {
    const plan = planSizes([3], [down('pool:k5')]);
    expect(plan.down[0]).toMatchObject({ output: [0], problem: 'output size 0 is too small' });
    expect(plan.up).toEqual([]);
  });
});

describe('poolcheck sizes', () => {
  let stdout: string[];
  let stderr: string[];

  beforeEach(() => {
    stdout = [];
    stderr = [];
    process.exitCode = undefined;
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => { stdout.push(args.join(' ')); });
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => { stderr.push(args.join(' ')); });
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => { stderr.push(String(chunk)); return true; });
  });

  afterEach(() => {
    vi.restoreAllMocks();
    // The sizes command reports its verdict through process.exitCode; do not leak it to the runner.
    process.exitCode = undefined;
  });

  async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const code = await main(['sizes', ...argv]);
    return { code, out: stdout.join('\n'), err: stderr.join('') };
  }

  it('65 pool:k2,s2 — prints both stages and the outputSize that restores 65, exit 0', async () => {
    const { code, out } = await run('65', 'pool:k2,s2');
    expect(code).toBe(0);
    expect(out).toBe([
      'input 65',
      'down:',
      '  max pool k2 s2           65 → 32',
      'up (back to each skip connection):',
      '  max unpool k2 s2         32 → 64, want 65   ✓ restorable',
      '      default 64 ≠ 65; outputSize 65 restores it (accepted 63..65)',
      '      → pass outputSize [65]',
      '      note: no window reaches past index 63, so the default never fails, but the map is 64 long where the skip connection is 65',
    ].join('\n'));
  });

  it('with no steps, a k2 s2 pool is assumed', async () => {
    const withStep = await run('65', 'pool:k2,s2');
    stdout.length = 0;
    const bare = await run('65');
    expect(bare).toEqual(withStep);
  });

  it('65x65 pool:k2,s2 — outputSize [65, 65], with the note on row-flattened indices', async () => {
    const { code, out } = await run('65x65', 'pool:k2,s2');
    expect(code).toBe(0);
    expect(out).toContain('  max pool k2 s2           65x65 → 32x32');
    expect(out).toContain('  max unpool k2 s2         32x32 → 64x64, want 65x65   ✓ restorable');
    expect(out).toContain('      dim 0: default 64 ≠ 65; outputSize 65 restores it (accepted 63..65)');
    expect(out).toContain('      → pass outputSize [65, 65]');
    expect(out).toContain('indices are flattened with the pool input\'s row length');
  });

  it('65 pool:k2,s2,ceil — 33, default 66, outputSize 65 accepted (65..67)', async () => {
    const { code, out } = await run('65', 'pool:k2,s2,ceil');
    expect(code).toBe(0);
    expect(out).toContain('  max pool k2 s2 ceil      65 → 33');
    expect(out).toContain('default 66 ≠ 65; outputSize 65 restores it (accepted 65..67)');
  });

  it('65 conv:k3,s2,p1 --up convT:k4,s2,p1 — 66 needs a crop of 1, exit 1', async () => {
    const { code, out } = await run('65', 'conv:k3,s2,p1', '--up', 'convT:k4,s2,p1');
    expect(code).toBe(1);
    expect(out).toBe([
      'input 65',
      'down:',
      '  conv k3 s2 p1            65 → 33',
      'up (back to each skip connection):',
      '  conv transpose k4 s2 p1  33 → 66, want 65   ✗ cannot be restored by this step alone',
      '      gives 66, 1 more than 65; no output_padding can: crop 1',
    ].join('\n'));
  });

  it('65 conv:k3,s2,p1 mirrored — the transposed conv gives 65 exactly, exit 0', async () => {
    const { code, out } = await run('65', 'conv:k3,s2,p1');
    expect(code).toBe(0);
    expect(out).toContain('  conv transpose k3 s2 p1  33 → 65, want 65   ✓ exact');
  });

  it('66 conv:k3,s2,p1 — output_padding 1 restores 66', async () => {
    const { code, out } = await run('66', 'conv:k3,s2,p1');
    expect(code).toBe(0);
    expect(out).toContain('gives 65; output_padding 1 restores 66 (accepted 0..1)');
    expect(out).toContain('→ pass output_padding [1]');
  });

  it('65x64 conv:k3,s2,p1 — output_padding [0, 1]', async () => {
    const { code, out } = await run('65x64', 'conv:k3,s2,p1');
    expect(code).toBe(0);
    expect(out).toContain('33x32 → 65x63, want 65x64');
    expect(out).toContain('→ pass output_padding [0, 1]');
  });

  it('65 conv:k3,s2,p1 --up convT:k2,s2,p2 — 62 is 3 short, more than output_padding allows, exit 1', async () => {
    const { code, out } = await run('65', 'conv:k3,s2,p1', '--up', 'convT:k2,s2,p2');
    expect(code).toBe(1);
    expect(out).toContain('gives 62, 3 less than 65; no output_padding can (at most 1): pad 3');
  });

  it('10 pool:k2,s1,d3 — no outputSize can restore 10 (only 8 is accepted), exit 1', async () => {
    const { code, out } = await run('10', 'pool:k2,s1,d3');
    expect(code).toBe(1);
    expect(out).toContain('  max unpool k2 s1         7 → 8, want 10   ✗ cannot be restored by this step alone');
    expect(out).toContain('default 8 ≠ 10; no outputSize can (accepted 8..8)');
  });

  it('3 pool:k5 — the output is too small, exit 1', async () => {
    const { code, out } = await run('3', 'pool:k5');
    expect(code).toBe(1);
    expect(out).toContain('  max pool k5 s5           3 → 0   ✗ output size 0 is too small');
  });

  it('8 pool:k2,p2 — a pool PyTorch refuses (padding above half the kernel), exit 1', async () => {
    const { code, out } = await run('8', 'pool:k2,p2');
    expect(code).toBe(1);
    expect(out).toContain('✗ padding 2 is more than half the kernel 2: PyTorch refuses this pool');
  });

  it('--json prints the plan as JSON', async () => {
    const { code, out } = await run('65', 'pool:k2,s2', '--json');
    expect(code).toBe(0);
    const plan = JSON.parse(out) as SizePlan;
    expect(plan.input).toEqual([65]);
    expect(plan.down[0]!.output).toEqual([32]);
    expect(plan.up[0]).toMatchObject({ natural: [64], target: [65], outputSize: [65], restorable: true });
  });

  const usageErrors: [string[], string][] = [
    [['abc'], 'poolcheck: cannot read input size "abc": expected a length like 65, or HxW like 65x65 (or DxHxW)'],
    [['0'], 'poolcheck: cannot read input size "0": expected a length like 65, or HxW like 65x65 (or DxHxW)'],
    [['65x65x65x65'], 'poolcheck: cannot read input size "65x65x65x65": expected a length like 65, or HxW like 65x65 (or DxHxW)'],
    [['65', 'foo:k2'], 'poolcheck: cannot read step "foo:k2": expected e.g. pool:k2,s2 or conv:k3,s2,p1 (up: unpool:k2,s2 or convT:k4,s2,p1)'],
    [['65', 'pool:s2'], 'poolcheck: step "pool:s2" needs a kernel size k<int> of at least 1'],
    [['65', 'pool:k2,x3'], 'poolcheck: cannot read "x3" in step "pool:k2,x3": expected k<int>, s<int>, p<int>, d<int> or ceil'],
    [['65', 'pool:k2,s0'], 'poolcheck: step "pool:k2,s0": stride must be at least 1'],
    [['65', 'unpool:k2'], 'poolcheck: "unpool" is a way-up step: give it with --up'],
    [['65', 'pool:k2', '--up', 'pool:k2'], 'poolcheck: "pool" is a way-down step: give it before --up'],
    [['65', 'pool:k2', '--up', 'unpool:k2', 'unpool:k2'], 'poolcheck: --up has 2 steps but there are only 1 down steps'],
    [['65', 'unpool:k2,ceil'], 'poolcheck: step "unpool:k2,ceil": ceil applies to pool steps only'],
  ];
  for (const [argv, message] of usageErrors) {
    it(`usage error, exit 2: sizes ${argv.join(' ')}`, async () => {
      const { code, out, err } = await run(...argv);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err.trim()).toBe(message);
    });
  }

  it('an unknown option is a usage error (exit 2), reported by commander in one line', async () => {
    const { code, err } = await run('65', '--bogus');
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toContain('--bogus');
  });
});
