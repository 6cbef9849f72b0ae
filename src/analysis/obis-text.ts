/**
 * OBIS codes as users write them: `1-0:1.8.1*255`, `1-0:1.8.1` or `1.8.1` all name the same register.
 * Used by the billed values (report) and the prices (bill cost) so both accept the same spellings.
 */
const OBIS = /^(?:(\d{1,3})-(\d{1,3}):)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\*(\d{1,3}))?$/;

/** The full form `A-B:C.D.E*F` (A-B default 1-0, F default 255), or undefined when the text is no OBIS code. */
export function normalizeObisText(text: string): string | undefined {
  const match = OBIS.exec(text.trim());
  if (!match) return undefined;
  const [, a = '1', b = '0', c, d, e, f = '255'] = match;
  return `${a}-${b}:${c}.${d}.${e}*${f}`;
}
