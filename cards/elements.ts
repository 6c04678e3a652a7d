/** Small builders for Adaptive Card (schema 1.5) JSON, so every card is typed TypeScript. */
import { escapeMarkdown } from '../src/domain/text.js';

export type CardElement = Record<string, unknown>;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: CardElement[];
  actions?: CardElement[];
}

export function card(body: (CardElement | false | undefined)[], actions: CardElement[] = []): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: body.filter((e): e is CardElement => !!e),
    ...(actions.length ? { actions } : {}),
  };
}

export function text(value: string, options: CardElement = {}): CardElement {
  return { type: 'TextBlock', text: value, wrap: true, ...options };
}

/** What a TextRun takes; everything else in `options` belongs to the RichTextBlock around it. */
const RUN_STYLE = new Set(['color', 'fontType', 'highlight', 'isSubtle', 'italic', 'size', 'strikethrough', 'underline', 'weight']);

/** A piece of a literal line: text as it is, optionally a link (only https, see safeUrl). */
export interface Run {
  text: string;
  url?: string;
}

/**
 * Text shown exactly as written: a RichTextBlock reads no Markdown, so what a person typed cannot
 * turn into a link, a heading or emphasis, on any Teams client (backslash escapes in a TextBlock are
 * not read the same way everywhere). For everything people write: titles, questions, reasons.
 */
export function literal(value: string | Run[], options: CardElement = {}): CardElement {
  const style: CardElement = {};
  const block: CardElement = {};
  for (const [key, v] of Object.entries(options)) (RUN_STYLE.has(key) ? style : block)[key] = v;
  const runs = typeof value === 'string' ? [{ text: value }] : value;
  return {
    type: 'RichTextBlock',
    inlines: runs.map((r) => ({
      type: 'TextRun',
      text: r.text,
      ...style,
      ...(r.url ? { selectAction: { type: 'Action.OpenUrl', url: r.url } } : {}),
    })),
    ...block,
  };
}

export function banner(value: string, tone: 'good' | 'attention' | 'warning' | 'accent'): CardElement {
  return {
    type: 'Container',
    style: tone,
    bleed: true,
    items: [text(value, { weight: 'Bolder' })],
  };
}

/** Fact values are Markdown in Teams: names and values are data, so they are escaped. */
export function facts(pairs: [string, string][]): CardElement {
  return { type: 'FactSet', facts: pairs.map(([title, value]) => ({ title, value: escapeMarkdown(value) })) };
}

export function execute(title: string, verb: string, data: Record<string, unknown>, options: CardElement = {}): CardElement {
  return { type: 'Action.Execute', title, verb, data, ...options };
}

/**
 * A table; a cell given as several lines shows each as its own text, the lines after the first subtle
 * (fewer, wider columns: a narrow column cannot break a long Swedish compound such as Försäkringskassan).
 */
export function table(headers: string[], rows: (string | string[])[][], widths: number[]): CardElement {
  // Cells hold names and what people wrote: literal, like every other user text.
  const cell = (value: string | string[], bold = false) => ({
    type: 'TableCell',
    items: (typeof value === 'string' ? [value] : value).map((line, i) =>
      literal(line, { ...(bold ? { weight: 'Bolder' } : {}), ...(i > 0 ? { isSubtle: true, spacing: 'None' } : {}) }),
    ),
  });
  return {
    type: 'Table',
    gridStyle: 'default',
    firstRowAsHeader: true,
    showGridLines: false,
    columns: widths.map((width) => ({ width })),
    rows: [
      { type: 'TableRow', cells: headers.map((h) => cell(h, true)) },
      ...rows.map((r) => ({ type: 'TableRow', cells: r.map((v) => cell(v)) })),
    ],
  };
}
