import { sv } from './sv.js';
import { en } from './en.js';

export type Messages = typeof sv;
export type Locale = 'sv' | 'en';

const catalogues: Record<Locale, Messages> = { sv, en };

export function messages(locale: Locale): Messages {
  return catalogues[locale];
}
