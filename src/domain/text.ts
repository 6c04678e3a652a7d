/**
 * Free text from forms. Teams hands over what was typed or pasted, including characters nobody sees:
 * control characters, direction overrides (which turn the rest of a line around where the text is
 * shown), byte-order marks and broken surrogate halves. `cleanText` removes those and trims; joiners
 * and soft hyphens stay (emoji and some scripts need them), but `isBlank` does not count them as text.
 */
const UNSHOWABLE = /[^\P{Cc}\t\n\r]|[\u202a-\u202e\u2066-\u2069\ufeff]|\p{Cs}/gu;
const NOTHING_VISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Z}\s]/gu;

export function cleanText(value: string): string {
  return value.replace(UNSHOWABLE, '').trim();
}

/** True when nothing in `value` would show: empty, spaces, or only invisible characters. */
export function isBlank(value: string): boolean {
  return value.replace(NOTHING_VISIBLE, '').length === 0;
}
