import { poolCase } from '../arbitraries.js';
import { describePoolCase, type PoolCase } from '../cases.js';
import { fail } from '../failure.js';
import { listText, planePositionText, positionText, valueText } from '../format.js';
import type { GeneratedProperty } from '../property.js';
import { paddingOnlyIndex, unflatten, windowAt } from '../window.js';
import { poolEvidence, runPoolCase } from './pool-run.js';

/** Property 2: every index names one of its window's taps (or PyTorch's padding-only rule). */
export const indexInWindow: GeneratedProperty<PoolCase> = {
  kind: 'generated',
  id: 'index-in-window',
  statement: 'Each index is the in-plane offset of an input element inside its window (start o·s−p, every d-th element, ' +
    'padding never read); a window lying wholly in the padding gives −inf and the offset of its first taps, as PyTorch does.',
  ops: 'pool',
  arbitrary: (caps, spec) => poolCase(caps, { dilation: true, spec }),
  story: describePoolCase,
  async check(ctx, c) {
    const run = await runPoolCase(ctx, c);
    const { grid, output, planes } = run;
    const inputSize = grid.geometry.inputSize;
    for (let o = 0; o < grid.outputPlaneSize; o++) {
      const window = windowAt(grid, o);
      const taps = new Set(window.taps);
      for (let plane = 0; plane < planes; plane++) {
        const at = plane * grid.outputPlaneSize + o;
        const index = output.index[at]!;
        const where = (): string => `indices${positionText(run.outputShape, at)}`;
        if (window.taps.length === 0) {
          const expected = paddingOnlyIndex(grid, window);
          if (index !== expected) {
            fail(`${where()} is ${index}, but its window lies wholly in the padding, where PyTorch gives index ${expected}`,
              [poolEvidence(run, { tensor: 'indices', offset: at })]);
          }
          if (output.values.data[at] !== -Infinity) {
            fail(`values${positionText(run.outputShape, at)} is ${valueText(output.values.data, at)}, but its window lies ` +
              'wholly in the padding, where PyTorch gives -inf', [poolEvidence(run, { tensor: 'values', offset: at })]);
          }
        } else if (!taps.has(index)) {
          fail(
            `${where()} is ${planePositionText(inputSize, index)}, which is not in its window`,
            [poolEvidence(run, { tensor: 'indices', offset: at })],
            [`window of output ${positionText(grid.outputSize, o)} covers ${listText(window.taps.map((t) =>
              inputSize.length === 1 ? String(t) : `(${unflatten(t, inputSize).join(', ')})`))}`],
          );
        }
      }
    }
  },
};
