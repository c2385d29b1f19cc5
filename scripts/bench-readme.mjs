#!/usr/bin/env node
/**
 * Puts the last benchmark's report (reports/bench.json, written by `npm run bench`) into
 * README.md between the markers `<!-- bench:start -->` and `<!-- bench:end -->`, so that the
 * README's numbers are the benchmark's own output, never typed by hand. Only the text between
 * the markers changes. Without README.md or without both markers it changes nothing and prints
 * what it would have written.
 *
 * Usage: node scripts/bench-readme.mjs [--report FILE] [--readme FILE]
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

let report;
try {
  report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
} catch (error) {
  console.error(`bench-readme: cannot read the benchmark report ${reportFile} (${error.code ?? error.message}); run \`npm run bench\` first`);
  process.exit(2);
}
const block = `${START}\n${renderReport(report)}\n${END}`;

const readme = fs.existsSync(readmeFile) ? fs.readFileSync(readmeFile, 'utf8') : undefined;
const start = readme?.indexOf(START) ?? -1;
const end = readme?.indexOf(END) ?? -1;
if (readme === undefined || start < 0 || end < start) {
  const why = readme === undefined ? `${readmeFile} does not exist` : `${readmeFile} lacks the markers ${START} … ${END}`;
  console.log(`bench-readme: ${why}; nothing changed. This is what would go between the markers:\n\n${block}`);
  process.exit(0);
}
const updated = readme.slice(0, start) + block + readme.slice(end + END.length);
if (updated === readme) {
  console.log(`bench-readme: ${path.relative(process.cwd(), readmeFile)} already shows this report`);
} else {
  const temporary = `${readmeFile}.tmp-${process.pid}`;
  fs.writeFileSync(temporary, updated);
  fs.renameSync(temporary, readmeFile);
  console.log(`bench-readme: updated the benchmark section of ${path.relative(process.cwd(), readmeFile)} (report of ${report.date})`);
}
