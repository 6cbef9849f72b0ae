import { describe, expect, it } from 'vitest';
import { VIEWS } from '../stores/views';
import { viewOfPath, viewPath } from './paths';

describe('view paths', () => {
  it('writes each view as a kebab-case path and reads it back', () => {
    expect(viewPath('loadProfile')).toBe('/load-profile');
    expect(viewPath('dashboard')).toBe('/dashboard');
    for (const view of VIEWS) expect(viewOfPath(viewPath(view))).toBe(view);
    expect(new Set(VIEWS.map(viewPath)).size).toBe(VIEWS.length);
  });

  it('knows no view for an unknown path', () => {
    expect(viewOfPath('/loadProfile')).toBeNull();
    expect(viewOfPath('/')).toBeNull();
  });
});
