/** The per-launch token of the web mode: read from `#token=…` once, kept in sessionStorage, removed from the URL. */
export const TOKEN_STORAGE_KEY = 'trudi.token';

export interface TokenEnvironment {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  history: Pick<History, 'replaceState' | 'state'>;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
}

export function takeToken(env: TokenEnvironment): string | null {
  const fromHash = new URLSearchParams(env.location.hash.replace(/^#/, '')).get('token');
  if (fromHash) {
    env.storage.setItem(TOKEN_STORAGE_KEY, fromHash);
    // Keep the token out of the address bar, bookmarks and screenshots.
    env.history.replaceState(env.history.state, '', env.location.pathname + env.location.search);
    return fromHash;
  }
  return env.storage.getItem(TOKEN_STORAGE_KEY);
}
