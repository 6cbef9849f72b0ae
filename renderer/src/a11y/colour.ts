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

/** CIELAB (D65) of an sRGB colour: L* 0–100, a*, b*. */
export type Lab = readonly [number, number, number];

const WHITE = [0.95047, 1, 1.08883] as const;
const labF = (t: number) => (t > (6 / 29) ** 3 ? Math.cbrt(t) : t / (3 * (6 / 29) ** 2) + 4 / 29);
const labFInv = (t: number) => (t > 6 / 29 ? t ** 3 : 3 * (6 / 29) ** 2 * (t - 4 / 29));

export function toLab(rgb: Rgb): Lab {
  const [r, g, b] = rgb.map(toLinear) as [number, number, number];
  const x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / WHITE[0];
  const y = (0.2126729 * r + 0.7151522 * g + 0.072175 * b) / WHITE[1];
  const z = (0.0193339 * r + 0.119192 * g + 0.9503041 * b) / WHITE[2];
  const [fx, fy, fz] = [labF(x), labF(y), labF(z)];
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

/** sRGB (rounded, clamped to the gamut) of a CIELAB colour. */
export function fromLab(lab: Lab): [number, number, number] {
  const fy = (lab[0] + 16) / 116;
  const x = labFInv(fy + lab[1] / 500) * WHITE[0];
  const y = labFInv(fy) * WHITE[1];
  const z = labFInv(fy - lab[2] / 200) * WHITE[2];
  const r = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
  const g = -0.969266 * x + 1.8760108 * y + 0.041556 * z;
  const b = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
  return [r, g, b].map((c) => Math.round(fromLinear(c))) as [number, number, number];
}

/** CIE76 colour difference ΔE*ab (≈ 2.3 is a just-noticeable difference; > 20 reads as another colour). */
export function deltaE(a: Rgb, b: Rgb): number {
  const [l1, a1, b1] = toLab(a);
  const [l2, a2, b2] = toLab(b);
  return Math.hypot(l1 - l2, a1 - a2, b1 - b2);
}

export type ColourVision = 'protanopia' | 'deuteranopia' | 'tritanopia';

/** Machado, Oliveira & Fernandes (2009), severity 1.0: matrices on linear RGB. */
const MACHADO: Record<ColourVision, readonly number[]> = {
  protanopia: [0.152286, 1.052583, -0.204868, 0.114503, 0.786281, 0.099216, -0.003882, -0.048116, 1.051998],
  deuteranopia: [0.367322, 0.860646, -0.227968, 0.280085, 0.672501, 0.047413, -0.01182, 0.04294, 0.968881],
  tritanopia: [1.255528, -0.076749, -0.178779, -0.078411, 0.930809, 0.147602, 0.004733, 0.691367, 0.3039],
};

/** How a colour looks with a dichromacy (simulation after Machado et al. 2009). */
export function simulateColourVision(rgb: Rgb, vision: ColourVision): [number, number, number] {
  const m = MACHADO[vision];
  const lin = rgb.map(toLinear);
  return [0, 1, 2].map((row) => Math.round(fromLinear(m[row * 3]! * lin[0]! + m[row * 3 + 1]! * lin[1]! + m[row * 3 + 2]! * lin[2]!))) as [number, number, number];
}
