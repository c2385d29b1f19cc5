import { poolCase } from '../arbitraries.js';
import { describePoolCase, type PoolCase } from '../cases.js';
import { fail } from '../failure.js';
import { planePositionText, positionText, valueText } from '../format.js';
import type { GeneratedProperty } from '../property.js';
import { windowAt } from '../window.js';
import { poolEvidence, runPoolCase } from './pool-run.js';

/** Property 1: a pooled value is a copy of the input element its index names. */
export const valueAtIndex: GeneratedProperty<PoolCase> = {
  kind: 'generated',
  id: 'value-at-index',
  statement: 'Each pooled value is, bit for bit, the input element at its index (same plane), NaN payload and sign of zero included ' +
    '(except for a window wholly in the padding, which reads nothing and gives −inf).',
  ops: 'pool',
  arbitrary: (caps, spec) => poolCase(caps, { dilation: true, spec }),
  story: describePoolCase,
  async check(ctx, c) {
    const run = await runPoolCase(ctx, c);
    const { grid, output, planes } = run;
    for (let plane = 0; plane < planes; plane++) {
      for (let o = 0; o < grid.outputPlaneSize; o++) {
        const at = plane * grid.outputPlaneSize + o;
        const index = output.index[at]!;
        // An index outside the plane (a window wholly in padding) is index-in-window's business.
        if (index < 0 || index >= grid.inputPlaneSize) continue;
        const source = plane * grid.inputPlaneSize + index;
        // A window wholly in padding has PyTorch's placeholder index, which may land inside the
        // plane on an element it never read; index-in-window judges those.
        if (!run.valueBits.equal(at, run.inputBits, source) && windowAt(grid, o).taps.length > 0) {
          fail(
            `values${positionText(run.outputShape, at)} is ${valueText(output.values.data, at)}, but the input element at its ` +
              `index ${planePositionText(grid.geometry.inputSize, index)} is ${valueText(run.call.input.data, source)}`,
            [poolEvidence(run, { tensor: 'values', offset: at })],
          );
        }
      }
    }
  },
};
