/**
 * Calls back when the colours a canvas reads from CSS may have changed: the system's colour scheme
 * (prefers-color-scheme) or a theme chosen in the app (a class or data attribute on <html>). Returns the stop.
 */
export function onThemeChange(callback: () => void): () => void {
  const scheme = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;
  scheme?.addEventListener('change', callback);
  let observer: MutationObserver | null = null;
  if (typeof MutationObserver !== 'undefined' && typeof document !== 'undefined') {
    observer = new MutationObserver(callback);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'data-theme'] });
  }
  return () => {
    scheme?.removeEventListener('change', callback);
    observer?.disconnect();
  };
}

/** Reads a CSS custom property as the element sees it (theme, dark mode), with a fallback. */
export function cssColorOf(el: Element | null, name: string, fallback: string): string {
  const value = el ? getComputedStyle(el).getPropertyValue(name).trim() : '';
  return value || fallback;
}
