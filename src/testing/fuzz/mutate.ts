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

/**
 * Mutations of one of several seeds, the seed's index in the first two bytes (big endian) of the input, so that
 * a target knows which seed was mutated (which recorded answer, which supplier file) and a saved input
 * replays exactly. The index itself is never mutated.
 */
export function indexedMutations(seeds: readonly Uint8Array[], mutate: (seed: Uint8Array) => fc.Arbitrary<Uint8Array> = (seed) => mutatedBytes([seed])): fc.Arbitrary<Uint8Array> {
  return fc.nat({ max: seeds.length - 1 }).chain((index) =>
    mutate(seeds[index]!).map((bytes) => {
      const out = Buffer.alloc(2 + bytes.length);
      out.writeUInt16BE(index, 0);
      out.set(bytes, 2);
      return new Uint8Array(out);
    }),
  );
}

/** The seed index and the mutated bytes of an input made by indexedMutations. */
export function splitIndexed(input: Uint8Array): { index: number; bytes: Buffer } {
  const buffer = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  return { index: buffer.length >= 2 ? buffer.readUInt16BE(0) : 0, bytes: buffer.subarray(2) };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Values a JSON field gets instead of its own: other types, empty, out of range, numbers as text and back. */
const JSON_VALUES: fc.Arbitrary<Json | 'same-as-text' | 'same-as-number' | 'delete'> = fc.constantFrom<Json | 'same-as-text' | 'same-as-number' | 'delete'>(
  null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, '', 'x', '-1', '1e999', 'NaN', '0x10', '2024-13-45T25:61:00Z', [], {}, [null], { '': null },
  'same-as-text', 'same-as-number', 'delete',
);

function jsonNodes(value: Json, out: { parent: Json[] | { [key: string]: Json }; key: string | number }[] = []): typeof out {
  if (value === null || typeof value !== 'object') return out;
  for (const [key, v] of Array.isArray(value) ? value.entries() : Object.entries(value)) {
    out.push({ parent: value, key });
    jsonNodes(v, out);
  }
  return out;
}

/**
 * Structure-aware mutations of a JSON document: up to `maxMutations` fields (any depth) replaced by a value of
 * another type, emptied, turned to text or number, or deleted. Byte mutations break the syntax of most
 * documents at the first character; these reach the code that reads the fields.
 */
export function mutatedJson(seed: Uint8Array, maxMutations = 4): fc.Arbitrary<Uint8Array> {
  const text = Buffer.from(seed).toString('utf8');
  return fc.array(fc.record({ at: fc.nat(), value: JSON_VALUES }), { minLength: 1, maxLength: maxMutations }).map((mutations) => {
    const doc = JSON.parse(text) as Json;
    for (const m of mutations) {
      const nodes = jsonNodes(doc);
      if (nodes.length === 0) break;
      const { parent, key } = nodes[m.at % nodes.length]!;
      const current = (parent as Record<string | number, Json>)[key]!;
      if (m.value === 'delete') {
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete parent[key as string];
      } else {
        const value = m.value === 'same-as-text' ? JSON.stringify(current) : m.value === 'same-as-number' ? Number(current) : structuredClone(m.value);
        (parent as Record<string | number, Json>)[key] = typeof value === 'number' && !Number.isFinite(value) ? null : value;
      }
    }
    return new Uint8Array(Buffer.from(JSON.stringify(doc), 'utf8'));
  });
}

/** Texts an XML element or attribute gets instead of its own. */
const XML_TEXTS = ['', ' ', 'x', '-1', '0', '1.5', '1e999', '99999999999999999999', 'NaN', '0x10', '2024-13-45T25:61:00Z', '2024-10-01T00:00:00', '&lt;', '&#0;', ']]>', 'a'.repeat(5000)];

/**
 * Structure-aware mutations of an XML document: up to `maxMutations` element texts or attribute values
 * replaced by texts of another kind (empty, out of range, not a number, not a time), markup kept intact.
 */
export function mutatedXml(seed: Uint8Array, maxMutations = 4): fc.Arbitrary<Uint8Array> {
  const text = Buffer.from(seed).toString('utf8');
  const spans: [number, number][] = [];
  for (const m of text.matchAll(/>([^<]+)</g)) spans.push([m.index + 1, m.index + 1 + m[1]!.length]);
  for (const m of text.matchAll(/="([^"]*)"/g)) spans.push([m.index + 2, m.index + 2 + m[1]!.length]);
  if (spans.length === 0) return mutatedBytes([seed]);
  spans.sort((a, b) => a[0] - b[0]);
  return fc.uniqueArray(fc.record({ at: fc.nat({ max: spans.length - 1 }), value: fc.constantFrom(...XML_TEXTS) }), { minLength: 1, maxLength: maxMutations, selector: (m) => m.at }).map((mutations) => {
    let out = text;
    // from the end, so that earlier spans keep their offsets
    for (const m of [...mutations].sort((a, b) => b.at - a.at)) {
      const [from, to] = spans[m.at]!;
      out = out.slice(0, from) + m.value + out.slice(to);
    }
    return new Uint8Array(Buffer.from(out, 'utf8'));
  });
}

/** Byte mutations of any seed; for a seed that is JSON or XML, structure-aware mutations as often. */
export function mutatedDocument(seed: Uint8Array): fc.Arbitrary<Uint8Array> {
  const text = Buffer.from(seed).toString('utf8');
  if (/^\s*</.test(text)) return fc.oneof(mutatedBytes([seed]), mutatedXml(seed));
  try {
    JSON.parse(text);
  } catch {
    return mutatedBytes([seed]);
  }
  return fc.oneof(mutatedBytes([seed]), mutatedJson(seed));
}
