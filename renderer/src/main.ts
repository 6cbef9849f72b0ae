import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { apiKey, resolveApi } from './api';
import { applyLocale, i18n } from './i18n';
import './styles/base.css';

const app = createApp(App);
app.provide(apiKey, resolveApi());
app.use(createPinia());
app.use(i18n);
applyLocale(i18n.global.locale.value);
app.mount('#app');
