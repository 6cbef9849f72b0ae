/**
 * Colour arithmetic for accessibility checks: WCAG 2.x relative luminance and contrast ratio of sRGB colours.
 * Used by the heat map's scales and by the tests that check the theme's text/background pairs.
 */
export type Rgb = readonly [number, number, number];

/** `#rgb` or `#rrggbb` as [r, g, b] (0–255); throws on anything else. */
export function parseHex(hex: string): Rgb {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) throw new Error(`not a hex colour: ${hex}`);
  const digits = m[1]!.length === 3 ? [...m[1]!].map((d) => d + d).join('') : m[1]!;
  const n = Number.parseInt(digits, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** sRGB channel (0–255) to linear light (0–1). */
export function toLinear(channel: number): number {
  const s = channel / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

/** Linear light (0–1, clamped) to an sRGB channel (0–255). */
export function fromLinear(linear: number): number {
  const l = Math.min(1, Math.max(0, linear));
  return 255 * (l <= 0.0031308 ? l * 12.92 : 1.055 * l ** (1 / 2.4) - 0.055);
}

/** WCAG 2.x relative luminance (0 black … 1 white). */
export function relativeLuminance(rgb: Rgb): number {
  return 0.2126 * toLinear(rgb[0]) + 0.7152 * toLinear(rgb[1]) + 0.0722 * toLinear(rgb[2]);
}

/** WCAG 2.x contrast ratio (1–21) of two colours. */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}
