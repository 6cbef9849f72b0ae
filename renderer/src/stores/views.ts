/** Views of the current read-out, in tab order, then the trust store and the engine info. */
export const VIEWS = ['dashboard', 'consumption', 'loadProfile', 'status', 'log', 'certificates', 'bill', 'problems', 'export', 'trust', 'about', 'connect'] as const;
export type ViewName = (typeof VIEWS)[number];

/** Views opened from the source bar instead of the main navigation (the connection assistant). */
export const SOURCE_VIEWS: readonly ViewName[] = ['connect'];
/** The main navigation's views, in tab order. */
export const NAV_VIEWS: readonly ViewName[] = VIEWS.filter((view) => !SOURCE_VIEWS.includes(view));

export function isViewName(value: unknown): value is ViewName {
  return typeof value === 'string' && (VIEWS as readonly string[]).includes(value);
}
