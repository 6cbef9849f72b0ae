/**
 * Gateway ids per DIN 43863-5: `E` + FLAG manufacturer code (3 letters) + 2-digit fabrication block +
 * 8 digits, e.g. `EPPC0210486901`. Also written in hex (`0A0E5050430200A00475`: length byte, medium,
 * FLAG in ASCII, block, number in hex) and in lower case with a `.sm` suffix (`elgz0012345678.sm`).
 */

export interface GatewayId {
  /** Canonical form, e.g. `EPPC0210486901`. */
  id: string;
  /** Medium / device type letter, `E` for gateways (meters use a digit, e.g. `1EMH…`). */
  medium: string;
  /** FLAG manufacturer code, e.g. `PPC`. */
  flag: string;
  /** Fabrication block, two digits. */
  block: string;
  /** Serial number, eight digits. */
  serial: string;
}

export const FLAG_VENDORS: Record<string, string> = {
  PPC: 'Power Plus Communications',
  EMH: 'EMH metering',
  THE: 'Theben',
  DNT: 'Sagemcom Dr. Neuhaus',
  LGZ: 'Landis+Gyr',
  KIG: 'Kiwigrid',
  DVL: 'devolo',
  EFR: 'EFR',
  DGY: 'Discovergy',
};

const PLAIN = /^([A-Z0-9])([A-Z]{3})(\d{2})(\d{8})$/;
const HEX_FORM = /^0A[0-9A-F]{2}([0-9A-F]{6})([0-9A-F]{2})([0-9A-F]{8})$/;

/** Parses any of the written forms; undefined when the text is none of them. */
export function parseGatewayId(text: string): GatewayId | undefined {
  let t = text.trim();
  if (t.toLowerCase().endsWith('.sm')) t = t.slice(0, -3);
  t = t.toUpperCase();
  const plain = PLAIN.exec(t);
  if (plain) {
    const [, medium = '', flag = '', block = '', serial = ''] = plain;
    return { id: t, medium, flag, block, serial };
  }
  const hex = HEX_FORM.exec(t);
  if (hex) {
    const [, flagHex = '', blockHex = '', serialHex = ''] = hex;
    const flag = Buffer.from(flagHex, 'hex').toString('latin1');
    if (!/^[A-Z]{3}$/.test(flag)) return undefined;
    const mediumCode = parseInt(t.slice(2, 4), 16);
    const medium = mediumCode === 0x0e ? 'E' : mediumCode.toString(16).toUpperCase();
    const block = String(parseInt(blockHex, 16)).padStart(2, '0');
    const serial = String(parseInt(serialHex, 16)).padStart(8, '0');
    if (block.length !== 2 || serial.length !== 8) return undefined;
    return { id: `${medium}${flag}${block}${serial}`, medium, flag, block, serial };
  }
  return undefined;
}

/** Canonical id, or the trimmed upper-case text without `.sm` when it cannot be parsed. */
export function normalizeGatewayId(text: string): string {
  const parsed = parseGatewayId(text);
  if (parsed) return parsed.id;
  const t = text.trim();
  return (t.toLowerCase().endsWith('.sm') ? t.slice(0, -3) : t).toUpperCase();
}

/** Same gateway, whatever the written form (case-insensitive, `.sm`, hex). */
export function sameGatewayId(a: string, b: string): boolean {
  return normalizeGatewayId(a) === normalizeGatewayId(b);
}

/** FLAG manufacturer code of a gateway id, e.g. `PPC`. */
export function gatewayFlag(text: string): string | undefined {
  return parseGatewayId(text)?.flag;
}

/** Hex form of a device id, e.g. `EPPC0210486901` → `0A0E5050430200A00475`, `1EMH0006153313` → `0A01454D4800005DE461`. */
export function gatewayIdToHex(text: string): string | undefined {
  const p = parseGatewayId(text);
  if (!p || !/^[0-9A-F]$/.test(p.medium)) return undefined;
  const serial = Number(p.serial);
  const block = Number(p.block);
  return `0A0${p.medium}${Buffer.from(p.flag, 'latin1').toString('hex')}${block.toString(16).padStart(2, '0')}${serial.toString(16).padStart(8, '0')}`.toUpperCase();
}

/** Consumer id as used for the HAN login (gateway user without `.sm`). */
export function stripSmSuffix(text: string): string {
  return text.toLowerCase().endsWith('.sm') ? text.slice(0, -3) : text;
}
