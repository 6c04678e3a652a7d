import { cleanText, isBlank } from './text.js';
import { wallClockInstant } from './calendar.js';
import type { FieldProblem } from './proposal.js';
import { LIMITS } from './proposal.js';

export const DECISION_FIELDS = ['question', 'kind', 'background', 'amountSek', 'closesDate', 'closesTime'] as const;
export type DecisionField = (typeof DECISION_FIELDS)[number];
export type DecisionFormValues = Partial<Record<DecisionField, string>>;
export type DecisionFieldErrors = Partial<Record<DecisionField, FieldProblem | 'closesInPast' | 'unknownKind' | 'skippedTime'>>;

export const DECISION_KINDS = ['jointFunds', 'operationalPlan', 'financing', 'other'] as const;
export type DecisionKindValue = (typeof DECISION_KINDS)[number];

export const QUESTION_MAX = 300;

export interface CheckedDecision {
  kind: DecisionKindValue;
  question: string;
  background: string;
  amountSek: number | null;
  closesAt: string;
}

/**
 * Reads the "nytt beslut" form. The closing time is a wall-clock time in `timeZone` that must exist
 * there (not in the hour skipped in spring) and lie ahead.
 */
export function checkDecisionForm(
  form: DecisionFormValues,
  now: Date,
  timeZone: string,
): { ok: true; draft: CheckedDecision } | { ok: false; errors: DecisionFieldErrors } {
  const errors: DecisionFieldErrors = {};
  // Free text is cleaned of what does not show; choices, amounts and dates are taken exactly as sent.
  const text = (f: DecisionField) => cleanText(form[f] ?? '');
  const exact = (f: DecisionField) => (form[f] ?? '').trim();
  const question = text('question');
  if (isBlank(question)) errors.question = 'required';
  else if (question.length > QUESTION_MAX) errors.question = 'tooLong';
  const background = text('background');
  if (background.length > LIMITS.longText) errors.background = 'tooLong';
  const kind = exact('kind') as DecisionKindValue;
  if (!DECISION_KINDS.includes(kind)) errors.kind = kind ? 'unknownKind' : 'required';

  const rawAmount = exact('amountSek').replace(/[\s\u00a0]/g, '').replace(',', '.');
  let amountSek: number | null = null;
  if (rawAmount) {
    const n = /^[+-]?\d+(\.\d+)?$/.test(rawAmount) ? Number(rawAmount) : NaN;
    if (!Number.isFinite(n)) errors.amountSek = 'notANumber';
    else if (n < 0) errors.amountSek = 'negative';
    else if (n > LIMITS.maxCostSek) errors.amountSek = 'tooLarge';
    else amountSek = Math.round(n) || 0; // "-0" passes the sign check: no negative zero in the record
  } else if (kind === 'jointFunds') errors.amountSek = 'jointFundsAmountRequired';

  const date = exact('closesDate');
  const time = exact('closesTime') || '16:00';
  let closesAt = '';
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})(?::\d{2})?$/.exec(time);
  if (!date) errors.closesDate = 'required';
  else if (!d) errors.closesDate = 'invalidDate';
  else if (!t || Number(t[1]) > 23 || Number(t[2]) > 59) errors.closesTime = 'invalidDate';
  else {
    const [y, m, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
    const calendarDay = new Date(Date.UTC(y, m - 1, day));
    const at = wallClockInstant({ year: y, month: m, day }, Number(t[1]), Number(t[2]), timeZone);
    if (calendarDay.getUTCMonth() !== m - 1 || calendarDay.getUTCDate() !== day) errors.closesDate = 'invalidDate';
    else if (at === 'skipped') errors.closesTime = 'skippedTime';
    else if (at.getTime() <= now.getTime()) errors.closesDate = 'closesInPast';
    else if (at.getTime() - now.getTime() > LIMITS.maxDeadlineDays * 86_400_000) errors.closesDate = 'tooFarAhead';
    else closesAt = new Date(at.getTime()).toISOString();
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, draft: { kind, question, background, amountSek, closesAt } };
}
