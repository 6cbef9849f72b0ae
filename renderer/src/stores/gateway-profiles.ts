/**
 * The gateway profiles the engine keeps (listGatewayProfiles): listed, saved from a connection that worked,
 * deleted. Secrets never come back from the engine; `hasSecret`/`secretIn` say whether and where one is kept.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ApiErrorPayload, GatewayProfileDto, SaveGatewayProfileRequest } from '../../../src/api/dto';
import { toErrorPayload } from '../../../src/api/errors';
import { useApi } from '../api';

export const useGatewayProfilesStore = defineStore('gatewayProfiles', () => {
  const api = useApi();
  const list = shallowRef<readonly GatewayProfileDto[]>([]);
  const loaded = ref(false);
  const busy = ref(false);
  const error = shallowRef<ApiErrorPayload | null>(null);

  async function refresh(): Promise<void> {
    try {
      list.value = await api.listGatewayProfiles();
      loaded.value = true;
    } catch (cause) {
      error.value = toErrorPayload(cause);
    }
  }

  /** Runs a change; the error stays for the view to show, the list is taken again afterwards. */
  async function change<T>(work: () => Promise<T>): Promise<T | null> {
    busy.value = true;
    error.value = null;
    try {
      return await work();
    } catch (cause) {
      error.value = toErrorPayload(cause);
      return null;
    } finally {
      busy.value = false;
      await refresh();
    }
  }

  const save = (request: SaveGatewayProfileRequest) => change(() => api.saveGatewayProfile(request));
  const remove = (profileId: string) => change(async () => (await api.deleteGatewayProfile(profileId), true));

  return { list, loaded, busy, error, refresh, save, remove };
});
