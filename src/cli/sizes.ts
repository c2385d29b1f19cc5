import type { Command } from 'commander';
import { formatPlan, isDownStep, parseStep, planSizes, type DownStep, type UpStep } from '../sizes/plan.js';
import { UsageError } from './errors.js';
import { planHtml, planSvg } from '../html/sizes.js';
import { writeFileAtomic } from '../properties/report/machine.js';

function parseInputSize(text: string): number[] {
  const dims = text.toLowerCase().split('x').map((d) => d.trim());
  if (dims.length < 1 || dims.length > 3 || !dims.every((d) => /^\d+$/.test(d) && Number(d) > 0)) {
    throw new UsageError(`cannot read input size "${text}": expected a length like 65, or HxW like 65x65 (or DxHxW)`);
  }
  return dims.map(Number);
}

export function register(program: Command): void {
  program
    .command('sizes')
    .description('encoder/decoder size planner: each stage\'s size going down, and what restores each skip connection going up')
    .argument('<input>', 'input length, or HxW / DxHxW (e.g. 65 or 65x65)')
    .argument('[steps...]', 'down-sampling steps: pool:k2,s2[,p1][,d2][,ceil] or conv:k3,s2,p1[,d2]', ['pool:k2,s2'])
    .option('--up <steps...>', 'way-up steps, innermost first (default: the mirror of each down step), e.g. convT:k4,s2,p1 or unpool:k2,s2')
    .option('--json', 'print the plan as JSON')
    .option('--html <file>', 'also write the plan drawn (stages, skip connections and the fix at each) as a self-contained HTML page')
    .option('--svg <file>', 'also write the drawing alone as an SVG file')
    .addHelpText('after', `
Examples:
  poolcheck sizes 65 pool:k2,s2            65 → 32; the default unpool gives 64, outputSize 65 restores it
  poolcheck sizes 65 conv:k3,s2,p1 --up convT:k4,s2,p1
  poolcheck sizes 65x65 pool:k2,s2 pool:k2,s2 --json
  poolcheck sizes 65 pool:k2,s2 pool:k2,s2 --html plan.html`)
    .action((inputText: string, stepTexts: string[], options: { up?: string[]; json?: boolean; html?: string; svg?: string }) => {
      const input = parseInputSize(inputText);
      const parse = (text: string): DownStep | UpStep => {
        try { return parseStep(text); } catch (error) { throw new UsageError((error as Error).message); }
      };
      const down = stepTexts.map(parse);
      const notDown = down.find((step) => !isDownStep(step));
      if (notDown) throw new UsageError(`"${notDown.kind}" is a way-up step: give it with --up`);
      const up = (options.up ?? []).map(parse);
      const notUp = up.find((step) => isDownStep(step));
      if (notUp) throw new UsageError(`"${notUp.kind}" is a way-down step: give it before --up`);
      if (up.length > down.length) throw new UsageError(`--up has ${up.length} steps but there are only ${down.length} down steps`);
      const plan = planSizes(input, down as DownStep[], up as UpStep[]);
      const planText = formatPlan(plan);
      console.log(options.json ? JSON.stringify(plan, null, 2) : planText);
      const write = (file: string, content: string, what: string): void => {
        try { writeFileAtomic(file, content); } catch (error) {
          throw new UsageError(`--${what} ${file}: cannot write it (${(error as Error).message.split('\n')[0]})`);
        }
      };
      if (options.html) write(options.html, planHtml(plan, ['poolcheck sizes', inputText, ...stepTexts, ...(options.up ? ['--up', ...options.up] : [])].join(' '), planText), 'html');
      if (options.svg) write(options.svg, `<?xml version="1.0" encoding="UTF-8"?>\n${planSvg(plan)}\n`, 'svg');
      const stuck = plan.down.some((s) => s.problem) || plan.up.some((s) => !s.restorable);
      process.exitCode = stuck ? 1 : 0;
    });
}
