/**
 * The heat map's colour scales.
 * - Import and export: viridis (sequential, perceptually uniform, dark to light so low and high differ in
 *   luminance, not only hue; readable for the common colour-vision deficiencies).
 * - Net (import − export): diverging around zero. Zero is a neutral light grey; drawing from the grid
 *   (net > 0) runs to a dark orange-brown, feeding in (net < 0) to a lighter blue. The two arms differ in hue
 *   along the blue–yellow axis that protanopia and deuteranopia keep, and in luminance at every magnitude
 *   (the import arm is always the darker one), so they stay apart without colour vision too. Each arm is a
 *   straight line in CIELAB from the neutral, so lightness changes evenly with the value.
 *   (heat-scale.test.ts checks this with a dichromacy simulation.)
 */
import { fromLab, toLab, type Rgb } from '../a11y/colour';

export type HeatScaleKind = 'sequential' | 'diverging';

export interface HeatScale {
  kind: HeatScaleKind;
  /** The value at the scale's left end (for diverging: −limit, the largest export surplus). */
  min: number;
  /** The value at the right end (for diverging: +limit). */
  max: number;
}

/** Stops from matplotlib's viridis. */
const VIRIDIS: readonly Rgb[] = [
  [68, 1, 84],
  [72, 40, 120],
  [62, 74, 137],
  [49, 104, 142],
  [38, 130, 142],
  [31, 158, 137],
  [53, 183, 121],
  [109, 205, 89],
  [180, 222, 44],
  [253, 231, 37],
];

/** Net: zero, the import end (drawn from the grid) and the export end (fed in). */
export const NET_NEUTRAL: Rgb = [242, 242, 242];
export const NET_IMPORT: Rgb = [138, 46, 0];
export const NET_EXPORT: Rgb = [61, 133, 198];

/** The sequential scale colour of a value between min and max (clamped), as [r, g, b]. */
export function heatColor(value: number, min: number, max: number): [number, number, number] {
  const f = max > min ? Math.min(1, Math.max(0, (value - min) / (max - min))) : 0;
  const pos = f * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(pos));
  const w = pos - i;
  const a = VIRIDIS[i]!;
  const b = VIRIDIS[i + 1]!;
  return [0, 1, 2].map((k) => Math.round(a[k]! + (b[k]! - a[k]!) * w)) as [number, number, number];
}

const NEUTRAL_LAB = toLab(NET_NEUTRAL);
const IMPORT_LAB = toLab(NET_IMPORT);
const EXPORT_LAB = toLab(NET_EXPORT);

/** Colours of the net scale in 256 steps per arm (index 0 = neutral), built once. */
function arm(end: readonly [number, number, number]): [number, number, number][] {
  return Array.from({ length: 257 }, (_, i) => {
    const f = i / 256;
    return fromLab([0, 1, 2].map((k) => NEUTRAL_LAB[k]! + (end[k]! - NEUTRAL_LAB[k]!) * f) as [number, number, number]);
  });
}
const IMPORT_ARM = arm(IMPORT_LAB);
const EXPORT_ARM = arm(EXPORT_LAB);

/** The diverging net colour of a value in [−limit, +limit] (clamped); zero and a zero limit are neutral. */
export function netColor(value: number, limit: number): [number, number, number] {
  if (!(limit > 0) || value === 0) return [...NET_NEUTRAL];
  const f = Math.min(1, Math.abs(value) / limit);
  const step = Math.round(f * 256);
  return [...(value > 0 ? IMPORT_ARM : EXPORT_ARM)[step]!];
}

/** The scale of a grid: net diverges around zero with a symmetric range; import and export span min…max. */
export function heatScale(direction: string, min: number, max: number): HeatScale {
  if (direction !== 'net') return { kind: 'sequential', min, max };
  const limit = Math.max(Math.abs(min), Math.abs(max));
  return { kind: 'diverging', min: -limit, max: limit };
}

export function scaleColor(value: number, scale: HeatScale): [number, number, number] {
  return scale.kind === 'diverging' ? netColor(value, scale.max) : heatColor(value, scale.min, scale.max);
}

/** A CSS gradient of the scale (left = min, right = max), for the legend. */
export function heatGradient(kind: HeatScaleKind = 'sequential'): string {
  const css = ([r, g, b]: Rgb, at: number) => `rgb(${r} ${g} ${b}) ${Math.round(at)}%`;
  if (kind === 'sequential') return `linear-gradient(to right, ${VIRIDIS.map((c, i) => css(c, (i / (VIRIDIS.length - 1)) * 100)).join(', ')})`;
  const stops = [-1, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75, 1].map((f) => css(netColor(f, 1), (f + 1) * 50));
  return `linear-gradient(to right, ${stops.join(', ')})`;
}
