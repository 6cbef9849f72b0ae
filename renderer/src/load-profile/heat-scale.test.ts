/**
 * The heat map's colour scales, with colour-blind separation checked on the computed colours: protanopia,
 * deuteranopia and tritanopia simulated (Machado et al. 2009), differences as CIE76 ΔE.
 */
import { describe, expect, it } from 'vitest';
import { contrastRatio, deltaE, relativeLuminance, simulateColourVision, toLab, type ColourVision, type Rgb } from '../a11y/colour';
import { readThemeCss, resolveColour } from '../testing/theme-css';
import { NET_EXPORT, NET_IMPORT, NET_NEUTRAL, heatColor, heatGradient, heatScale, netColor, scaleColor } from './heat-scale';

const VISIONS: readonly ColourVision[] = ['protanopia', 'deuteranopia', 'tritanopia'];
const seen = (c: Rgb, vision: ColourVision | 'normal') => (vision === 'normal' ? c : simulateColourVision(c, vision));
const steps = (n: number) => Array.from({ length: n + 1 }, (_, i) => i / n);

describe('sequential scale (import, export)', () => {
  it('viridis from dark violet to yellow, clamped; lightness rises with the value', () => {
    expect(heatColor(0, 0, 4)).toEqual([68, 1, 84]);
    expect(heatColor(4, 0, 4)).toEqual([253, 231, 37]);
    expect(heatColor(9, 0, 4)).toEqual([253, 231, 37]);
    const mid = heatColor(2, 0, 4);
    expect(mid[1]).toBeGreaterThan(100);
    expect(mid[1]).toBeLessThan(200);
    const lightness = steps(50).map((f) => toLab(heatColor(f, 0, 1))[0]);
    for (let i = 1; i < lightness.length; i++) expect(lightness[i]!).toBeGreaterThan(lightness[i - 1]!);
    expect(heatScale('import', 0.5, 3)).toEqual({ kind: 'sequential', min: 0.5, max: 3 });
    expect(scaleColor(3, heatScale('export', 0.5, 3))).toEqual([253, 231, 37]);
  });
});

describe('net scale (import − export), diverging', () => {
  it('is symmetric around zero, zero neutral grey, the ends the import and export colours', () => {
    expect(heatScale('net', -2.5, 1)).toEqual({ kind: 'diverging', min: -2.5, max: 2.5 });
    expect(heatScale('net', -0.5, 4)).toEqual({ kind: 'diverging', min: -4, max: 4 });
    expect(netColor(0, 4)).toEqual([...NET_NEUTRAL]);
    expect(netColor(1, 0)).toEqual([...NET_NEUTRAL]);
    const [, a, b] = toLab(NET_NEUTRAL);
    expect(Math.hypot(a, b)).toBeLessThan(1);
    expect(netColor(4, 4)).toEqual([...NET_IMPORT]);
    expect(netColor(9, 4)).toEqual([...NET_IMPORT]);
    expect(netColor(-4, 4)).toEqual([...NET_EXPORT]);
    expect(scaleColor(-4, heatScale('net', -4, 1))).toEqual([...NET_EXPORT]);
    expect(heatGradient('diverging')).toMatch(/^linear-gradient\(to right, rgb\(61 133 198\) 0%, .* rgb\(242 242 242\) 50%, .* rgb\(138 46 0\) 100%\)$/);
  });

  it('each arm gets darker with the magnitude; import is the darker arm at every magnitude', () => {
    let lastImport = Infinity;
    let lastExport = Infinity;
    for (const f of steps(40).slice(1)) {
      const imp = netColor(f, 1);
      const exp = netColor(-f, 1);
      expect(toLab(imp)[0]).toBeLessThan(lastImport);
      expect(toLab(exp)[0]).toBeLessThan(lastExport);
      lastImport = toLab(imp)[0];
      lastExport = toLab(exp)[0];
      expect(relativeLuminance(imp)).toBeLessThan(relativeLuminance(exp));
    }
    // The ends differ in luminance, not only in hue: 2.2:1.
    expect(contrastRatio(NET_IMPORT, NET_EXPORT)).toBeGreaterThan(2);
  });

  it('import and export stay apart with protanopia, deuteranopia and tritanopia', () => {
    for (const vision of ['normal', ...VISIONS] as const) {
      for (const f of [0.25, 0.5, 0.75, 1]) {
        const d = deltaE(seen(netColor(f, 1), vision), seen(netColor(-f, 1), vision));
        // A quarter of the range apart is already another colour (ΔE ≥ 20), the full range far apart.
        expect(d, `${vision} at ±${f}`).toBeGreaterThanOrEqual(f === 0.25 ? 20 : 40);
      }
    }
  });
});

describe('gap and bad-status colours against the scales', () => {
  const css = readThemeCss();
  for (const [name, theme] of [['light', css.light], ['dark', css.dark]] as const) {
    it(`differ from every scale colour also with a colour-vision deficiency (${name})`, () => {
      const special = ['--color-heat-gap', '--color-heat-bad'].map((v) => [v, resolveColour(`var(${v})`, theme)!] as const);
      const scale = steps(100).flatMap((f) => [heatColor(f, 0, 1), netColor(f, 1), netColor(-f, 1)]);
      const close: string[] = [];
      for (const [v, colour] of special) {
        for (const vision of ['normal', 'protanopia', 'deuteranopia'] as const) {
          const nearest = Math.min(...scale.map((c) => deltaE(seen(colour, vision), seen(c, vision))));
          if (nearest < 10) close.push(`${v} ${vision}: ΔE ${nearest.toFixed(1)}`);
        }
      }
      expect(close).toEqual([]);
    });
  }
});
