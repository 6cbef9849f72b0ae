/** German texts of the app shell (skip link, theme, layout), kept apart from the views' texts. */
export const deShell = {
  shell: {
    skipToContent: 'Zum Inhalt springen',
  },
};
