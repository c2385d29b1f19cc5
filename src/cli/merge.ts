/**
 * `poolcheck merge part*.json`: one verdict from the JSON reports of a sharded run, each written
 * by `verify --shard i/n --json`. Exit 0 when the merged run conforms, 1 when a shard failed,
 * 2 when the reports are not the shards of one run (a missing or repeated shard included).
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { formatMerged, MergeError, mergeShardReports } from '../properties/report/merge.js';
import { junitXml, writeFileAtomic } from '../properties/report/machine.js';
import { EXIT, UsageError } from './errors.js';
import { mergedHtml } from '../html/report.js';
import { reportFileOption } from './verify.js';

interface MergeOptions { json?: string; junit?: string; html?: string }

export function register(program: Command): void {
  program
    .command('merge')
    .description('merge the JSON reports of a sharded run (verify --shard i/n --json) into one verdict (exit 0 conforms, 1 does not, 2 not one whole run)')
    .argument('<reports...>', 'the shard reports, one per shard')
    .option('--json <file>', 'write the merged report (JSON)')
    .option('--junit <file>', 'write the merged JUnit XML report')
    .option('--html <file>', 'write the merged verdict as a self-contained HTML page')
    .addHelpText('after', `
Example (a CI job matrix of 4, then one merge job):
  poolcheck verify --impl ./dist/pool.js --seed 42 --runs 20000 --shard 3/4 --json part-3.json
  poolcheck merge part-*.json --junit poolcheck.xml`)
    .action((files: string[], options: MergeOptions) => {
      const json = reportFileOption('--json', options.json);
      const junit = reportFileOption('--junit', options.junit);
      const htmlFile = reportFileOption('--html', options.html);
      const reports = files.map((file) => {
        try {
          return { file, json: JSON.parse(readFileSync(file, 'utf8')) as unknown };
        } catch (error) {
          throw new UsageError(`${file}: cannot read it as JSON (${(error as Error).message.split('\n')[0]})`);
        }
      });
      let merged;
      try {
        merged = mergeShardReports(reports);
      } catch (error) {
        if (error instanceof MergeError) throw new UsageError(error.message);
        throw error;
      }
      for (const line of formatMerged(merged)) console.log(line);
      try {
        if (json) writeFileAtomic(json, `${JSON.stringify(merged, null, 2)}\n`);
        if (junit) {
          writeFileAtomic(junit, junitXml({
            name: merged.implementation.name, spec: merged.implementation.spec, seed: merged.seed, runs: merged.runs,
            durationMs: merged.durationMs, properties: merged.properties, extraProperties: { shards: String(merged.merged.shards) },
            ...(merged.spec ? { profile: { name: merged.spec.name, pytorch: merged.spec.pytorch, basis: merged.spec.basis } } : {}),
          }));
        }
        if (htmlFile) writeFileAtomic(htmlFile, mergedHtml(merged));
      } catch (error) {
        throw new UsageError(`cannot write the report: ${(error as Error).message}`);
      }
      process.exitCode = merged.conforms ? EXIT.ok : EXIT.failure;
    });
}
