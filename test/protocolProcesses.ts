/**
 * Which processes are still running, read from /proc (Linux), so the protocol tests can prove
 * that no child, and nothing a child started, outlives its session. Zombies count as gone:
 * they run nothing and only wait for a parent to reap them.
 */
import { readdirSync, readFileSync } from 'node:fs';

export const canListProcesses = process.platform === 'linux';

interface ProcessInfo { pid: number; group: number; state: string; commandLine: string }

function listProcesses(): ProcessInfo[] {
  const processes: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name (field 2) may contain spaces and parentheses; the rest follows the last ')'.
      const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const commandLine = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      processes.push({ pid: Number(entry), group: Number(group), state: state!, commandLine });
    } catch {
      // It exited while we looked.
    }
  }
  return processes;
}

/** Running (non-zombie) processes in the given process groups or with the given pids. */
export function survivors(pidsOrGroups: readonly number[]): string[] {
  return listProcesses()
    .filter((p) => p.state !== 'Z' && (pidsOrGroups.includes(p.group) || pidsOrGroups.includes(p.pid)))
    .map((p) => `${p.pid} (group ${p.group}): ${p.commandLine}`);
}

/** Running processes whose command line mentions `fragment`. */
export function runningWith(fragment: string): string[] {
  return listProcesses()
    .filter((p) => p.state !== 'Z' && p.pid !== process.pid && p.commandLine.includes(fragment))
    .map((p) => `${p.pid}: ${p.commandLine}`);
}

/** Polls until `check` returns an empty list (or the time is up) and returns the last list. */
export async function eventuallyEmpty(check: () => string[], timeoutMs = 3_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = check();
    if (found.length === 0 || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
