import type { Command } from 'commander';
import { maxPool2d, maxUnpool2d, maxPool1d, maxUnpool1d } from '../reference/index.js';
import { formatPlan, planSizes } from '../sizes/plan.js';
import type { Tensor } from '../types.js';

function grid(shape: number[], data: ArrayLike<number | bigint>): string {
  const width = shape[shape.length - 1]!;
  const rows: string[] = [];
  for (let start = 0; start < data.length; start += width) {
    rows.push(Array.from({ length: width }, (_, i) => String(data[start + i]).padStart(3)).join(' '));
  }
  return rows.map((r) => `    ${r}`).join('\n');
}

/** The classic 4×4 example and the odd-size story, computed by the reference as it prints. */
function demoText(): string {
  const x: Tensor = { shape: [1, 1, 4, 4], data: Float32Array.from({ length: 16 }, (_, i) => i + 1) };
  const { values, indices } = maxPool2d(x, { kernelSize: 2, stride: 2 });
  const unpooled = maxUnpool2d(values, indices, { kernelSize: 2, stride: 2 });
  const lines = [
    'max_pool2d(x, kernel 2, stride 2, return_indices=True) on x = 1..16 (4×4):',
    '  values:', grid(values.shape, values.data),
    '  indices (flat, per plane):', grid(indices.shape, indices.data),
    '  max_unpool2d(values, indices, kernel 2, stride 2):', grid(unpooled.shape, unpooled.data),
    '',
  ];
  const odd: Tensor = { shape: [1, 1, 65], data: Float32Array.from({ length: 65 }, (_, i) => Math.sin(i * 1.7)) };
  const pooled = maxPool1d(odd, { kernelSize: 2, stride: 2 });
  const byDefault = maxUnpool1d(pooled.values, pooled.indices, { kernelSize: 2, stride: 2 });
  const restored = maxUnpool1d(pooled.values, pooled.indices, { kernelSize: 2, stride: 2, outputSize: [65] });
  lines.push(
    `Odd sizes: 65 pooled (k2 s2) → ${pooled.values.shape[2]}; default unpool → ${byDefault.shape[2]}; outputSize [65] → ${restored.shape[2]}`,
    '',
    formatPlan(planSizes([65], [{ kind: 'pool', kernelSize: 2, stride: 2, padding: 0, dilation: 1, ceilMode: false }])),
  );
  return lines.join('\n');
}

export function register(program: Command): void {
  program
    .command('demo')
    .description('the classic 4×4 example and the 65 story, computed by the reference')
    .action(() => { console.log(demoText()); });
}
