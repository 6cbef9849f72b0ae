import type { deShell } from './de-shell';

export const enShell: typeof deShell = {
  shell: {
    skipToContent: 'Skip to content',
  },
};
