/** Views of the current read-out, in tab order, then the trust store and the engine info. */
export const VIEWS = ['dashboard', 'consumption', 'loadProfile', 'status', 'log', 'certificates', 'bill', 'problems', 'export', 'trust', 'about'] as const;
export type ViewName = (typeof VIEWS)[number];

export function isViewName(value: unknown): value is ViewName {
  return typeof value === 'string' && (VIEWS as readonly string[]).includes(value);
}
