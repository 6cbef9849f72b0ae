/**
 * Routes with deep links: one route per view, in the URL's hash (`#/load-profile`), so a reload or the
 * browser's back button keep the view in web mode and under the desktop shell's app:// protocol alike (a
 * hash never reaches the server or the protocol handler). After a change of view, focus moves to the new
 * view's heading so keyboard and screen-reader users start at its top.
 */
import { nextTick } from 'vue';
import type { Component } from 'vue';
import { createRouter, createWebHashHistory } from 'vue-router';
import type { RouteRecordRaw, Router } from 'vue-router';
import { VIEWS } from '../stores/views';
import type { ViewName } from '../stores/views';
import { viewPath } from './paths';
import AboutView from '../views/AboutView.vue';
import BillCheckView from '../views/BillCheckView.vue';
import CertificatesView from '../views/CertificatesView.vue';
import ConnectView from '../views/ConnectView.vue';
import ConsumptionView from '../views/ConsumptionView.vue';
import DashboardView from '../views/DashboardView.vue';
import ExportView from '../views/ExportView.vue';
import LoadProfileView from '../views/LoadProfileView.vue';
import LogView from '../views/LogView.vue';
import ProblemsView from '../views/ProblemsView.vue';
import StatusView from '../views/StatusView.vue';
import TrustView from '../views/TrustView.vue';

const COMPONENTS: Record<ViewName, Component> = {
  dashboard: DashboardView,
  consumption: ConsumptionView,
  loadProfile: LoadProfileView,
  status: StatusView,
  log: LogView,
  certificates: CertificatesView,
  bill: BillCheckView,
  problems: ProblemsView,
  export: ExportView,
  trust: TrustView,
  about: AboutView,
  connect: ConnectView,
};

export function createAppRouter(): Router {
  const routes: RouteRecordRaw[] = [
    ...VIEWS.map((view): RouteRecordRaw => ({ path: viewPath(view), name: view, component: COMPONENTS[view] })),
    { path: '/', redirect: viewPath('dashboard') },
    // An unknown or outdated link opens the overview instead of an empty page.
    { path: '/:unknown(.*)*', redirect: viewPath('dashboard') },
  ];
  const router = createRouter({ history: createWebHashHistory(), routes });
  let first = true;
  router.afterEach((to, from) => {
    if (first) {
      first = false;
      return;
    }
    if (to.name !== from.name) void nextTick(focusViewHeading);
  });
  return router;
}

/** Moves focus to the shown view's heading (skip link and change of view). */
export function focusViewHeading(): void {
  const heading = document.querySelector<HTMLElement>('main.view h1');
  if (!heading) return;
  if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
  heading.focus();
}

let instance: Router | null = null;

/**
 * The app's router, created on first use: after `resolveApi()` took the web mode's `#token=…` out of the
 * URL, so the hash history never sees the token as a path.
 */
export function appRouter(): Router {
  instance ??= createAppRouter();
  return instance;
}
