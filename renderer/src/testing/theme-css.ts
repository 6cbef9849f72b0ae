/**
 * Test helper: the renderer's style sheets as data. Reads the global style sheets (every .css file under renderer/src) and
 * every component's `<style>` block, and gives the theme's colour variables (light, and dark = light with the
 * `prefers-color-scheme: dark` overrides of theme-dark.css) and every rule that sets a text colour, with the
 * background the same selector sets (if any). Flat CSS only (what the renderer writes): innermost blocks.
 */
import { parseHex, type Rgb } from '../a11y/colour';

export interface ColourRule {
  file: string;
  selector: string;
  /** The declared text colour (`var(--x)` or a hex value). */
  color: string;
  /** The background the same selector declares anywhere, or null. */
  background: string | null;
}

export interface ThemeCss {
  light: Map<string, string>;
  dark: Map<string, string>;
  rules: ColourRule[];
}

// Vite reads the files (raw text) when the test is transformed: no Node API in the renderer's types.
const CSS_FILES = import.meta.glob<string>('../**/*.css', { query: '?raw', import: 'default', eager: true });
const VUE_FILES = import.meta.glob<string>('../**/*.vue', { query: '?raw', import: 'default', eager: true });

function styleSources(): { file: string; css: string }[] {
  const out = Object.entries(CSS_FILES).map(([file, css]) => ({ file: file.replace(/^\.\.\//, ''), css }));
  for (const [file, text] of Object.entries(VUE_FILES)) {
    const css = [...text.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1]).join('\n');
    if (css) out.push({ file: file.replace(/^\.\.\//, ''), css });
  }
  return out;
}

interface Block {
  file: string;
  selector: string;
  body: string;
  /** The enclosing at-rule headers (`@media (prefers-color-scheme: dark)`, …), outermost first. */
  media: string[];
}

/** Innermost rule blocks with the at-rules around them (a small scanner: flat CSS, no strings with braces). */
function blocks(file: string, css: string): Block[] {
  const clean = css.replace(/\/\*[\s\S]*?\*\//g, '');
  const out: Block[] = [];
  const stack: string[] = [];
  let start = 0;
  for (let i = 0; i < clean.length; i++) {
    const ch = clean[i];
    if (ch === '{') {
      const header = clean.slice(start, i).trim().replace(/\s+/g, ' ');
      const close = clean.indexOf('}', i);
      const open = clean.indexOf('{', i + 1);
      if (header.startsWith('@') || (open !== -1 && open < close)) {
        stack.push(header);
        start = i + 1;
        continue;
      }
      out.push({ file, selector: header, body: clean.slice(i + 1, close), media: [...stack] });
      i = close;
      start = close + 1;
    } else if (ch === '}') {
      stack.pop();
      start = i + 1;
    }
  }
  return out;
}

const isDark = (b: Block) => b.media.some((m) => /prefers-color-scheme:\s*dark/.test(m));
const isPrint = (b: Block) => b.media.some((m) => /\bprint\b/.test(m));

function declarations(body: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of body.split(';')) {
    const i = part.indexOf(':');
    if (i > 0) out.set(part.slice(0, i).trim(), part.slice(i + 1).trim());
  }
  return out;
}

export function readThemeCss(): ThemeCss {
  // Print rules are for paper (black on white), not for the screen themes.
  const all = styleSources()
    .flatMap((s) => blocks(s.file, s.css))
    .filter((b) => !isPrint(b));
  const light = new Map<string, string>();
  const darkOverrides = new Map<string, string>();
  const backgrounds = new Map<string, string>();
  for (const b of all) {
    const decls = declarations(b.body);
    if (b.selector === ':root') {
      for (const [k, v] of decls) if (k.startsWith('--color-')) (isDark(b) ? darkOverrides : light).set(k, v);
    }
    const bg = decls.get('background-color') ?? decls.get('background');
    if (bg && !isDark(b)) backgrounds.set(b.selector, bg);
  }
  const rules: ColourRule[] = [];
  for (const b of all) {
    if (isDark(b)) continue;
    const color = declarations(b.body).get('color');
    if (color) rules.push({ file: b.file, selector: b.selector, color, background: backgrounds.get(b.selector) ?? null });
  }
  return { light, dark: new Map([...light, ...darkOverrides]), rules };
}

/** A `var(--x)` or hex value in a theme as a colour; null for anything else (inherit, gradients, …). */
export function resolveColour(value: string, theme: Map<string, string>): Rgb | null {
  const v = /^var\((--[\w-]+)\)$/.exec(value.trim());
  const hex = v ? theme.get(v[1]!) : value.trim();
  return hex && /^#[0-9a-f]{3,6}$/i.test(hex) ? parseHex(hex) : null;
}
