/**
 * Counterexamples as vitest regression tests for a port's own repository: one file per
 * counterexample, the case embedded as data, importing from 'poolcheck' only its public API
 * (`replayCounterexample`, and `createProtocolImplementation` for a program). The test passes
 * once every call gives what PyTorch gives.
 */
import type { CounterexampleRecord } from '../counterexample.js';

/** How the emitted test gets the implementation. */
export type RegressionTarget =
  /** A JavaScript module, imported by this specifier (relative to the test file, or a package name). */
  | { kind: 'module'; specifier: string }
  /** A program speaking poolcheck/1, started with this argv. */
  | { kind: 'command'; argv: string[] }
  /** poolcheck's own reference (the package root exports its functions). */
  | { kind: 'reference' };

function commentLines(lines: readonly string[]): string[] {
  return lines.map((l) => `//${l ? ` ${l.replace(/\r?\n/g, ' ')}` : ''}`);
}

/** A file name for a counterexample's test: property, origin and position, safe on every file system. */
export function regressionTestName(record: CounterexampleRecord, index: number): string {
  const origin = record.origin.kind === 'golden' ? record.origin.caseId : `seed${record.origin.seed}`;
  const safe = `${record.property}-${origin}`.replace(/[^A-Za-z0-9_-]+/g, '-');
  return `poolcheck-${safe}-${index + 1}.test.mjs`;
}

/** The source of a vitest file that fails while the implementation still gets the case wrong. */
export function regressionTestSource(record: CounterexampleRecord, target: RegressionTarget, implName: string): string {
  const title = `poolcheck ${record.property}: ${record.summary}`.slice(0, 200);
  const header = commentLines([
    `poolcheck regression test: ${record.property} failed on ${implName}.`,
    record.summary,
    '',
    'Written by poolcheck --emit-tests. The counterexample is embedded as data (poolcheck docs/reports.md);',
    "replayCounterexample makes its calls on the implementation and compares each result with what PyTorch",
    'gives (values bit for bit, indices exactly, errors raised). It passes once the port is fixed.',
    ...(record.replay ? ['', `Replay in poolcheck: ${record.replay}`] : []),
    '',
    'The case:',
    ...record.story.map((s) => `  ${s}`),
  ]);
  const data = `const counterexample = ${JSON.stringify(record, null, 2)};`;
  let imports: string[];
  let body: string[];
  if (target.kind === 'command') {
    imports = ["import { createProtocolImplementation, replayCounterexample } from 'poolcheck';"];
    body = [
      `  const implementation = await createProtocolImplementation(${JSON.stringify(target.argv)});`,
      '  try {',
      '    const { disagreements } = await replayCounterexample(implementation, counterexample);',
      '    expect(disagreements, disagreements.join("\\n")).toEqual([]);',
      '  } finally {',
      '    await implementation.dispose();',
      '  }',
    ];
  } else {
    imports = target.kind === 'module'
      ? ["import { replayCounterexample } from 'poolcheck';", `import * as implementation from ${JSON.stringify(target.specifier)};`]
      : ["import * as implementation from 'poolcheck';", "import { replayCounterexample } from 'poolcheck';"];
    body = [
      '  const { disagreements } = await replayCounterexample(implementation, counterexample);',
      '  expect(disagreements, disagreements.join("\\n")).toEqual([]);',
    ];
  }
  return [
    ...header,
    "import { expect, it } from 'vitest';",
    ...imports,
    '',
    data,
    '',
    `it(${JSON.stringify(title)}, { timeout: 60_000 }, async () => {`,
    ...body,
    '});',
    '',
  ].join('\n');
}
