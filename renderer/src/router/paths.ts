/** The URL path of each view: kebab-case of its name (`loadProfile` → `/load-profile`). */
import { VIEWS } from '../stores/views';
import type { ViewName } from '../stores/views';

export function viewPath(view: ViewName): string {
  return `/${view.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** The view a path names, or null. */
export function viewOfPath(path: string): ViewName | null {
  return VIEWS.find((view) => viewPath(view) === path) ?? null;
}
