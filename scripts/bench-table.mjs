/**
 * Renders a benchmark report (the JSON that scripts/bench.mjs writes) as Markdown: the header
 * (date, machine, versions), the table, and what dominates each workload. Shared by the
 * benchmark's own output and scripts/bench-readme.mjs, so the README shows exactly what a run
 * printed.
 */

const formatMs = (ms) => (ms === undefined || ms === null ? '' : ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const formatRatio = (ratio) => (ratio === undefined || ratio === null ? '' : `${ratio.toFixed(2)}×`);

export function renderHeader(report) {
  const { machine, versions, settings } = report;
  const torch = versions.torch ? `PyTorch ${versions.torch} (${versions.torchThreads} thread)` : 'PyTorch not available';
  return [
    `Measured ${report.date} by \`npm run bench\` on ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB ` +
      `(${machine.platform}); load average at start ${machine.loadAverage.map((l) => l.toFixed(2)).join(' ')}.`,
    `Node ${versions.node}, ${torch}, ONNX Runtime ${versions.onnxruntime ?? 'n/a'} (1 thread), ` +
      `TF.js ${versions.tfjs ?? 'n/a'}. Median of ${settings.runs} runs after ${settings.warmup} warm-up runs, ` +
      'wall-clock milliseconds; × PyTorch is the median over PyTorch\'s median.',
  ].join('\n');
}

export function renderTable(report) {
  const lines = [
    '| workload | implementation | median ms | min ms | × PyTorch | same answer as PyTorch |',
    '|---|---|--:|--:|--:|---|',
  ];
  for (const workload of report.workloads) {
    for (const row of workload.results) {
      const cells = row.error
        ? [workload.id, row.implementation, '—', '—', '—', row.error]
        : [workload.id, row.implementation, formatMs(row.medianMs), formatMs(row.minMs), formatRatio(row.ratioToTorch), row.agrees ?? ''];
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

export function renderFindings(report) {
  const lines = ['What dominates each workload (from this run):'];
  for (const workload of report.workloads) lines.push(`- ${workload.id} (${workload.description}): ${workload.finding}`);
  for (const note of report.notes ?? []) lines.push(`- ${note}`);
  return lines.join('\n');
}

export function renderReport(report) {
  return [renderHeader(report), '', renderTable(report), '', renderFindings(report)].join('\n');
}
