/**
 * Text contrast of the theme (WCAG 2.x AA, 4.5:1) in light and dark: every rule of the renderer's style
 * sheets that sets a text colour from the theme (status pills, badges, verdicts, notes, warnings) against the
 * background the same rule sets, or, without one, against the page and the card background.
 */
import { describe, expect, it } from 'vitest';
import { contrastRatio } from '../a11y/colour';
import { readThemeCss, resolveColour } from '../testing/theme-css';

const css = readThemeCss();

describe('theme text contrast', () => {
  it('reads the theme and the colour rules (the pills among them)', () => {
    expect(css.light.get('--color-ok')).toMatch(/^#/);
    expect(css.dark.get('--color-ok')).not.toBe(css.light.get('--color-ok'));
    const pills = css.rules.filter((r) => /^\.pill-(ok|error|warning)$/.test(r.selector)).map((r) => r.selector);
    expect(pills.sort()).toEqual(['.pill-error', '.pill-ok', '.pill-warning']);
  });

  for (const [name, theme] of [['light', css.light], ['dark', css.dark]] as const) {
    it(`every text colour is at least 4.5:1 on its background (${name})`, () => {
      const failing: string[] = [];
      for (const rule of css.rules) {
        const fg = resolveColour(rule.color, theme);
        if (!fg) continue;
        const grounds = rule.background ? [rule.background] : ['var(--color-bg)', 'var(--color-surface)'];
        for (const ground of grounds) {
          const bg = resolveColour(ground, theme);
          if (!bg) continue;
          const ratio = contrastRatio(fg, bg);
          if (ratio < 4.5) failing.push(`${rule.file} ${rule.selector}: ${rule.color} on ${ground} = ${ratio.toFixed(2)}:1`);
        }
      }
      expect(failing).toEqual([]);
    });
  }
});
