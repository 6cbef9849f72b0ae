/**
 * § 61/62 aggregates and a TAF-2 recomputation on 24 months of 15-minute data on two channels (import and
 * export, ~140,000 readings, capture times a few seconds late, FNN status words), each timed against one
 * plain pass over the same readings (the floor). Each row runs its subject and the floor alternately, so
 * that both meet the same machine load (a shared machine's load changes within seconds).
 */
import { loadavg } from 'node:os';
import { berlinTime } from '../src/model/time/berlin';
import type { IntervalReading, UsagePoint } from '../src/model/types';
import { forgetPreparedChannels, prepareChannels } from '../src/analysis/channel';
import { computeConsumption } from '../src/analysis/consumption';
import { computeTaf2 } from '../src/analysis/taf2';
import { makeDevice, makeOvl, makeProfile, makeSupplier, seededRandom, twoTariffDay } from '../src/analysis/testing/fixtures';

const OK_FNN = 'A000000020000000';
const GOAL_RATIO = 3;
const GOAL_MS = 200;
const RUNS = 41;

export function generate(): { device: UsagePoint; supplier: UsagePoint; readings: number } {
  const start = berlinTime(2023, 1, 1);
  const end = berlinTime(2025, 1, 1);
  const rnd = seededRandom(2418);
  const imp = makeOvl({ start, end, periodSeconds: 900, captureDelaySeconds: 3, step: () => Math.floor(rnd() * 120), omit: () => rnd() < 0.001 });
  const exp = makeOvl({ obis: '0100020800ff', start, end, periodSeconds: 900, captureDelaySeconds: 3, step: () => Math.floor(rnd() * 60) });
  for (const list of [imp, exp]) {
    for (const r of list.intervalBlocks[0]!.readings) {
      delete r.statusPTB;
      r.statusFNN = OK_FNN;
    }
  }
  const profile = makeProfile({
    start,
    duration: (end - start) / 1000,
    stages: [
      { tariffNumber: 1, obis: '0100010801ff' },
      { tariffNumber: 2, obis: '0100010802ff' },
      { tariffNumber: 3, obis: '0100020801ff' },
      { tariffNumber: 4, obis: '0100020802ff' },
    ],
    dayProfiles: [
      { dayId: 1, tariffs: twoTariffDay(1, 2, 6, 22) },
      { dayId: 2, tariffs: twoTariffDay(3, 4, 10, 16) },
    ],
  });
  profile.specialDayProfiles = [...profile.specialDayProfiles, ...profile.specialDayProfiles.map((s) => ({ ...s, dayId: 2 }))];
  const readings = imp.intervalBlocks[0]!.readings.length + exp.intervalBlocks[0]!.readings.length;
  return { device: makeDevice([imp, exp]), supplier: makeSupplier(profile), readings };
}

/**
 * One plain pass: visit every reading once and use its value and capture time. The loop over a block's
 * readings is a function of its own: written as one function of three nested for-of loops, V8 compiled it
 * on stack replacement mid-pass and, in some processes, left it in a slower tier for the rest of the run
 * (floor medians 3.1 or 4.1–6.1 ms CPU from one process to the next on the same data); this form settles at
 * the fast one (3.1–3.3 ms in 12 of 12 processes).
 */
function plainPass(device: UsagePoint): number {
  let sum = 0;
  for (const list of device.meterReadings) {
    for (const block of list.intervalBlocks) sum += passReadings(block.readings);
  }
  return sum;
}

function passReadings(readings: readonly IntervalReading[]): number {
  let sum = 0;
  for (let i = 0; i < readings.length; i++) {
    const r = readings[i]!;
    sum += r.value + (r.captureTime % 7);
  }
  return sum;
}

interface Timing {
  median: number;
  best: number;
  /** Median CPU time of the process (all threads: compiler and GC helpers count), ms. */
  cpuMedian: number;
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

function timing(wall: number[], cpu: number[]): Timing {
  return { median: median(wall), best: Math.min(...wall), cpuMedian: median(cpu) };
}

/** Times `fn` and `floor` alternately, after warm-up runs of both: wall time and the process's CPU time. */
function measureAgainst(floor: () => unknown, fn: () => unknown, runs: number): { subject: Timing; floor: Timing } {
  for (let i = 0; i < 3; i++) {
    floor();
    fn();
  }
  const wall: [number[], number[]] = [[], []];
  const cpu: [number[], number[]] = [[], []];
  const time = (k: 0 | 1, f: () => unknown) => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    f();
    wall[k].push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu[k].push((c.user + c.system) / 1000);
  };
  for (let i = 0; i < runs; i++) {
    time(0, floor);
    time(1, fn);
  }
  return { subject: timing(wall[1], cpu[1]), floor: timing(wall[0], cpu[0]) };
}

function loadText(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

export async function run(): Promise<void> {
  const { device, supplier, readings } = generate();
  const floor = () => plainPass(device);
  const cold = <T>(fn: () => T) => () => {
    forgetPreparedChannels();
    return fn();
  };
  const loadBefore = loadText();
  const rows: [string, { subject: Timing; floor: Timing }][] = [
    ['prepare channels (status, target times, sort)', measureAgainst(floor, cold(() => prepareChannels(device)), RUNS)],
    ['§ 61/62 aggregates, cold (incl. preparation)', measureAgainst(floor, cold(() => computeConsumption(device)), RUNS)],
    ['§ 61/62 aggregates, prepared channels cached', measureAgainst(floor, () => computeConsumption(device), RUNS)],
    ['TAF-2 recomputation, cold (incl. preparation)', measureAgainst(floor, cold(() => computeTaf2(device, supplier)), RUNS)],
    ['TAF-2 recomputation, prepared channels cached', measureAgainst(floor, () => computeTaf2(device, supplier), RUNS)],
  ];
  const report = computeConsumption(device);
  const taf = computeTaf2(device, supplier);
  process.stdout.write(`readings: ${readings} on 2 channels, 24 months at 15 min; ${report.day.length} days, ${report.week.length} weeks, ${report.month.length} months; TAF-2 days: ${taf.days.length}\n`);
  process.stdout.write(`${RUNS} runs per row, each after a run of the floor (one plain pass over the readings); load average (1/5/15 min) ${loadBefore} before, ${loadText()} after\n`);
  process.stdout.write(`${''.padEnd(50)} ${'median'.padStart(9)} ${'best'.padStart(9)} ${'floor med'.padStart(9)} ${'best'.padStart(9)}  ratio (median/median, best/best; CPU median/median)\n`);
  for (const [name, { subject: t, floor: f }] of rows) {
    const ratio = t.median / f.median;
    const bestRatio = t.best / f.best;
    const cpuRatio = t.cpuMedian / f.cpuMedian;
    const ok = ratio <= GOAL_RATIO && t.median < GOAL_MS;
    process.stdout.write(
      `${name.padEnd(50)} ${t.median.toFixed(2).padStart(6)} ms ${t.best.toFixed(2).padStart(6)} ms ${f.median.toFixed(2).padStart(6)} ms ${f.best.toFixed(2).padStart(6)} ms  ${ratio.toFixed(1).padStart(5)} × / ${bestRatio.toFixed(1).padStart(5)} ×; CPU ${cpuRatio.toFixed(1).padStart(4)} ×  ${ok ? 'goal met' : `goal (≤ ${GOAL_RATIO}× floor, < ${GOAL_MS} ms) missed`}\n`,
    );
  }
}
