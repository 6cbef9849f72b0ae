/**
 * Where the verification cuts a channel's signatures into batches (the unit of the signature check cache, see
 * signature-check-cache.ts). Boundaries depend on content only: a batch ends after a signature whose hash has
 * its low 9 bits zero (1 in 512), once the batch holds at least BATCH_MIN signatures, and at the latest after
 * BATCH_MAX. A later read-out of the same gateway whose window starts some days later (the 24-month window
 * slides every day) or reaches further therefore cuts the readings they share at the same places, and finds
 * every batch in the cache except those at the edges of the window. Batches cut by count from the start of
 * the channel would all shift and none would be found.
 *
 * The hash only places boundaries; it is no part of any key or verdict. A document whose signatures are
 * crafted to meet (or miss) the condition gets batches of BATCH_MIN (or BATCH_MAX) signatures, nothing else.
 */

/** The fewest signatures in a batch that ends by content (bounds the number of batches, and cache rows). */
export const BATCH_MIN = 32;
/** The most signatures in a batch (cut there when no content boundary came). */
export const BATCH_MAX = 1024;
/** A boundary follows a signature whose hash has these bits zero: one in 512 on average. */
const BOUNDARY_MASK = 511;

export interface BatchRange {
  start: number;
  end: number;
}

/** Whether a batch may end after this signature: FNV-1a over its bytes, mixed (murmur3's finaliser). */
export function isBoundarySignature(signature: Uint8Array): boolean {
  let h = 0x811c9dc5;
  for (let i = 0; i < signature.length; i++) h = Math.imul(h ^ signature[i]!, 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h & BOUNDARY_MASK) === 0;
}

/**
 * Consecutive ranges of `items`, each within one group (`sameGroup` of its first item and every other one:
 * same channel, same key, same curve), cut by content as described above.
 */
export function cutBatches<T>(items: readonly T[], sameGroup: (first: T, other: T) => boolean, signatureOf: (item: T) => Uint8Array): BatchRange[] {
  const batches: BatchRange[] = [];
  const total = items.length;
  for (let start = 0; start < total; ) {
    const first = items[start]!;
    let end = start + 1;
    while (end < total && end - start < BATCH_MAX && sameGroup(first, items[end]!)) {
      if (end - start >= BATCH_MIN && isBoundarySignature(signatureOf(items[end - 1]!))) break;
      end++;
    }
    batches.push({ start, end });
    start = end;
  }
  return batches;
}
