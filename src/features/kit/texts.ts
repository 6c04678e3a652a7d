import type { Messages } from '../../i18n/index.js';

/**
 * A feature's own texts, Swedish and English, kept in its folder: `texts(m)` gives the ones in the
 * language of the catalogue `m` (the person's), so a new feature needs no edit of src/i18n.
 */
export function featureTexts<T>(catalogue: { sv: T; en: NoInfer<T> }): (m: Messages) => T {
  return (m) => (m.locale.startsWith('sv') ? catalogue.sv : catalogue.en);
}
