import { describe, expect, it } from 'vitest';
import { TOKEN_STORAGE_KEY, takeToken } from './token';

function environment(hash: string, stored: string | null = null) {
  const storage = new Map<string, string>(stored ? [[TOKEN_STORAGE_KEY, stored]] : []);
  const replaced: string[] = [];
  return {
    replaced,
    storage,
    env: {
      location: { hash, pathname: '/', search: '' },
      history: { state: null, replaceState: (_s: unknown, _t: string, url?: string | URL | null) => void replaced.push(String(url)) },
      storage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v) },
    },
  };
}

describe('web-mode token', () => {
  it('takes the token from the fragment, stores it and clears the address bar', () => {
    const { env, replaced, storage } = environment('#token=abc_DEF-123');
    expect(takeToken(env)).toBe('abc_DEF-123');
    expect(storage.get(TOKEN_STORAGE_KEY)).toBe('abc_DEF-123');
    expect(replaced).toEqual(['/']);
  });

  it('falls back to sessionStorage after a reload, and to null without either', () => {
    const reloaded = environment('', 'stored');
    expect(takeToken(reloaded.env)).toBe('stored');
    expect(reloaded.replaced).toEqual([]);
    expect(takeToken(environment('').env)).toBeNull();
    expect(takeToken(environment('#other=1').env)).toBeNull();
  });
});
