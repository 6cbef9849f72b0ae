/**
 * OBIS codes (IEC 62056-61): in AR 2418-6 as 12 hex characters (`0100010800FF`), shown as
 * `1-0:1.8.0*255`. The model keeps them as lower-case hex.
 */

export const OBIS = {
  importTotal: '0100010800ff',
  exportTotal: '0100020800ff',
  importTariff1: '0100010801ff',
  importErrorRegister: '010001083fff',
  gasVolume: '0700030100ff',
} as const;

/** Tariff stage e = 63 is the error register. */
export const ERROR_REGISTER_STAGE = 63;

export interface ObisParts {
  /** Medium: 1 electricity, 7 gas, 6 heat, 8 water, … */
  a: number;
  b: number;
  /** Quantity: 1 import active energy, 2 export active energy, … */
  c: number;
  d: number;
  /** Tariff stage (0 = total, 63 = error register). */
  e: number;
  f: number;
}

const HEX12 = /^[0-9a-fA-F]{12}$/;

export function isObisHex(text: string): boolean {
  return HEX12.test(text);
}

/** Lower-case hex of a valid OBIS hex code, undefined otherwise. */
export function normalizeObisHex(text: string): string | undefined {
  return HEX12.test(text) ? text.toLowerCase() : undefined;
}

export function obisParts(hex: string): ObisParts | undefined {
  if (!HEX12.test(hex)) return undefined;
  const b = (i: number) => parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return { a: b(0), b: b(1), c: b(2), d: b(3), e: b(4), f: b(5) };
}

/** `0100010800FF` → `1-0:1.8.0*255`; undefined when the hex is not an OBIS code. */
export function obisHexToText(hex: string): string | undefined {
  const p = obisParts(hex);
  return p ? `${p.a}-${p.b}:${p.c}.${p.d}.${p.e}*${p.f}` : undefined;
}

const TEXT = /^\s*(?:(\d{1,3})-(\d{1,3}):)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:[*&](\d{1,3}))?\s*$/;

/** `1-0:1.8.0*255` (also `1-0:1.8.0`, `1.8.0`) → `0100010800ff`; undefined when not an OBIS text. */
export function obisTextToHex(text: string): string | undefined {
  const m = TEXT.exec(text);
  if (!m) return undefined;
  const values = [m[1] ?? '1', m[2] ?? '0', m[3], m[4], m[5], m[6] ?? '255'].map(Number);
  if (values.some((v) => !(v >= 0 && v <= 255))) return undefined;
  return values.map((v) => v.toString(16).padStart(2, '0')).join('');
}

/** Accepts hex or text form, returns lower-case hex. */
export function toObisHex(code: string): string | undefined {
  return normalizeObisHex(code) ?? obisTextToHex(code);
}

/**
 * The error register is known by its OBIS code (value group E = 63), not by its tariff number: a supplier
 * file numbers its stages freely (the TAF-7 sample of January 2018 gives its Fehlerregister, 1.8.63, tariff
 * number 3, and another file uses 3 for export tariff 1).
 */
export function isErrorRegister(code: string): boolean {
  const hex = toObisHex(code);
  return hex !== undefined && obisTariffStage(hex) === ERROR_REGISTER_STAGE;
}

export function obisEquals(a: string, b: string): boolean {
  const x = toObisHex(a);
  return x !== undefined && x === toObisHex(b);
}

/** Tariff stage (value group E). */
export function obisTariffStage(hex: string): number | undefined {
  return obisParts(hex)?.e;
}

/** The same register with another tariff stage, e.g. 1.8.0 → 1.8.1. */
export function withTariffStage(hex: string, stage: number): string | undefined {
  const n = normalizeObisHex(hex);
  if (!n || stage < 0 || stage > 255) return undefined;
  return n.slice(0, 8) + stage.toString(16).padStart(2, '0') + n.slice(10);
}

export type EnergyDirection = 'import' | 'export';

/** Electricity active energy direction of a register (1.8.x import, 2.8.x export). */
export function obisDirection(hex: string): EnergyDirection | undefined {
  const p = obisParts(hex);
  if (!p || p.a !== 1) return undefined;
  if (p.c === 1) return 'import';
  if (p.c === 2) return 'export';
  return undefined;
}

export function describeObis(hex: string): { de: string; en: string } {
  const p = obisParts(hex);
  if (!p) return { de: 'unbekannte Kennzahl', en: 'unknown code' };
  const stage = p.e === 0 ? { de: 'Summe', en: 'total' } : p.e === ERROR_REGISTER_STAGE ? { de: 'Fehlerregister', en: 'error register' } : { de: `Tarif ${p.e}`, en: `tariff ${p.e}` };
  if (p.a === 1 && p.c === 1 && p.d === 8) return { de: `Bezug Wirkenergie, ${stage.de}`, en: `active energy import, ${stage.en}` };
  if (p.a === 1 && p.c === 2 && p.d === 8) return { de: `Einspeisung Wirkenergie, ${stage.de}`, en: `active energy export, ${stage.en}` };
  if (p.a === 7) return { de: 'Gas Volumen', en: 'gas volume' };
  if (p.a === 6) return { de: 'Wärme', en: 'heat' };
  if (p.a === 8) return { de: 'Wasser', en: 'water' };
  return { de: obisHexToText(hex) ?? '', en: obisHexToText(hex) ?? '' };
}
