/**
 * Who a pid is: a pid alone names a process only while it runs, because the OS gives a dead process's pid to
 * a later one. `processIdentity` adds what tells two holders of one pid apart.
 *
 * - Linux: the boot id (`/proc/sys/kernel/random/boot_id`, new at every boot) and the process's start time
 *   (field 22 of `/proc/PID/stat`, clock ticks since boot). Two processes with the same pid in one boot do not
 *   share a start tick: the second gets the pid only after the first has ended and Linux's pid counter has
 *   gone round once (at least 32,768 new processes), which does not happen within one tick (10 ms).
 * - macOS, Windows and others: undefined. There is no start time there that can be read without spawning a
 *   tool (`ps`) at every engine start, so callers fall back to the pid alone. A reused pid then keeps a stale
 *   folder until that other process ends. That loses nothing, it only leaves the folder a little longer.
 */
import { readFileSync } from 'node:fs';

/** The identity of the process with this pid (`linux <boot id> <start ticks>`), or undefined where it cannot be told. */
export function processIdentity(pid: number): string | undefined {
  if (process.platform !== 'linux') return undefined;
  const boot = bootId();
  const start = startTicks(pid);
  return boot === undefined || start === undefined ? undefined : `linux ${boot} ${start}`;
}

/**
 * Whether the process now running under `pid` is certainly not the one `recorded` (an earlier
 * `processIdentity`) describes. False whenever that cannot be told for certain: an unreadable record, another
 * platform, or an unreadable /proc entry.
 */
export function isOtherProcess(pid: number, recorded: string): boolean {
  const [platform, recordedBoot, recordedStart, ...rest] = recorded.trim().split(' ');
  if (platform !== 'linux' || process.platform !== 'linux' || rest.length > 0 || !recordedBoot || !/^\d+$/.test(recordedStart ?? '')) return false;
  const boot = bootId();
  if (boot === undefined) return false;
  // Recorded before the last boot: every process of that boot has ended, whoever holds the pid now.
  if (boot !== recordedBoot) return true;
  const start = startTicks(pid);
  return start !== undefined && start !== recordedStart;
}

/** Field 22 (starttime) of a /proc/PID/stat line. The command name (field 2) may hold spaces and ')', so fields are counted after its last ')'. */
export function startTicksFromStat(stat: string): string | undefined {
  const end = stat.lastIndexOf(')');
  if (end < 0) return undefined;
  // After the name come field 3 (state) onwards: starttime is the 20th of them.
  const start = stat.slice(end + 1).trim().split(/\s+/)[19];
  return start !== undefined && /^\d+$/.test(start) ? start : undefined;
}

function startTicks(pid: number): string | undefined {
  try {
    return startTicksFromStat(readFileSync(`/proc/${pid}/stat`, 'latin1'));
  } catch {
    return undefined;
  }
}

function bootId(): string | undefined {
  try {
    const id = readFileSync('/proc/sys/kernel/random/boot_id', 'latin1').trim();
    return /^[0-9a-f-]{8,64}$/i.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}
