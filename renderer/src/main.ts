import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { scrollRegion } from './a11y/scroll-region';
import App from './App.vue';
import { apiKey, resolveApi } from './api';
import { applyLocale, i18n } from './i18n';
import { appRouter } from './router';
import './styles/base.css';
import './styles/theme-dark.css';
import './styles/shell.css';

const app = createApp(App);
app.provide(apiKey, resolveApi());
app.use(createPinia());
app.use(i18n);
app.use(appRouter());
app.directive('scroll-region', scrollRegion);
applyLocale(i18n.global.locale.value);
app.mount('#app');
