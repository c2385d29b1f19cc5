/**
 * One (n, c) plane of a tensor drawn as a table: a row for 1-D, rows for 2-D, one table per depth
 * slice for 3-D. Cells can be marked (the element PyTorch's rule picks, the element the port
 * picked, a cell that differs), and a pooling window can be outlined over the plane with its
 * padding drawn as hatched cells around it and its dilated taps shaded. Every special float
 * (NaN by payload, −0, ±inf) reads differently, and two values that differ only in their bits
 * are marked as different.
 */
import type { FloatData } from '../types.js';
import { numberText } from '../properties/format.js';
import { html, type Html } from './page.js';

/** Names NaN payloads in one drawing (NaN, or NaN#1, NaN#2 … when there are several). */
export class NaNLabels {
  private readonly names = new Map<string, string>();
  label(bits: string): string {
    let name = this.names.get(bits);
    if (!name) this.names.set(bits, (name = `NaN#${this.names.size + 1}`));
    return name;
  }
  /** `NaN#1 = 0x7fc00000, …`: shown under a drawing that has more than one payload. */
  legend(): string | undefined {
    return this.names.size < 2 ? undefined : [...this.names].map(([bits, name]) => `${name} = ${bits}`).join(', ');
  }
  get count(): number {
    return this.names.size;
  }
}

/** The bit pattern of element i, as hex: what "the same value" means to PyTorch's copy. */
export function bitsOf(data: FloatData, i: number): string {
  if (data instanceof Float64Array) return `0x${new BigUint64Array(data.buffer, data.byteOffset + 8 * i, 1)[0]!.toString(16).padStart(16, '0')}`;
  return `0x${new Uint32Array(data.buffer, data.byteOffset + 4 * i, 1)[0]!.toString(16).padStart(8, '0')}`;
}

/** A cell's text and its class: NaN (with payload in the tooltip), −0, ±inf, 0 and the rest. */
export function floatCell(data: FloatData, i: number, nans: NaNLabels): { text: string; cls: string; title: string } {
  const v = data[i]!;
  const bits = bitsOf(data, i);
  if (Number.isNaN(v)) return { text: nans.label(bits), cls: 'nan', title: `NaN, bits ${bits}` };
  if (Object.is(v, -0)) return { text: '−0', cls: 'negzero', title: `−0, bits ${bits}` };
  if (!Number.isFinite(v)) return { text: v > 0 ? '+inf' : '−inf', cls: 'inf', title: bits };
  return { text: numberText(v).replace(/^-/, '−'), cls: v === 0 ? 'zero' : '', title: `${String(v)}, bits ${bits}` };
}

/** A pooling window over the drawn plane: its first tap, kernel, dilation, per spatial dim. */
export interface WindowOutline {
  start: readonly number[];
  kernel: readonly number[];
  dilation: readonly number[];
}

export interface PlaneDrawing {
  title: string;
  /** The tensor's spatial size (the plane's shape). */
  spatial: readonly number[];
  /** Text, class and tooltip of in-plane element `i` (flat, row-major). */
  cell(i: number): { text: string; cls: string; title: string };
  /** Padding to draw around the plane, per dim (hatched cells). */
  padding?: readonly number[];
  window?: WindowOutline;
  /** In-plane flat offsets: PyTorch's pick, the port's pick, cells that differ, cells to emphasise. */
  want?: ReadonlySet<number>;
  got?: ReadonlySet<number>;
  diff?: ReadonlySet<number>;
  focus?: ReadonlySet<number>;
}

function flatOf(position: readonly number[], spatial: readonly number[]): number {
  let offset = 0;
  for (let d = 0; d < spatial.length; d++) offset = offset * spatial[d]! + position[d]!;
  return offset;
}

/** The drawn range of one dim: the plane, its padding, and any window reaching past both (ceil mode). */
function drawnRange(d: number, p: PlaneDrawing): [number, number] {
  const pad = p.padding?.[d] ?? 0;
  let low = -pad;
  let high = p.spatial[d]! - 1 + pad;
  if (p.window) {
    low = Math.min(low, p.window.start[d]!);
    high = Math.max(high, p.window.start[d]! + (p.window.kernel[d]! - 1) * p.window.dilation[d]!);
  }
  return [low, high];
}

/** Where a position lies relative to the window: outside, inside its box, or on one of its taps. */
function windowPlace(position: readonly number[], w: WindowOutline | undefined): { inBox: boolean; tap: boolean; edges: string[] } {
  if (!w) return { inBox: false, tap: false, edges: [] };
  let inBox = true;
  let tap = true;
  for (let d = 0; d < position.length; d++) {
    const rel = position[d]! - w.start[d]!;
    const span = (w.kernel[d]! - 1) * w.dilation[d]!;
    if (rel < 0 || rel > span) inBox = false;
    if (rel < 0 || rel > span || rel % w.dilation[d]! !== 0) tap = false;
  }
  const edges: string[] = [];
  if (inBox) {
    const rank = position.length;
    const rowDim = rank - 2;
    const colDim = rank - 1;
    const at = (d: number, end: 'start' | 'end'): boolean =>
      position[d] === (end === 'start' ? w.start[d]! : w.start[d]! + (w.kernel[d]! - 1) * w.dilation[d]!);
    if (rowDim >= 0 ? at(rowDim, 'start') : true) edges.push('win-edge-t');
    if (rowDim >= 0 ? at(rowDim, 'end') : true) edges.push('win-edge-b');
    if (at(colDim, 'start')) edges.push('win-edge-l');
    if (at(colDim, 'end')) edges.push('win-edge-r');
  }
  return { inBox, tap, edges };
}

function tableFor(p: PlaneDrawing, fixed: readonly number[]): Html {
  // fixed: leading positions (depth for 3-D); the table spans the last one or two dims.
  const rank = p.spatial.length;
  const rowDim = rank >= 2 ? rank - 2 : -1;
  const colDim = rank - 1;
  const [rowLow, rowHigh] = rowDim >= 0 ? drawnRange(rowDim, p) : [0, 0];
  const [colLow, colHigh] = drawnRange(colDim, p);
  const rows: Html[] = [];
  for (let r = rowLow; r <= rowHigh; r++) {
    const cells: Html[] = [];
    for (let c = colLow; c <= colHigh; c++) {
      const position = rank === 1 ? [c] : [...fixed, r, c];
      const inside = position.every((x, d) => x >= 0 && x < p.spatial[d]!);
      const place = windowPlace(position, p.window);
      const classes = [...place.edges];
      if (place.tap) classes.push('tap');
      else if (place.inBox) classes.push('win');
      if (!inside) {
        classes.push('pad');
        cells.push(html`<td class="${classes.join(' ')}" title="padding${place.tap ? ' (a window tap: never picked)' : ''}">${place.tap ? '·' : ''}</td>`);
        continue;
      }
      const i = flatOf(position, p.spatial);
      const { text, cls, title } = p.cell(i);
      if (cls) classes.push(cls);
      const notes: string[] = [];
      if (p.want?.has(i)) { classes.push('want'); notes.push("PyTorch's pick"); }
      if (p.got?.has(i)) { classes.push('got'); notes.push("the port's pick"); }
      if (p.diff?.has(i)) { classes.push('diff'); notes.push('differs'); }
      if (p.focus?.has(i)) classes.push('focus');
      cells.push(html`<td class="${classes.join(' ')}" data-i="${i}" title="${[`[${position.join(', ')}] = ${title}`, ...notes].join('; ')}">${text}</td>`);
    }
    rows.push(html`<tr>${cells}</tr>`);
  }
  return html`<table class="t">${rows}</table>`;
}

/** The plane as one table (1-D, 2-D) or one table per depth slice (3-D), with its title. */
export function drawPlane(p: PlaneDrawing): Html {
  if (p.spatial.length === 3) {
    const [depthLow, depthHigh] = drawnRange(0, p);
    const slices: Html[] = [];
    for (let z = depthLow; z <= depthHigh; z++) {
      const inside = z >= 0 && z < p.spatial[0]!;
      if (!inside && !(p.window && windowPlace([z, p.window.start[1]!, p.window.start[2]!], p.window).inBox)) continue;
      slices.push(inside
        ? html`<div class="slice"><div class="grid-title">depth ${z}</div>${tableFor(p, [z])}</div>`
        : html`<div class="slice"><div class="grid-title">depth ${z} (padding)</div><table class="t"><tr><td class="pad win">·</td></tr></table></div>`);
    }
    return html`<div class="grid-box"><div class="grid-title">${p.title}</div><div class="slices">${slices}</div></div>`;
  }
  return html`<div class="grid-box"><div class="grid-title">${p.title}</div>${tableFor(p, [])}</div>`;
}

/** In-plane offsets where two float planes differ in their bits (NaN payloads and ±0 included). */
export function bitDifferences(a: FloatData, b: FloatData, start: number, length: number): Set<number> {
  const out = new Set<number>();
  if (a.constructor !== b.constructor) {
    for (let i = 0; i < length; i++) if (!Object.is(a[start + i], b[start + i])) out.add(i);
    return out;
  }
  for (let i = 0; i < length; i++) if (bitsOf(a, start + i) !== bitsOf(b, start + i)) out.add(i);
  return out;
}
