/** Which view is shown. A handful of tabs do not warrant a router; this store is the single switch. */
import { defineStore } from 'pinia';
import { ref } from 'vue';

/** Views of the current read-out, in tab order, then the engine info. */
export const VIEWS = ['dashboard', 'consumption', 'loadProfile', 'status', 'log', 'certificates', 'bill', 'problems', 'export', 'about'] as const;
export type ViewName = (typeof VIEWS)[number];

export const useNavigationStore = defineStore('navigation', () => {
  const current = ref<ViewName>('dashboard');
  function show(view: ViewName): void {
    current.value = view;
  }
  return { current, show };
});
