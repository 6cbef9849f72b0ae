/**
 * `v-scroll-region`: a box that scrolls on its own (a long table) must be reachable and scrollable by
 * keyboard (WCAG 2.1.1; axe `scrollable-region-focusable`). The directive makes the box a tab stop and a
 * named region: named by the `aria-label` given, else by the first caption or heading inside it.
 */
import type { Directive } from 'vue';

let counter = 0;

function label(el: HTMLElement): void {
  el.tabIndex = 0;
  el.setAttribute('role', 'region');
  if (el.hasAttribute('aria-label')) return;
  const name = el.querySelector<HTMLElement>('caption, h2, h3');
  if (!name) return;
  if (!name.id) name.id = `scroll-region-${++counter}`;
  el.setAttribute('aria-labelledby', name.id);
}

export const scrollRegion: Directive<HTMLElement> = {
  mounted: label,
  updated: label,
};

declare module 'vue' {
  interface GlobalDirectives {
    vScrollRegion: typeof scrollRegion;
  }
}
