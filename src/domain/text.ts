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

/**
 * Text that is safe to put into Markdown: what Teams shows for a message's text, a TextBlock or a
 * FactSet value, and the decision record's .md file. The brand makes the compiler refuse raw user
 * text where a message template expects Markdown; the only ways to make one are `escapeMarkdown`,
 * `safeLink` and `md` (for the bot's own wording).
 */
export type Md = string & { readonly __markdown: unique symbol };

/** The bot's own wording (never user text) where a template asks for Markdown. */
export function md(own: string): Md {
  return own as Md;
}

/** Characters that start inline syntax wherever they stand: emphasis, code, links, tables, strike. */
const INLINE = /[\\`*_[\]|~]/g;
/** An ampersand that would be read as an HTML entity (`&lt;`, `&#60;`). */
const ENTITY = /&(?=#?[0-9A-Za-z]+;)/g;
/** Syntax that only counts at the start of a line: headings, quotes, lists, rules, setext underlines. */
const LINE_START = /^([ \t]*)(#|>|[-+](?=[ \t]|$)|-(?=-)|=(?==*[ \t]*$)|\d{1,9}(?=[.)](?:[ \t]|$)))/;

interface EscapeOptions {
  /**
   * `entity`: `<` and `>` as `&lt;` `&gt;`. Teams reads HTML in a message's text (`<at>` mentions,
   * tags), and a backslash does not stop that everywhere; an entity does.
   * `backslash`: `\<` `\>`, for documents read by CommonMark viewers.
   */
  angles: 'entity' | 'backslash';
  /** Whether a line of the text can start a block (a heading, a list): false for text inside a line. */
  lineStarts: boolean;
}

function escapeLine(line: string, o: EscapeOptions): string {
  let out = line
    .replace(INLINE, '\\$&')
    .replace(ENTITY, '&amp;')
    .replace(/[<>]/g, (c) => (o.angles === 'backslash' ? `\\${c}` : c === '<' ? '&lt;' : '&gt;'));
  if (o.lineStarts) {
    // A digit run before "." or ")" is an ordered list only at a line's start: escape the mark after it.
    out = out.replace(LINE_START, (_all, space: string, mark: string) => (/\d/.test(mark) ? `${space}${mark}\\` : `${space}\\${mark}`));
  }
  return out;
}

/**
 * Escapes user text for Markdown so it shows literally: only characters that could start syntax
 * where they stand, so ordinary text ("Hälso- och sjukvård 2026.") comes through unchanged. Every
 * line counts as the start of a line, also the first: the text may land at the start of one.
 */
export function escapeMarkdown(text: string, options: EscapeOptions = { angles: 'entity', lineStarts: true }): Md {
  return text
    .split(/(\r\n|\r|\n)/)
    .map((part, i) => (i % 2 === 1 ? part : escapeLine(part, options)))
    .join('') as Md;
}

/**
 * A document link a person typed, if it may be one: an absolute https URL. Returned percent-encoded
 * where Markdown or a card would read it otherwise (spaces, brackets, parentheses, quotes, backticks).
 */
export function safeUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' || !parsed.hostname) return undefined;
  return parsed.href.replace(/[()[\]<>"'` \\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** `[title](url)` when the url is https, otherwise the title alone: both escaped. */
export function safeLink(title: string, url: string): Md {
  const href = safeUrl(url);
  const label = escapeMarkdown(title.replace(/\s+/g, ' '));
  return (href ? `[${label}](${href})` : label) as Md;
}

/** Lower case, Swedish letters folded to ASCII, one space between words, no trailing punctuation. */
export function fold(text: string): string {
  return text
    .toLocaleLowerCase('sv-SE')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
