/**
 * Which view is shown: a facade over the router (renderer/src/router), so components keep asking
 * `navigation.current` and calling `navigation.show(view)` while the URL carries the view.
 */
import { defineStore } from 'pinia';
import { computed } from 'vue';
import { appRouter } from '../router';
import { isViewName } from './views';
import type { ViewName } from './views';

export { NAV_VIEWS, VIEWS } from './views';
export type { ViewName } from './views';

export const useNavigationStore = defineStore('navigation', () => {
  const current = computed<ViewName>(() => {
    const name = appRouter().currentRoute.value.name;
    return isViewName(name) ? name : 'dashboard';
  });
  function show(view: ViewName): void {
    if (view !== current.value) void appRouter().push({ name: view });
  }
  return { current, show };
});
