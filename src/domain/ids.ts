/**
 * The short numbers people say aloud and type back: P-2026-007 for a proposal, B-2026-003 for a
 * decision, R-2026-002 for a consultation round (remiss). Numbered per calendar year; three digits at least, more when a year needs them. Every
 * pattern, formatter and parser of them is here, so a payload check, a command and a file name
 * cannot drift apart.
 */

const ID_PREFIX = { proposal: 'P', decision: 'B', consultation: 'R' } as const;
export type IdKind = keyof typeof ID_PREFIX;

/** The id's shape as pattern source, for patterns that hold one (a reminder scope, a file name). */
export function idPattern(kind: IdKind): string {
  return `${ID_PREFIX[kind]}-\\d{4}-\\d{3,}`;
}

// Case-insensitive because people type ids; look-ups upper-case them.
export const PROPOSAL_ID = new RegExp(`^${idPattern('proposal')}$`, 'i');
export const DECISION_ID = new RegExp(`^${idPattern('decision')}$`, 'i');
/** A consultation round (remiss): R-2026-001. */
export const CONSULTATION_ID = new RegExp(`^${idPattern('consultation')}$`, 'i');

/** The counter a year's numbers of a kind are drawn from (kept in the store beside the records). */
function counterOf(kind: IdKind, year: number): string {
  return `${ID_PREFIX[kind]}-${year}`;
}

export function formatId(kind: IdKind, year: number, sequence: number): string {
  return `${counterOf(kind, year)}-${String(sequence).padStart(3, '0')}`;
}

/** The next id of a kind in a year, and the counter to set so that it is not given again. */
export function nextId(counters: Readonly<Record<string, number>>, kind: IdKind, year: number): { counter: string; sequence: number; id: string } {
  const counter = counterOf(kind, year);
  const sequence = (counters[counter] ?? 0) + 1;
  return { counter, sequence, id: formatId(kind, year, sequence) };
}

export function parseId(text: string): { kind: IdKind; year: number; sequence: number; id: string } | undefined {
  const kind = PROPOSAL_ID.test(text) ? 'proposal' : DECISION_ID.test(text) ? 'decision' : CONSULTATION_ID.test(text) ? 'consultation' : undefined;
  if (!kind) return undefined;
  const [, year, sequence] = text.split('-');
  return { kind, year: Number(year), sequence: Number(sequence), id: text.toUpperCase() };
}
