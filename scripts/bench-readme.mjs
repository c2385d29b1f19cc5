#!/usr/bin/env node
/**
 * Puts the last benchmark's report (reports/bench.json, written by `npm run bench`) between the
 * markers `<!-- bench:start -->` and `<!-- bench:end -->` of README.md (the headline and the
 * table) and of docs/performance.md (the whole report: scaling and what dominates each workload
 * too), so that their numbers are the benchmark's own output, never typed by hand. Only the text
 * between the markers changes. A file without both markers is left alone, and what would have
 * gone there is printed.
 *
 * Usage: node scripts/bench-readme.mjs [--report FILE] [--readme FILE] [--performance FILE]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderReport } from './bench-table.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

function argument(name, fallback) {
  const at = process.argv.indexOf(name);
  return at >= 0 && process.argv[at + 1] ? path.resolve(process.argv[at + 1]) : fallback;
}

const reportFile = argument('--report', path.join(root, 'reports', 'bench.json'));
const readmeFile = argument('--readme', path.join(root, 'README.md'));
const performanceFile = argument('--performance', path.join(root, 'docs', 'performance.md'));

let report;
try {
  report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
} catch (error) {
  console.error(`bench-readme: cannot read the benchmark report ${reportFile} (${error.code ?? error.message}); run \`npm run bench\` first`);
  process.exit(2);
}

for (const [file, brief] of [[readmeFile, true], [performanceFile, false]]) {
  const block = `${START}\n${renderReport(report, { brief })}\n${END}`;
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  const start = text?.indexOf(START) ?? -1;
  const end = text?.indexOf(END) ?? -1;
  if (text === undefined || start < 0 || end < start) {
    const why = text === undefined ? `${file} does not exist` : `${file} lacks the markers ${START} … ${END}`;
    console.log(`bench-readme: ${why}; nothing changed. This is what would go between the markers:\n\n${block}`);
    continue;
  }
  const updated = text.slice(0, start) + block + text.slice(end + END.length);
  if (updated === text) {
    console.log(`bench-readme: ${path.relative(process.cwd(), file)} already shows this report`);
  } else {
    const temporary = `${file}.tmp-${process.pid}`;
    fs.writeFileSync(temporary, updated);
    fs.renameSync(temporary, file);
    console.log(`bench-readme: updated the benchmark section of ${path.relative(process.cwd(), file)} (report of ${report.date})`);
  }
}
