/**
 * Renders a benchmark report (the JSON that scripts/bench.mjs writes) as Markdown: the header
 * (date, machine, versions), the headline, the table, the scaling table, and what dominates each
 * workload. Shared by the benchmark's own output and scripts/bench-readme.mjs, so the README (the
 * headline and the table) and docs/performance.md (all of it) show exactly what a run printed.
 */

const formatMs = (ms) => (ms === undefined || ms === null ? '' : ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const formatRatio = (ratio) => (ratio === undefined || ratio === null ? '' : `${ratio.toFixed(2)}×`);

export function renderHeader(report) {
  const { machine, versions, settings } = report;
  const threads = [versions.torchThreads, versions.torchSecondThreads].filter(Boolean).join(' and ');
  const torch = versions.torch ? `PyTorch ${versions.torch} (${threads} thread${threads === '1' ? '' : 's'})` : 'PyTorch not available';
  return [
    `Measured ${report.date} by \`npm run bench\` on ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB ` +
      `(${machine.platform}); load average at start ${machine.loadAverage.map((l) => l.toFixed(2)).join(' ')}.`,
    `Node ${versions.node}, ${torch}, ONNX Runtime ${versions.onnxruntime ?? 'n/a'} (1 and 2 threads), ` +
      `TF.js ${versions.tfjs ?? 'n/a'}. Median of ${settings.runs} interleaved runs after ${settings.warmup} warm-up runs, ` +
      'wall-clock milliseconds; a ratio is the median over the peer\'s median in the same run.',
  ].join('\n');
}

const HEADLINE = /^poolcheck fast path \(plain Node process/;
const PARALLEL = /^poolcheck parallel pool/;

/** The targets in one line each: the fast path in a plain process, and the parallel pool. */
export function renderHeadline(report) {
  const lines = [];
  for (const workload of report.workloads) {
    const fast = workload.results.find((r) => HEADLINE.test(r.implementation) && !r.error);
    const parallel = workload.results.find((r) => PARALLEL.test(r.implementation) && !r.error);
    const ort = workload.results.find((r) => /^ONNX Runtime .*\(1 thread\)/.test(r.implementation) && !r.error);
    if (!fast) continue;
    const parts = [`**${workload.id}**: fast path ${formatMs(fast.medianMs)} ms = ${formatRatio(fast.ratioToTorch) || '—'} PyTorch 1 thread` +
      (ort ? ` (ONNX Runtime 1 thread: ${formatRatio(ort.ratioToTorch)}; fast path / ONNX Runtime = ${formatRatio(fast.ratioToOrt)})` : '')];
    if (parallel) parts.push(`parallel pool ${formatMs(parallel.medianMs)} ms = ${formatRatio(parallel.ratioToTorch2) || '—'} PyTorch 2 threads`);
    lines.push(`- ${parts.join('; ')}`);
  }
  return ['Headline (the fast path as a user calls it: a plain Node process, no environment tuning, fresh output each call):', ...lines].join('\n');
}

export function renderTable(report) {
  const lines = [
    '| workload | implementation | median ms | min ms | × PyTorch 1 thread | × PyTorch 2 threads | × ONNX Runtime 1 thread | same answer as PyTorch |',
    '|---|---|--:|--:|--:|--:|--:|---|',
  ];
  for (const workload of report.workloads) {
    for (const row of workload.results) {
      const name = HEADLINE.test(row.implementation) ? `**${row.implementation}**` : row.implementation;
      const cells = row.error
        ? [workload.id, name, '—', '—', '—', '—', '—', row.error]
        : [workload.id, name, formatMs(row.medianMs), formatMs(row.minMs), formatRatio(row.ratioToTorch),
          formatRatio(row.ratioToTorch2), formatRatio(row.ratioToOrt), row.agrees ?? ''];
      lines.push(`| ${cells.join(' | ')} |`);
    }
  }
  if (report.throughput) {
    lines.push('', '| W4: conformance throughput | cases | seconds | cases/s | target |', '|---|--:|--:|--:|--:|');
    for (const row of report.throughput.results) {
      if (row.error) lines.push(`| ${row.what} | — | — | — | ${row.target ?? ''} (${row.error}) |`);
      else lines.push(`| ${row.what} | ${row.cases} | ${row.seconds.toFixed(2)} | ${Math.round(row.casesPerSecond)} | ${row.target ?? ''} |`);
    }
  }
  return lines.join('\n');
}

/** Time against input size: milliseconds, and nanoseconds per input element. */
export function renderScaling(report) {
  if (!report.scaling) return '';
  const names = report.scaling.rows[0].results.map((r) => r.implementation);
  const lines = [
    `Scaling: ${report.scaling.description}; median ms (ns per input element).`,
    '',
    `| elements | input MiB | ${names.join(' | ')} |`,
    `|--:|--:|${names.map(() => '--:').join('|')}|`,
  ];
  for (const row of report.scaling.rows) {
    const cells = row.results.map((r) => (r.error ? `— (${r.error})` : `${formatMs(r.medianMs)} (${r.nsPerElement.toFixed(2)})`));
    lines.push(`| 2^${row.exponent} | ${(row.elements * 4 / 2 ** 20).toFixed(2)} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

export function renderFindings(report) {
  const lines = ['What dominates each workload (from this run):'];
  for (const workload of report.workloads) lines.push(`- ${workload.id} (${workload.description}): ${workload.finding}`);
  for (const note of report.notes ?? []) lines.push(`- ${note}`);
  return lines.join('\n');
}

/** The whole report (the benchmark's output, docs/performance.md); `{ brief: true }`: header, headline and table (the README). */
export function renderReport(report, { brief = false } = {}) {
  const parts = [renderHeader(report), '', renderHeadline(report), '', renderTable(report)];
  if (!brief) {
    const scaling = renderScaling(report);
    if (scaling) parts.push('', scaling);
    parts.push('', renderFindings(report));
  }
  return parts.join('\n');
}
