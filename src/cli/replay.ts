/**
 * `poolcheck replay report.json`: the counterexamples a JSON report recorded, re-run against the
 * implementation (the report's, or --impl / --cmd), each on a fresh instance; says which still
 * fail. Exit 0 when none does, 1 when one still fails, 2 for a usage error (including a report
 * with no counterexample to replay: a replay that checked nothing does not pass).
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  checkCounterexampleRecord, CounterexampleFormatError, replayCounterexample, type CounterexampleRecord,
} from '../properties/counterexample.js';
import { JSON_REPORT_FORMAT } from '../properties/report/machine.js';
import { emitRegressionTests, emitTestsDir, regressionTarget } from './emitTests.js';
import { EXIT, UsageError } from './errors.js';
import { resolveImplementation, type ResolvedImplementation } from './impls.js';
import { resolveCommandImplementation } from './protocolImpls.js';

export interface ReplayOptions {
  impl?: string;
  cmd?: string;
  only?: string;
  case?: string;
  emitTests?: string;
}

interface ReportFile {
  implementation?: { spec?: unknown; name?: unknown; via?: unknown };
  properties?: { id?: unknown; counterexamples?: unknown[] }[];
}

/** The counterexample records of a report file, checked. */
export function readCounterexamples(file: string): { records: CounterexampleRecord[]; report: ReportFile } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path.resolve(file), 'utf8'));
  } catch (error) {
    throw new UsageError(`${file}: cannot read it as JSON (${(error as Error).message.split('\n')[0]})`);
  }
  const report = json as ReportFile & { format?: unknown };
  if (typeof report !== 'object' || report === null || report.format !== JSON_REPORT_FORMAT) {
    throw new UsageError(`${file}: not a poolcheck verify report (its "format" is not "${JSON_REPORT_FORMAT}")`);
  }
  const records: CounterexampleRecord[] = [];
  for (const [p, property] of (Array.isArray(report.properties) ? report.properties : []).entries()) {
    for (const [i, record] of (Array.isArray(property.counterexamples) ? property.counterexamples : []).entries()) {
      try {
        records.push(checkCounterexampleRecord(record, `properties[${p}].counterexamples[${i}]`));
      } catch (error) {
        if (error instanceof CounterexampleFormatError) throw new UsageError(`${file}: ${error.message}`);
        throw error;
      }
    }
  }
  return { records, report };
}

function originText(r: CounterexampleRecord): string {
  return r.origin.kind === 'golden' ? `golden case ${r.origin.caseId}` : `seed ${r.origin.seed}, path ${r.origin.path}`;
}

/** Runs the command; returns the exit code. */
export async function replay(file: string, o: ReplayOptions, out: (line: string) => void): Promise<number> {
  if (o.impl !== undefined && o.cmd !== undefined) throw new UsageError('give --impl or --cmd, not both');
  const emitDir = emitTestsDir(o.emitTests);
  const { records: all, report } = readCounterexamples(file);
  const only = o.only?.split(',').map((s) => s.trim()).filter(Boolean);
  const records = all.filter((r) => (!only || only.includes(r.property)) &&
    (o.case === undefined || (r.origin.kind === 'golden' && r.origin.caseId === o.case)) && !r.internal);
  if (records.length === 0) {
    throw new UsageError(`${file}: no counterexample to replay${only || o.case ? ' matches --only/--case' : ' (the run it reports found no failure)'}`);
  }
  const spec = o.cmd ?? o.impl ?? (typeof report.implementation?.spec === 'string' ? report.implementation.spec : undefined);
  if (spec === undefined) throw new UsageError(`${file}: names no implementation; give --impl or --cmd`);
  const via = o.cmd !== undefined ? 'cmd' : o.impl !== undefined ? 'impl' : report.implementation?.via === 'cmd' ? 'cmd' : 'impl';
  const resolved: ResolvedImplementation = via === 'cmd' ? await resolveCommandImplementation(spec) : await resolveImplementation(spec);
  out(`poolcheck replay: ${records.length} counterexample(s) from ${file} against ${resolved.name} (${spec}), each on a fresh instance`);
  let stillFailing = 0;
  for (const record of records) {
    // Each replay gets a new instance, so that none sees state another (or loading) left behind.
    const impl = resolved.fresh ? await resolved.fresh() : resolved.impl;
    let outcome;
    try {
      outcome = await replayCounterexample(impl, record);
    } finally {
      if (impl !== resolved.impl) await impl.dispose?.();
    }
    const label = `${record.property} (${originText(record)}${record.reproduction.alone === false ? `, after ${record.reproduction.earlierCalls?.length ?? '?'} earlier call(s)` : ''})`;
    if (outcome.fails) {
      stillFailing++;
      out(`STILL FAILS ${label}`);
      for (const d of outcome.disagreements) out(`  ${d}`);
    } else {
      out(`NOW PASSES  ${label}: every call gives what PyTorch gives`);
    }
  }
  await resolved.impl.dispose?.();
  if (emitDir) {
    const files = emitRegressionTests(emitDir, records, regressionTarget(spec, via, emitDir), resolved.name);
    out(`wrote ${files.length} regression test(s) to ${emitDir}`);
  }
  out(`${stillFailing} of ${records.length} counterexample(s) still fail`);
  return stillFailing > 0 ? EXIT.failure : EXIT.ok;
}

export function register(program: Command): void {
  program
    .command('replay <report>')
    .description('re-run the counterexamples a JSON report recorded (verify --json) and say which still fail (exit 0 none, 1 some, 2 usage error)')
    .option('--impl <module>', "the implementation to replay against (default: the report's)")
    .option('--cmd <command>', 'a program speaking poolcheck/1 to replay against instead')
    .option('--only <properties>', 'only the counterexamples of these properties, comma-separated')
    .option('--case <id>', 'only the counterexample of this golden case')
    .option('--emit-tests <dir>', 'also write one vitest regression test per counterexample into this directory')
    .action(async (report: string, options: ReplayOptions) => {
      process.exitCode = await replay(report, options, (line) => console.log(line));
    });
}
