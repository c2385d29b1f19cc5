/**
 * The shell every poolcheck HTML report shares: one self-contained file (inline CSS, no script,
 * no font or image from anywhere), so that a CI artifact opens the same offline, in a mail
 * client's preview or years later. Everything interpolated goes through `escapeHtml`.
 */

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A tagged template that escapes every interpolated value unless it is already `Html`. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Part = Html | string | number | undefined | null | false | readonly Part[];

function render(part: Part): string {
  if (part === undefined || part === null || part === false) return '';
  if (part instanceof Html) return part.text;
  if (Array.isArray(part)) return (part as readonly Part[]).map(render).join('');
  return escapeHtml(String(part));
}

/** `html\`<td>${value}</td>\`` escapes `value`; nested `html` results and arrays of them pass through. */
export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  let out = strings[0]!;
  parts.forEach((part, i) => {
    out += render(part) + strings[i + 1]!;
  });
  return new Html(out);
}

/** Trusted markup built by poolcheck itself (an SVG drawing), passed through unescaped. */
export function raw(text: string): Html {
  return new Html(text);
}

/** The verdict classes used for colour everywhere: a cell, a badge, a legend entry. */
export type VerdictClass = 'pass' | 'deviation' | 'known-bug' | 'fail' | 'not-covered' | 'not-run' | 'note';

const STYLE = `
:root { --pass:#1a7f37; --pass-bg:#dafbe1; --fail:#cf222e; --fail-bg:#ffebe9; --known:#9a6700; --known-bg:#fff8c5;
  --dev:#0550ae; --dev-bg:#ddf4ff; --muted:#57606a; --muted-bg:#f6f8fa; --line:#d0d7de; --want:#1a7f37; --got:#cf222e; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color:#1f2328; margin: 0 auto; padding: 16px 24px 48px; max-width: 1400px; }
h1 { font-size: 22px; margin: 8px 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; } .sub { color: var(--muted); margin: 0 0 12px; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
pre { background: var(--muted-bg); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
table.matrix { border-collapse: collapse; margin: 8px 0; } table.matrix th, table.matrix td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
table.matrix td:first-child, table.matrix th { white-space: nowrap; } table.matrix td.wrap { white-space: normal; max-width: 640px; }
table.matrix th { background: var(--muted-bg); font-weight: 600; }
.v { display: inline-block; border-radius: 4px; padding: 1px 7px; font-weight: 600; font-size: 12.5px; text-decoration: none; }
.v-pass { color: var(--pass); background: var(--pass-bg); } .v-fail { color: var(--fail); background: var(--fail-bg); }
.v-known-bug { color: var(--known); background: var(--known-bg); } .v-deviation { color: var(--dev); background: var(--dev-bg); }
.v-not-covered, .v-not-run { color: var(--muted); background: var(--muted-bg); } .v-note { color: var(--dev); background: var(--dev-bg); }
td.c-fail { background: var(--fail-bg); } td.c-known-bug { background: var(--known-bg); }
.failure { border: 1px solid var(--line); border-left: 4px solid var(--fail); border-radius: 6px; padding: 8px 14px 12px; margin: 14px 0; }
.failure.known { border-left-color: var(--known); }
.call { margin: 10px 0 4px; } .call-title { font-weight: 600; margin: 6px 0; }
.grids { display: flex; flex-wrap: wrap; gap: 14px 22px; align-items: flex-start; }
.grid-box { max-width: 100%; overflow-x: auto; } .grid-title { font-size: 12.5px; color: var(--muted); margin-bottom: 3px; }
table.t { border-collapse: collapse; } table.t td { border: 1px solid var(--line); min-width: 30px; height: 26px; padding: 1px 4px; text-align: center; font: 12px ui-monospace, Menlo, Consolas, monospace; position: relative; }
table.t td.pad { background: repeating-linear-gradient(45deg,#fff,#fff 3px,#eef1f4 3px,#eef1f4 6px); color: var(--muted); }
table.t td.win { background: #e7f0ff; } table.t td.tap { background: #cfe0ff; font-weight: 600; }
table.t td.win-edge-t { border-top: 2px solid #0969da; } table.t td.win-edge-b { border-bottom: 2px solid #0969da; }
table.t td.win-edge-l { border-left: 2px solid #0969da; } table.t td.win-edge-r { border-right: 2px solid #0969da; }
table.t td.want { box-shadow: inset 0 0 0 3px var(--want); } table.t td.got { outline: 3px dashed var(--got); outline-offset: -4px; }
table.t td.want.got { box-shadow: inset 0 0 0 3px var(--want); outline: 3px dashed var(--got); }
table.t td.diff { background: var(--fail-bg); color: var(--fail); font-weight: 700; }
table.t td.nan { color: #8250df; } table.t td.negzero { color: #bc4c00; } table.t td.inf { color: #0a3069; } table.t td.zero { color: #8c959f; }
.slice { margin-right: 10px; } .slices { display: flex; flex-wrap: wrap; gap: 8px; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 16px; font-size: 12.5px; color: var(--muted); margin: 6px 0; }
.sw { display: inline-block; width: 14px; height: 14px; vertical-align: -2px; margin-right: 4px; border: 1px solid var(--line); }
.sw-want { box-shadow: inset 0 0 0 3px var(--want); } .sw-got { outline: 3px dashed var(--got); outline-offset: -4px; }
.sw-win { background: #cfe0ff; border: 2px solid #0969da; } .sw-pad { background: repeating-linear-gradient(45deg,#fff,#fff 3px,#eef1f4 3px,#eef1f4 6px); }
.kv { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 6px 0; } .kv dt { color: var(--muted); } .kv dd { margin: 0; }
details > summary { cursor: pointer; color: var(--muted); margin: 6px 0; }
.error-box { color: var(--fail); background: var(--fail-bg); border-radius: 4px; padding: 3px 8px; display: inline-block; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
`;

/** A whole report page: title, subtitle and body, with the shared style inline. */
export function page(title: string, subtitle: string | Html, body: Html | Html[]): string {
  return `<!doctype html>\n${html`<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="poolcheck">
<title>${title}</title>
<style>${raw(STYLE)}</style></head>
<body><h1>${title}</h1><p class="sub">${subtitle}</p>
${body}
</body></html>`.text}\n`;
}

/** A coloured verdict badge. */
export function badge(verdict: VerdictClass, text: string, href?: string): Html {
  return href
    ? html`<a class="v v-${verdict}" href="${href}">${text}</a>`
    : html`<span class="v v-${verdict}">${text}</span>`;
}

/** A stable anchor id from free text (property and implementation names). */
export function anchorId(...parts: string[]): string {
  return parts.map((p) => p.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')).join('--');
}
