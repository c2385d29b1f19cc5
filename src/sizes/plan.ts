/**
 * The encoder/decoder alignment question: given an input size and a stack of down-sampling
 * steps, what size does each stage have, and what makes the way back up land exactly on each
 * skip connection (an unpool outputSize, a transposed-conv output_padding, a crop), or why
 * nothing does. Built only on the size rules of the reference.
 */
import {
  convOutputLength, convTransposeOutputLength, poolOutputLength, unpoolDefaultLength, unpoolOutputSizeRange,
} from '../reference/sizes.js';

export interface DownStep {
  kind: 'pool' | 'conv';
  kernelSize: number;
  stride: number;
  padding: number;
  dilation: number;
  ceilMode: boolean;
}

export interface UpStep {
  kind: 'unpool' | 'convT';
  kernelSize: number;
  stride: number;
  padding: number;
  dilation: number;
}

/** Parses `pool:k2,s2,p0,d1,ceil` / `conv:k3,s2,p1` / `unpool:k2,s2` / `convT:k4,s2,p1`. */
export function parseStep(text: string): DownStep | UpStep {
  const match = /^(pool|conv|unpool|convT|convt):(.*)$/.exec(text.trim());
  if (!match) throw new Error(`cannot read step "${text}": expected e.g. pool:k2,s2 or conv:k3,s2,p1 (up: unpool:k2,s2 or convT:k4,s2,p1)`);
  const kind = match[1] === 'convt' ? 'convT' : match[1] as DownStep['kind'] | UpStep['kind'];
  const fields: Record<string, number> = {};
  let ceilMode = false;
  for (const part of match[2]!.split(',').map((p) => p.trim()).filter(Boolean)) {
    if (part === 'ceil') { ceilMode = true; continue; }
    const field = /^([ksdp])(\d+)$/.exec(part);
    if (!field) throw new Error(`cannot read "${part}" in step "${text}": expected k<int>, s<int>, p<int>, d<int> or ceil`);
    fields[field[1]!] = Number(field[2]);
  }
  if (fields.k === undefined || fields.k < 1) throw new Error(`step "${text}" needs a kernel size k<int> of at least 1`);
  const kernelSize = fields.k;
  const stride = fields.s ?? (kind === 'pool' || kind === 'unpool' ? kernelSize : 1);
  if (stride < 1) throw new Error(`step "${text}": stride must be at least 1`);
  const dilation = fields.d ?? 1;
  if (dilation < 1) throw new Error(`step "${text}": dilation must be at least 1`);
  const padding = fields.p ?? 0;
  if ((kind === 'unpool' || kind === 'convT') && ceilMode) throw new Error(`step "${text}": ceil applies to pool steps only`);
  if (kind === 'unpool' || kind === 'convT') return { kind, kernelSize, stride, padding, dilation };
  return { kind, kernelSize, stride, padding, dilation, ceilMode };
}

export function isDownStep(step: DownStep | UpStep): step is DownStep {
  return step.kind === 'pool' || step.kind === 'conv';
}

/** The step in words: `max pool k2 s2`, `conv transpose k4 s2 p1`. */
export function describeStep(step: DownStep | UpStep): string {
  const name = { pool: 'max pool', conv: 'conv', unpool: 'max unpool', convT: 'conv transpose' }[step.kind];
  const parts = [`k${step.kernelSize}`, `s${step.stride}`];
  if (step.padding) parts.push(`p${step.padding}`);
  if (step.dilation !== 1) parts.push(`d${step.dilation}`);
  if ('ceilMode' in step && step.ceilMode) parts.push('ceil');
  return `${name} ${parts.join(' ')}`;
}

/** The usual way back up for a down step: unpool with the pool's parameters, or the conv transposed. */
export function mirrorStep(step: DownStep): UpStep {
  const { kernelSize, stride, padding, dilation } = step;
  return step.kind === 'pool'
    ? { kind: 'unpool', kernelSize, stride, padding, dilation: 1 }
    : { kind: 'convT', kernelSize, stride, padding, dilation };
}

export interface DownStage { step: DownStep; input: number[]; output: number[]; problem?: string }

export interface UpStage {
  step: UpStep;
  /** The down stage this up step undoes: from `input` back to `target`. */
  input: number[];
  target: number[];
  /** What the step gives with no extra setting. */
  natural: number[];
  exact: boolean;
  /** Per dim: what restores the target, or why nothing can. */
  remedies: string[];
  /** For unpool: the outputSize to pass (undefined when none can). For convT: output_padding per dim. */
  outputSize?: number[];
  outputPadding?: number[];
  cropOrPad?: number[];
  restorable: boolean;
  notes: string[];
}

export interface SizePlan { input: number[]; down: DownStage[]; up: UpStage[] }

export function planSizes(input: number[], downSteps: DownStep[], upSteps?: (UpStep | undefined)[]): SizePlan {
  const down: DownStage[] = [];
  let current = input;
  for (const step of downSteps) {
    const output = current.map((length) =>
      step.kind === 'pool'
        ? poolOutputLength(length, step)
        : convOutputLength(length, step));
    const stage: DownStage = { step, input: current, output };
    if (output.some((length) => length < 1)) {
      stage.problem = `output size ${output.join('x')} is too small`;
      down.push(stage);
      return { input, down, up: [] };
    }
    if (step.kind === 'pool' && step.padding > Math.trunc(step.kernelSize / 2)) {
      stage.problem = `padding ${step.padding} is more than half the kernel ${step.kernelSize}: PyTorch refuses this pool`;
    }
    down.push(stage);
    current = output;
  }
  // The way back up is only worth planning for a way down that PyTorch accepts.
  if (down.some((stage) => stage.problem)) return { input, down, up: [] };

  const up: UpStage[] = [];
  for (let i = down.length - 1; i >= 0; i--) {
    const stage = down[i]!;
    const step = upSteps?.[down.length - 1 - i] ?? mirrorStep(stage.step);
    up.push(planUpStage(step, stage.output, stage.input, stage.step));
  }
  return { input, down, up };
}

function planUpStage(step: UpStep, input: number[], target: number[], downStep: DownStep): UpStage {
  if (step.kind === 'unpool') {
    const natural = input.map((length) => unpoolDefaultLength(length, step));
    const ranges = input.map((length) => unpoolOutputSizeRange(length, step));
    const fits = target.map((t, d) => ranges[d]!.min <= t && t <= ranges[d]!.max);
    const restorable = fits.every(Boolean);
    const exact = natural.every((n, d) => n === target[d]);
    const remedies = target.map((t, d) => {
      const r = ranges[d]!;
      if (natural[d] === t) return `default ${natural[d]} matches`;
      return fits[d]
        ? `default ${natural[d]} ≠ ${t}; outputSize ${t} restores it (accepted ${r.min}..${r.max})`
        : `default ${natural[d]} ≠ ${t}; no outputSize can (accepted ${r.min}..${r.max})`;
    });
    const stage: UpStage = { step, input, target, natural, exact, remedies, restorable, notes: [] };
    if (restorable) stage.outputSize = [...target];
    if (downStep.kind === 'pool' && !sameWindows(step, downStep)) {
      stage.notes.push('the unpool parameters differ from the pool\'s: indices come from the pool, sizes from the unpool');
    }
    if (!exact && target.length > 1) {
      stage.notes.push('indices are flattened with the pool input\'s row length, so any other output size puts maxima in the wrong rows (or fails with "Found an invalid max index")');
    } else if (!exact && downStep.kind === 'pool') {
      // The largest index a window can pick: the last window's last tap, inside the input.
      const lastTap = Math.min(target[0]! - 1, (input[0]! - 1) * downStep.stride - downStep.padding + (downStep.kernelSize - 1) * downStep.dilation);
      stage.notes.push(lastTap >= natural[0]!
        ? `a maximum can come from index ${lastTap}, outside the default length ${natural[0]}: then PyTorch raises "Found an invalid max index"; pass outputSize`
        : `no window reaches past index ${lastTap}, so the default never fails, but the map is ${natural[0]} long where the skip connection is ${target[0]}`);
    }
    return stage;
  }
  // Transposed convolution: output_padding adds 0 ≤ op < max(stride, dilation) cells at the end.
  const natural = input.map((length) => convTransposeOutputLength(length, step));
  const maxOutputPadding = Math.max(step.stride, step.dilation) - 1;
  const outputPadding: number[] = [];
  const cropOrPad: number[] = [];
  const remedies = target.map((t, d) => {
    const difference = t - natural[d]!;
    if (difference === 0) { outputPadding.push(0); cropOrPad.push(0); return `gives ${t} exactly`; }
    if (difference > 0 && difference <= maxOutputPadding) {
      outputPadding.push(difference); cropOrPad.push(0);
      return `gives ${natural[d]}; output_padding ${difference} restores ${t} (accepted 0..${maxOutputPadding})`;
    }
    outputPadding.push(0); cropOrPad.push(difference);
    return difference < 0
      ? `gives ${natural[d]}, ${-difference} more than ${t}; no output_padding can: crop ${-difference}`
      : `gives ${natural[d]}, ${difference} less than ${t}; no output_padding can (at most ${maxOutputPadding}): pad ${difference}`;
  });
  const restorable = cropOrPad.every((c) => c === 0);
  const exact = natural.every((n, d) => n === target[d]);
  const stage: UpStage = { step, input, target, natural, exact, remedies, restorable, notes: [] };
  if (restorable) stage.outputPadding = outputPadding;
  else stage.cropOrPad = cropOrPad;
  return stage;
}

function sameWindows(up: UpStep, down: DownStep): boolean {
  return up.kernelSize === down.kernelSize && up.stride === down.stride && up.padding === down.padding;
}

export function formatPlan(plan: SizePlan): string {
  const size = (s: number[]): string => s.join('x');
  const lines: string[] = [];
  lines.push(`input ${size(plan.input)}`);
  lines.push('down:');
  for (const stage of plan.down) {
    lines.push(`  ${describeStep(stage.step).padEnd(24)} ${size(stage.input)} → ${size(stage.output)}${stage.problem ? `   ✗ ${stage.problem}` : ''}`);
  }
  if (plan.up.length === 0) return lines.join('\n');
  lines.push('up (back to each skip connection):');
  for (const stage of plan.up) {
    const verdict = stage.exact ? '✓ exact' : stage.restorable ? '✓ restorable' : '✗ cannot be restored by this step alone';
    lines.push(`  ${describeStep(stage.step).padEnd(24)} ${size(stage.input)} → ${size(stage.natural)}, want ${size(stage.target)}   ${verdict}`);
    stage.remedies.forEach((remedy, d) => lines.push(`      ${stage.target.length > 1 ? `dim ${d}: ` : ''}${remedy}`));
    if (stage.outputSize && !stage.exact) lines.push(`      → pass outputSize [${stage.outputSize.join(', ')}]`);
    if (stage.outputPadding && !stage.exact) lines.push(`      → pass output_padding [${stage.outputPadding.join(', ')}]`);
    for (const note of stage.notes) lines.push(`      note: ${note}`);
  }
  return lines.join('\n');
}
