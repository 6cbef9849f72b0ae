import { berlinParts } from '../../model/time/berlin';

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** `dd.MM.yyyy HH:mm:ss` in Europe/Berlin legal time, as TRuDI wrote it. */
export function germanDateTime(epochMs: number): string {
  const p = berlinParts(epochMs);
  return `${pad2(p.day)}.${pad2(p.month)}.${p.year} ${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}`;
}
