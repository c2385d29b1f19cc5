import { poolCase } from '../arbitraries.js';
import { describePoolCase, type PoolCase } from '../cases.js';
import { fail } from '../failure.js';
import { planePositionText, positionText, valueText } from '../format.js';
import type { GeneratedProperty } from '../property.js';
import { expectedSelection, windowAt } from '../window.js';
import { inputPlane, poolEvidence, runPoolCase } from './pool-run.js';

/**
 * Property 4: among candidates that are all "a maximum", which one is chosen. Only judged when
 * the implementation picked *some* maximum of the window; picking a non-maximum is property 3's.
 */
export const tieBreak: GeneratedProperty<PoolCase> = {
  kind: 'generated',
  id: 'tie-break',
  statement: 'Among equal maxima the index is the first in scan order (row-major over the window; −0 and +0 are equal); ' +
    'among NaNs it is the last NaN in scan order.',
  ops: 'pool',
  arbitrary: (caps, spec) => poolCase(caps, { dilation: true, spec }),
  story: describePoolCase,
  async check(ctx, c) {
    const run = await runPoolCase(ctx, c);
    const { grid, output, planes } = run;
    const inputSize = grid.geometry.inputSize;
    for (let o = 0; o < grid.outputPlaneSize; o++) {
      const window = windowAt(grid, o);
      if (window.taps.length < 2) continue;
      for (let plane = 0; plane < planes; plane++) {
        const values = inputPlane(run, plane);
        const { tap: expected, hasNaN } = expectedSelection(window, values);
        const at = plane * grid.outputPlaneSize + o;
        const index = output.index[at]!;
        if (index === expected || !window.taps.includes(index)) continue;
        const chosen = values[index]!;
        const best = values[expected!]!;
        const isCandidate = hasNaN ? Number.isNaN(chosen) : chosen === best;
        if (!isCandidate) continue;
        const rule = hasNaN ? 'the last NaN in scan order' : 'the first of the equal maxima in scan order';
        fail(
          `indices${positionText(run.outputShape, at)} is ${planePositionText(inputSize, index)} (${valueText(values, index)}), ` +
            `but ${rule} is ${planePositionText(inputSize, expected!)} (${valueText(values, expected!)})`,
          [poolEvidence(run, { tensor: 'indices', offset: at })],
        );
      }
    }
  },
};
