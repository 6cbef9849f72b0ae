/**
 * Byte-level mutations of valid inputs (fast-check arbitraries): flipped bits, bytes replaced by values
 * parsers trip over, ranges deleted, duplicated or truncated, random bytes inserted. Starting from a valid
 * input keeps most cases past the first check, where the interesting code is.
 */
import fc from 'fast-check';

type Mutation =
  | { op: 'flip'; at: number; bit: number }
  | { op: 'set'; at: number; value: number }
  | { op: 'delete'; at: number; length: number }
  | { op: 'duplicate'; at: number; length: number }
  | { op: 'insert'; at: number; bytes: Uint8Array }
  | { op: 'truncate'; at: number };

/** Bytes that end, open or break structures: NUL, CR/LF, quotes, markup, high and sign bits. */
const INTERESTING = [0x00, 0x0a, 0x0d, 0x22, 0x26, 0x2c, 0x2f, 0x30, 0x3b, 0x3c, 0x3e, 0x7f, 0x80, 0xff];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: fc.constantFrom(...INTERESTING) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 256 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);

function apply(input: Uint8Array, m: Mutation): Uint8Array {
  if (input.length === 0) return m.op === 'insert' ? m.bytes : input;
  const at = m.at % input.length;
  const out = Buffer.from(input);
  switch (m.op) {
    case 'flip':
      out[at] = out[at]! ^ (1 << m.bit);
      return out;
    case 'set':
      out[at] = m.value;
      return out;
    case 'delete':
      return Buffer.concat([out.subarray(0, at), out.subarray(at + m.length)]);
    case 'duplicate':
      return Buffer.concat([out.subarray(0, at + m.length), out.subarray(at)]);
    case 'insert':
      return Buffer.concat([out.subarray(0, at), m.bytes, out.subarray(at)]);
    case 'truncate':
      return out.subarray(0, at);
  }
}

/** One of the seeds with up to `maxMutations` mutations applied in order. */
export function mutatedBytes(seeds: readonly Uint8Array[], maxMutations = 6): fc.Arbitrary<Uint8Array> {
  return fc
    .record({ seed: fc.nat({ max: seeds.length - 1 }), mutations: fc.array(mutation, { minLength: 1, maxLength: maxMutations }) })
    .map(({ seed, mutations }) => mutations.reduce(apply, seeds[seed]!));
}
