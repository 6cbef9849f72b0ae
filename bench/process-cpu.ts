/**
 * CPU time of other processes, from Linux's /proc (user + system, in seconds): one process, or every live
 * descendant of one (a browser's helper processes). A process that ends between two readings takes its
 * time with it, so a difference of two readings is a lower bound. Undefined where /proc is not readable.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

interface ProcStat {
  ppid: number;
  /** utime + stime in clock ticks. */
  ticks: number;
}

function procStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After "pid (comm)": the name may hold spaces and parentheses, the fields after the last ')' do not.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
}

/** CPU seconds used so far by one process; undefined when it cannot be read. */
export function processCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  const stat = procStat(pid);
  return stat ? stat.ticks / clockTicks() : undefined;
}

/** CPU seconds used so far by the live descendants of `root` (not `root` itself), leaving out `exclude`'s subtrees. */
export function descendantsCpuSeconds(root: number, exclude: readonly number[] = []): number | undefined {
  let pids: number[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
  } catch {
    return undefined;
  }
  const stats = new Map<number, ProcStat>();
  for (const pid of pids) {
    const stat = procStat(pid);
    if (stat) stats.set(pid, stat);
  }
  const isCounted = (pid: number): boolean => {
    for (let at = stats.get(pid)?.ppid, self = pid; at !== undefined; self = at, at = stats.get(at)?.ppid) {
      if (exclude.includes(self)) return false;
      if (at === root) return true;
      if (at <= 1) return false;
    }
    return false;
  };
  let ticks = 0;
  for (const [pid, stat] of stats) if (isCounted(pid)) ticks += stat.ticks;
  return ticks / clockTicks();
}
