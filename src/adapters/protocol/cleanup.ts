/**
 * Children run in their own process group so that a whole tree (a shell wrapper and what it
 * started) can be killed at once. The price is that a Ctrl-C no longer reaches them, and
 * execa's own exit cleanup is off for detached children, so poolcheck kills every group it
 * still owns when its own process exits or is told to stop.
 */

const liveGroups = new Set<number>();
const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let installed = false;

/** Sends a signal to a whole process group; false if it no longer exists. */
export function signalGroup(groupId: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(process.platform === 'win32' ? groupId : -groupId, signal);
    return true;
  } catch {
    return false;
  }
}

export function trackGroup(groupId: number): void {
  liveGroups.add(groupId);
  install();
}

export function untrackGroup(groupId: number): void {
  liveGroups.delete(groupId);
}

function killAll(): void {
  for (const group of liveGroups) signalGroup(group, 'SIGKILL');
  liveGroups.clear();
}

function onStopSignal(signal: NodeJS.Signals): void {
  killAll();
  for (const s of STOP_SIGNALS) process.removeListener(s, onStopSignal);
  installed = false;
  process.removeListener('exit', killAll);
  // Listening to a signal disables Node's default exit; when nobody else listens, re-raise
  // it so the process still stops as the sender meant.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAll);
  for (const signal of STOP_SIGNALS) process.on(signal, onStopSignal);
}
