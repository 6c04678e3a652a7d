/** Small builders for Adaptive Card (schema 1.5) JSON, so every card is typed TypeScript. */

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

export function banner(value: string, tone: 'good' | 'attention' | 'warning' | 'accent'): CardElement {
  return {
    type: 'Container',
    style: tone,
    bleed: true,
    items: [text(value, { weight: 'Bolder' })],
  };
}

export function facts(pairs: [string, string][]): CardElement {
  return { type: 'FactSet', facts: pairs.map(([title, value]) => ({ title, value })) };
}

export function execute(title: string, verb: string, data: Record<string, unknown>, options: CardElement = {}): CardElement {
  return { type: 'Action.Execute', title, verb, data, ...options };
}

export function table(headers: string[], rows: string[][], widths: number[]): CardElement {
  const cell = (value: string, bold = false) => ({ type: 'TableCell', items: [text(value, bold ? { weight: 'Bolder' } : {})] });
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
