/** Which top-level view is shown. Two views do not warrant a router; this store is the single switch. */
import { defineStore } from 'pinia';
import { ref } from 'vue';

export const VIEWS = ['dashboard', 'about'] as const;
export type ViewName = (typeof VIEWS)[number];

export const useNavigationStore = defineStore('navigation', () => {
  const current = ref<ViewName>('dashboard');
  function show(view: ViewName): void {
    current.value = view;
  }
  return { current, show };
});
