/**
 * Tensors as small grids of text, one (n, c) plane at a time: a row for 1-D, rows for 2-D, a
 * block per depth for 3-D. One element can be marked with brackets, which is how a report
 * points at the first wrong element.
 */
import type { FloatData } from '../../types.js';
import { numberText } from '../format.js';
import { unflatten } from '../window.js';

/** Names NaNs by payload, so that two different NaNs read differently: NaN#1, NaN#2, ... */
export class NaNNames {
  private readonly names = new Map<string, string>();

  name(data: FloatData, i: number): string {
    const bits = nanHex(data, i);
    let name = this.names.get(bits);
    if (!name) this.names.set(bits, (name = `NaN#${this.names.size + 1}`));
    return name;
  }

  /** `NaN#1 = 0x7fc00001, ...`, or undefined when at most one NaN pattern was shown. */
  legend(): string | undefined {
    if (this.names.size < 2) return undefined;
    return [...this.names].map(([bits, name]) => `${name} = ${bits}`).join(', ');
  }

  /** With a single NaN pattern the plain word reads better. */
  simplify(text: string): string {
    return this.names.size < 2 ? text.replace(/NaN#1/g, 'NaN') : text;
  }
}

function nanHex(data: FloatData, i: number): string {
  if (data instanceof Float64Array) return `0x${new BigUint64Array(data.buffer, data.byteOffset + 8 * i, 1)[0]!.toString(16)}`;
  return `0x${new Uint32Array(data.buffer, data.byteOffset + 4 * i, 1)[0]!.toString(16)}`;
}

export function floatCells(data: FloatData, nans: NaNNames): (i: number) => string {
  return (i) => {
    const v = data[i]!;
    return Number.isNaN(v) ? nans.name(data, i) : numberText(v);
  };
}

export function indexCells(data: ArrayLike<number | bigint>): (i: number) => string {
  return (i) => String(data[i]);
}

/** The cell texts of plane `plane`, with `mark` (a flat offset into the whole tensor) bracketed. */
export function planeCells(
  shape: readonly number[], rank: number, plane: number, cell: (i: number) => string, mark?: number,
): string[] {
  const planeSize = shape.slice(-rank).reduce((a, b) => a * b, 1);
  const base = plane * planeSize;
  const texts: string[] = [];
  for (let i = 0; i < planeSize; i++) {
    const text = cell(base + i);
    texts.push(base + i === mark ? `[${text}]` : ` ${text} `);
  }
  return texts;
}

/**
 * Plane cells laid out as lines: a row for 1-D, rows for 2-D, a block per depth for 3-D. Cells
 * are right-aligned to `width`, so grids drawn with the same width line up under each other.
 */
export function planeLines(texts: readonly string[], spatial: readonly number[], width: number): string[] {
  const pad = (t: string): string => t.padStart(width);
  const rowLength = spatial[spatial.length - 1] ?? 1;
  const rows: string[] = [];
  for (let start = 0; start < texts.length; start += rowLength) rows.push(texts.slice(start, start + rowLength).map(pad).join(''));
  if (spatial.length < 3) return rows;
  const rowsPerSlice = spatial[1]!;
  const lines: string[] = [];
  for (let d = 0; d < spatial[0]!; d++) {
    lines.push(`d=${d}:`);
    lines.push(...rows.slice(d * rowsPerSlice, (d + 1) * rowsPerSlice).map((r) => `  ${r}`));
  }
  return lines;
}

/** `(n=0, c=1)` or `(c=1)` for an unbatched tensor. */
export function planeName(shape: readonly number[], rank: number, plane: number): string {
  const lead = shape.slice(0, shape.length - rank);
  if (lead.length === 1) return `(c=${plane})`;
  const [n, c] = unflatten(plane, lead);
  return `(n=${n}, c=${c})`;
}

export function planeCountOf(shape: readonly number[], rank: number): number {
  return shape.slice(0, shape.length - rank).reduce((a, b) => a * b, 1);
}
