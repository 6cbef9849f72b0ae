/**
 * Memory: the columns of a prepared channel that nothing refers to any more are freed by minor GCs
 * (scavenges). They once were not (fixed in 76cc830): with the lazy getters created as closures inside
 * buildChannel, the columns of dropped channels stayed until a full collection, and cold analyses of a
 * 24-month read-out made V8 run one about every 25 runs ("external memory pressure").
 * The measure is the process's ArrayBuffer bytes after forced scavenges (no timing); a control run that
 * keeps the channels shows that the measure sees retained columns.
 */
import { describe, expect, it } from 'vitest';
import { berlinTime } from '../model/time/berlin';
import type { MeterReading } from '../model/types';
import { buildChannel } from './channel';
import { arrayBufferBytes, fullGc, minorGc, nextTurn } from './testing/garbage';
import { makeOvl, seededRandom } from './testing/fixtures';

const WARM_UP = 3;
const BUILDS = 12;

/** One year at 15 minutes, capture times 3 s late (target times computed), FNN statuses. */
function yearList(): MeterReading {
  const rnd = seededRandom(61);
  const list = makeOvl({ start: berlinTime(2024, 1, 1), end: berlinTime(2025, 1, 1), periodSeconds: 900, captureDelaySeconds: 3, step: () => Math.floor(rnd() * 100) });
  for (const r of list.intervalBlocks[0]!.readings) {
    delete r.statusPTB;
    r.statusFNN = 'A000000020000000';
  }
  return list;
}

/** The same readings delivered out of order, with a repeat (the sort and compaction path). */
function shuffledList(): MeterReading {
  const list = yearList();
  const readings = list.intervalBlocks[0]!.readings;
  const rnd = seededRandom(62);
  for (let i = readings.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [readings[i], readings[j]] = [readings[j]!, readings[i]!];
  }
  readings.push({ ...readings[0]! });
  return list;
}

/** In a function of its own, so that the channel does not stay in the caller's (async) frame. */
function build(list: MeterReading, keep: unknown[] | undefined): void {
  const channel = buildChannel(list);
  keep?.push(channel);
}

/**
 * ArrayBuffer bytes gained over each build after WARM_UP builds, each build followed by two scavenges (a
 * per-build figure leaves out buffers that other code frees meanwhile; in the first builds, while the code
 * is not yet optimised, a scavenge may run within a build and promote its temporaries); `keep` retains
 * the channels.
 */
async function growthPerBuild(list: MeterReading, keep: unknown[] | undefined): Promise<number[]> {
  fullGc();
  await nextTurn();
  const growth: number[] = [];
  for (let i = 0; i < WARM_UP + BUILDS; i++) {
    const before = arrayBufferBytes();
    build(list, keep);
    await nextTurn();
    minorGc();
    minorGc();
    if (i >= WARM_UP) growth.push(arrayBufferBytes() - before);
  }
  return growth;
}

/** Bytes of the columns every channel has: times, values (8 bytes a reading) and status (1 byte). */
function columnBytes(list: MeterReading): number {
  const probe = buildChannel(list);
  return probe.times.byteLength + probe.values.byteLength + probe.status.byteLength;
}

// The checks run before the control: once V8 has seen channels survive, it may allocate later ones in the
// old generation directly (allocation-site pretenuring), where only a full collection frees them.
describe('prepared channel memory', () => {
  it('frees the columns of dropped channels in minor GCs (list in order)', async () => {
    const list = yearList();
    const bytes = columnBytes(list);
    for (const g of await growthPerBuild(list, undefined)) expect(g).toBeLessThan(bytes / 2);
  });

  it('frees the columns of dropped channels in minor GCs (list out of order, with a repeat)', async () => {
    const list = shuffledList();
    const bytes = columnBytes(list);
    for (const g of await growthPerBuild(list, undefined)) expect(g).toBeLessThan(bytes / 2);
  });

  it('control: the measure sees the columns of channels still referred to', async () => {
    const list = yearList();
    const bytes = columnBytes(list);
    expect(bytes).toBeGreaterThan(500_000);
    const kept: unknown[] = [];
    for (const g of await growthPerBuild(list, kept)) expect(g).toBeGreaterThanOrEqual(bytes);
    expect(kept).toHaveLength(WARM_UP + BUILDS);
  });
});
