/**
 * The size plan drawn: the way down on the left, the way back up on the right, and each skip
 * connection across with what restores it (outputSize, output_padding, a crop) or why nothing
 * can. The 65 → 32 → 64 story at a glance. Pure SVG, no script, so it embeds in any page.
 */
import type { SizePlan, UpStage } from '../sizes/plan.js';
import { describeStep } from '../sizes/plan.js';
import { escapeHtml, html, page, raw } from './page.js';

const ROW = 104;
const TOP = 44;
const LEFT_X = 40;
const RIGHT_X = 640;
const COLUMN_WIDTH = 300;
const BOX_HEIGHT = 36;
const MIN_BOX = 64;
const COLOURS = { exact: '#1a7f37', restorable: '#9a6700', broken: '#cf222e', box: '#ddf4ff', boxLine: '#0969da', text: '#1f2328', muted: '#57606a' };

function sizeText(size: readonly number[]): string {
  return size.join('×');
}

/** Box width: proportional to the element count relative to the input, never too thin to label. */
function boxWidth(size: readonly number[], input: readonly number[]): number {
  const ratio = size.reduce((a, b) => a * b, 1) / Math.max(1, input.reduce((a, b) => a * b, 1));
  return Math.max(MIN_BOX, Math.round(COLUMN_WIDTH * Math.pow(Math.min(1, ratio), 1 / Math.max(1, input.length))));
}

function text(x: number, y: number, content: string, attrs = ''): string {
  return `<text x="${x}" y="${y}" ${attrs}>${escapeHtml(content)}</text>`;
}

function box(x: number, y: number, width: number, label: string, stroke = COLOURS.boxLine, fill = COLOURS.box): string {
  return `<rect x="${x}" y="${y}" width="${width}" height="${BOX_HEIGHT}" rx="5" fill="${fill}" stroke="${stroke}" stroke-width="1.5"/>` +
    text(x + width / 2, y + BOX_HEIGHT / 2 + 5, label, 'text-anchor="middle" font-size="15" font-weight="600"');
}

function arrow(x1: number, y1: number, x2: number, y2: number, colour: string, dashed = false): string {
  return `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${colour}" stroke-width="1.8"${dashed ? ' stroke-dasharray="6 4"' : ''} marker-end="url(#head-${colour.slice(1)})"/>`;
}

/** The fix an up stage needs, in the words of the call to make. */
export function stageFix(stage: UpStage): { verdict: 'exact' | 'restorable' | 'broken'; label: string } {
  if (stage.exact) return { verdict: 'exact', label: '✓ exact' };
  if (stage.restorable && stage.outputSize) return { verdict: 'restorable', label: `✓ pass outputSize [${stage.outputSize.join(', ')}]` };
  if (stage.restorable && stage.outputPadding) return { verdict: 'restorable', label: `✓ pass output_padding [${stage.outputPadding.join(', ')}]` };
  if (stage.cropOrPad) {
    const fixes = stage.cropOrPad.map((d, i) => (d < 0 ? `crop ${-d}` : d > 0 ? `pad ${d}` : '') + (stage.cropOrPad!.length > 1 && d !== 0 ? ` (dim ${i})` : '')).filter(Boolean);
    return { verdict: 'broken', label: `✗ ${fixes.join(', ')}` };
  }
  return { verdict: 'broken', label: '✗ no outputSize can restore it' };
}

/** The plan as one SVG drawing. */
export function planSvg(plan: SizePlan): string {
  const levels = plan.down.length;
  const problem = plan.down.findIndex((s) => s.problem);
  const width = RIGHT_X + COLUMN_WIDTH + 40;
  const height = TOP + (levels + 1) * ROW + 10;
  const parts: string[] = [];
  const heads = Object.values(COLOURS).filter((c, i, all) => all.indexOf(c) === i);
  parts.push(`<defs>${heads.map((c) => `<marker id="head-${c.slice(1)}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${c}"/></marker>`).join('')}</defs>`);
  parts.push(text(LEFT_X, 24, 'down', `font-size="13" fill="${COLOURS.muted}" font-weight="600"`));
  if (plan.up.length) parts.push(text(RIGHT_X, 24, 'up (back to each skip connection)', `font-size="13" fill="${COLOURS.muted}" font-weight="600"`));

  const rowY = (level: number): number => TOP + level * ROW;
  const leftSizes = [plan.input, ...plan.down.map((s) => s.output)];
  leftSizes.forEach((size, level) => {
    const bad = problem >= 0 && level === problem + 1;
    parts.push(box(LEFT_X, rowY(level), boxWidth(size, plan.input), level === 0 ? `input ${sizeText(size)}` : sizeText(size),
      bad ? COLOURS.broken : COLOURS.boxLine, bad ? '#ffebe9' : COLOURS.box));
    if (level > 0) {
      const stage = plan.down[level - 1]!;
      const x = LEFT_X + 24;
      parts.push(arrow(x, rowY(level - 1) + BOX_HEIGHT + 2, x, rowY(level) - 3, stage.problem ? COLOURS.broken : COLOURS.boxLine));
      parts.push(text(x + 14, rowY(level - 1) + BOX_HEIGHT + 38, describeStep(stage.step), `font-size="13" fill="${COLOURS.text}"`));
      if (stage.problem) parts.push(text(LEFT_X + boxWidth(stage.output, plan.input) + 14, rowY(level) + 23, `✗ ${stage.problem}`, `font-size="13" fill="${COLOURS.broken}"`));
    }
  });

  if (plan.up.length) {
    // The bottleneck is shared: the way up starts from the deepest way-down box.
    const bottom = rowY(levels);
    parts.push(box(RIGHT_X, bottom, boxWidth(leftSizes[levels]!, plan.input), sizeText(leftSizes[levels]!)));
    parts.push(arrow(LEFT_X + boxWidth(leftSizes[levels]!, plan.input) + 4, bottom + BOX_HEIGHT / 2, RIGHT_X - 4, bottom + BOX_HEIGHT / 2, COLOURS.muted));
    plan.up.forEach((stage, j) => {
      const level = levels - 1 - j;
      const { verdict, label } = stageFix(stage);
      const colour = COLOURS[verdict];
      const natural = stage.exact ? sizeText(stage.natural) : `${sizeText(stage.natural)}, want ${sizeText(stage.target)}`;
      const w = Math.max(boxWidth(stage.natural, plan.input), 9 * natural.length + 20);
      parts.push(box(RIGHT_X, rowY(level), w, natural, colour, verdict === 'broken' ? '#ffebe9' : verdict === 'restorable' ? '#fff8c5' : '#dafbe1'));
      const x = RIGHT_X + 24;
      parts.push(arrow(x, rowY(level + 1) - 3, x, rowY(level) + BOX_HEIGHT + 2, COLOURS.boxLine));
      parts.push(text(x + 14, rowY(level) + BOX_HEIGHT + 38, describeStep(stage.step), `font-size="13" fill="${COLOURS.text}"`));
      // The skip connection across, coloured by whether this level's sizes can meet.
      const fromX = LEFT_X + boxWidth(stage.target, plan.input) + 4;
      const y = rowY(level) + BOX_HEIGHT / 2;
      parts.push(arrow(fromX, y, RIGHT_X - 4, y, colour, true));
      parts.push(text((fromX + RIGHT_X) / 2, y - 8, `skip ${sizeText(stage.target)}`, `text-anchor="middle" font-size="12" fill="${COLOURS.muted}"`));
      parts.push(text((fromX + RIGHT_X) / 2, y + 20, label, `text-anchor="middle" font-size="13" font-weight="600" fill="${colour}" class="fix fix-${verdict}"`));
    });
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" class="size-plan" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="size plan">${parts.join('')}</svg>`;
}

/** A whole page: the drawing, then the text plan for copying. */
export function planHtml(plan: SizePlan, command: string, planText: string): string {
  return page('poolcheck sizes', html`<code>${command}</code>`, html`
${raw(planSvg(plan))}
<h2>The plan as text</h2>
<pre>${planText}</pre>`);
}
