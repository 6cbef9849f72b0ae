import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BATCH_MAX, BATCH_MIN, cutBatches, isBoundarySignature, type BatchRange } from './batch-boundaries';

/** 64 pseudo-random bytes per item (as an ECDSA signature's r and s look), the same in every run. */
function signatures(count: number, seed: string): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => new Uint8Array(createHash('sha512').update(`${seed}/${i}`).digest()));
}

const one = () => true;
const self = (s: Uint8Array) => s;

/** The items of `window` (a slice of `all` from `offset`) whose batch is not one of the batches of `before` (a slice from `beforeOffset`). */
function rechecked(before: BatchRange[], beforeOffset: number, window: BatchRange[], offset: number): number {
  const known = new Set(before.map((b) => `${b.start + beforeOffset}-${b.end + beforeOffset}`));
  return window.filter((b) => !known.has(`${b.start + offset}-${b.end + offset}`)).reduce((n, b) => n + b.end - b.start, 0);
}

describe('content-defined batch boundaries', () => {
  const all = signatures(60_000, 'batch-boundaries');

  it('cuts batches of BATCH_MIN … BATCH_MAX signatures, about 512 on average, only after a boundary signature or at BATCH_MAX', () => {
    const batches = cutBatches(all, one, self);
    expect(batches[0]!.start).toBe(0);
    expect(batches.at(-1)!.end).toBe(all.length);
    for (let i = 1; i < batches.length; i++) expect(batches[i]!.start).toBe(batches[i - 1]!.end);
    for (const b of batches.slice(0, -1)) {
      const size = b.end - b.start;
      expect(size).toBeLessThanOrEqual(BATCH_MAX);
      if (size < BATCH_MAX) {
        expect(size).toBeGreaterThanOrEqual(BATCH_MIN);
        expect(isBoundarySignature(all[b.end - 1]!)).toBe(true);
      }
    }
    const mean = all.length / batches.length;
    expect(mean).toBeGreaterThan(350);
    expect(mean).toBeLessThan(650);
  });

  it('never puts two groups (channels, keys) in one batch', () => {
    const groups = all.slice(0, 5_000).map((s, i) => ({ s, group: Math.floor(i / 700) }));
    const batches = cutBatches(groups, (a, b) => a.group === b.group, (x) => x.s);
    for (const b of batches) expect(groups[b.end - 1]!.group).toBe(groups[b.start]!.group);
    expect(new Set(batches.map((b) => groups[b.start]!.group)).size).toBe(8);
  });

  it('a window slid by some days, or reaching further, cuts the readings it shares with the earlier one at the same places', () => {
    const length = 40_000;
    const first = cutBatches(all.slice(0, length), one, self);
    const extra: number[] = [];
    // Slid by 1 … 30 days of 15-minute readings: the new window's newest days are new, the rest is shared.
    for (let days = 1; days <= 30; days++) {
      const offset = days * 96;
      const window = cutBatches(all.slice(offset, offset + length), one, self);
      const again = rechecked(first, 0, window, offset);
      expect(again).toBeGreaterThanOrEqual(offset);
      extra.push(again - offset);
    }
    // Appended: only the last batch of the earlier window is cut anew.
    const appended = cutBatches(all.slice(0, length + 3_000), one, self);
    const appendedAgain = rechecked(first, 0, appended, 0) - 3_000;
    expect(appendedAgain).toBeGreaterThanOrEqual(0);
    expect(appendedAgain).toBeLessThanOrEqual(BATCH_MAX);
    // Beyond the new readings, each slid window checks again only its edge batches: about one batch at the
    // start (up to the first boundary) and the earlier window's last one; never more than a few batches.
    expect(Math.max(...extra)).toBeLessThanOrEqual(4 * BATCH_MAX);
    expect(extra.reduce((a, b) => a + b, 0) / extra.length).toBeLessThanOrEqual(2 * BATCH_MAX);
    // Batches counted from the window's start would share nothing.
    expect(extra.every((n) => n < length / 4)).toBe(true);
  });
});
