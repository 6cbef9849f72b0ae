/** Small scanners over the parser's text: encoding detection, integers, fixed texts, copies detached from the parser's chunk. */
import { isHex } from './hex';

export function detectEncoding(head: Uint8Array): string {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const prolog = Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, 200)).toString('latin1');
  const match = /^(?:\uFEFF|\u00EF\u00BB\u00BF)?<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/.exec(prolog);
  const declared = match?.[1]?.toLowerCase();
  if (declared === 'iso-8859-1' || declared === 'latin1' || declared === 'windows-1252' || declared === 'iso-8859-15') return 'windows-1252';
  return 'utf-8';
}

export function parseInteger(text: string, signed: boolean): number | undefined {
  const n = text.length;
  if (n === 0 || n > 20) return undefined;
  let i = 0;
  let negative = false;
  const first = text.charCodeAt(0);
  if (first === 43 || first === 45) {
    if (first === 45) {
      if (!signed) {
        // "-0" is a valid unsigned value in XSD; anything else is not
        if (!/^-0+$/.test(text)) return undefined;
      }
      negative = true;
    }
    i = 1;
    if (n === 1) return undefined;
  }
  let value = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return undefined;
    value = value * 10 + c;
  }
  if (!Number.isSafeInteger(value)) return undefined;
  return negative ? -value || 0 : value;
}

export const PREDEFINED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Plain digits (and a leading minus when signed) in s[from, to); undefined for anything else. */
export function integerAt(s: string, from: number, to: number, signed: boolean): number | undefined {
  if (to <= from || to - from > 15) return undefined;
  let i = from;
  let negative = false;
  if (signed && s.charCodeAt(i) === 45) {
    negative = true;
    i++;
    if (i === to) return undefined;
  }
  let n = 0;
  for (; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return undefined;
    n = n * 10 + c;
  }
  return negative ? -n || 0 : n;
}

export function sameText(s: string, from: number, text: string): boolean {
  for (let i = 0; i < text.length; i++) if (s.charCodeAt(from + i) !== text.charCodeAt(i)) return false;
  return true;
}

export function isFnnText(s: string): boolean {
  return s.length === 16 && isHex(s);
}

/**
 * A copy of the text that does not point into the parser's input chunk: saxes hands out slices of the
 * chunk, and one long slice kept in the model would keep the whole chunk alive.
 */
export function flat(text: string): string {
  // concatenating and slicing makes V8 copy the characters into a string of this size
  return text.length < 13 ? text : (text + ' ').slice(0, -1);
}

export function short(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

