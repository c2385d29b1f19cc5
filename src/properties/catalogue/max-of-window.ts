import { poolCase } from '../arbitraries.js';
import { describePoolCase, type PoolCase } from '../cases.js';
import { fail } from '../failure.js';
import { listText, positionText, valueText } from '../format.js';
import type { GeneratedProperty } from '../property.js';
import { windowAt } from '../window.js';
import { inputPlane, poolEvidence, runPoolCase } from './pool-run.js';

/** Property 3: the value is its window's maximum; a NaN anywhere in the window wins. */
export const maxOfWindow: GeneratedProperty<PoolCase> = {
  kind: 'generated',
  id: 'max-of-window',
  statement: "Each pooled value is the maximum of its window under PyTorch's NaN rule: NaN if the window holds a NaN, " +
    'otherwise the largest value (−0 and +0 equal; −inf for a window with no element).',
  ops: 'pool',
  arbitrary: (caps, spec) => poolCase(caps, { dilation: true, spec }),
  story: describePoolCase,
  async check(ctx, c) {
    const run = await runPoolCase(ctx, c);
    const { grid, output, planes } = run;
    for (let o = 0; o < grid.outputPlaneSize; o++) {
      const window = windowAt(grid, o);
      for (let plane = 0; plane < planes; plane++) {
        const values = inputPlane(run, plane);
        let max = -Infinity;
        let hasNaN = false;
        for (const t of window.taps) {
          const v = values[t]!;
          if (Number.isNaN(v)) hasNaN = true;
          else if (v > max) max = v;
        }
        const at = plane * grid.outputPlaneSize + o;
        const got = output.values.data[at]!;
        const ok = hasNaN ? Number.isNaN(got) : got === max;
        if (!ok) {
          fail(
            `values${positionText(run.outputShape, at)} is ${valueText(output.values.data, at)}, but its window's maximum is ` +
              `${hasNaN ? 'NaN (the window holds a NaN)' : valueText(new Float64Array([max]), 0)}`,
            [poolEvidence(run, { tensor: 'values', offset: at })],
            [`its window holds ${window.taps.length === 0 ? 'nothing (all padding)' : listText(window.taps.map((t) => valueText(values, t)))}`],
          );
        }
      }
    }
  },
};
