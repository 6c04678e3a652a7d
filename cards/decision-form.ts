import type { Messages } from '../src/i18n/index.js';
import { DECISION_KINDS, QUESTION_MAX, type DecisionField, type DecisionFieldErrors, type DecisionFormValues } from '../src/domain/decision-form.js';
import { LIMITS } from '../src/domain/proposal.js';
import { banner, card, execute, text, type AdaptiveCard, type CardElement } from './elements.js';

export const DECISION_SUBMIT_VERB = 'decision.submit';

/** The "nytt beslut" form; values are kept when it comes back with errors. */
export function decisionFormCard(
  m: Messages,
  view: { values: DecisionFormValues; errors: DecisionFieldErrors; today: string; proposalId?: string; revises?: string },
): AdaptiveCard {
  const d = m.decision;
  const v = (f: DecisionField) => view.values[f] ?? '';
  const error = (f: DecisionField): CardElement | undefined => {
    const problem = view.errors[f];
    if (!problem) return undefined;
    const message =
      problem === 'closesInPast' || problem === 'unknownKind' || problem === 'skippedTime'
        ? d.problems[problem]
        : problem === 'tooLong'
          ? m.form.tooLongDetail(f === 'question' ? QUESTION_MAX : LIMITS.longText)
          : m.form.problems[problem];
    return text(message, { color: 'Attention', size: 'Small', spacing: 'None', id: `error-${f}` });
  };
  const amount = Number(v('amountSek'));
  return card(
    [
      Object.keys(view.errors).length > 0 && banner(d.fixErrors, 'attention'),
      text(d.formHeading, { size: 'Large', weight: 'Bolder' }),
      text(d.formIntro, { isSubtle: true }),
      { type: 'Input.Text', id: 'question', label: d.labels.question, value: v('question'), isRequired: true, maxLength: QUESTION_MAX, errorMessage: m.form.problems.required },
      error('question'),
      {
        type: 'Input.ChoiceSet',
        id: 'kind',
        label: d.labels.kind,
        style: 'compact',
        isRequired: true,
        errorMessage: d.problems.unknownKind,
        value: v('kind'),
        choices: DECISION_KINDS.map((k) => ({ title: d.kinds[k], value: k })),
      },
      error('kind'),
      { type: 'Input.Text', id: 'background', label: d.labels.background, value: v('background'), isMultiline: true, maxLength: LIMITS.longText },
      error('background'),
      { type: 'Input.Number', id: 'amountSek', label: d.labels.amountSek, min: 0, ...(v('amountSek') !== '' && Number.isFinite(amount) ? { value: amount } : {}) },
      error('amountSek'),
      { type: 'Input.Date', id: 'closesDate', label: d.labels.closesDate, value: v('closesDate'), min: view.today, isRequired: true, errorMessage: m.form.problems.required },
      error('closesDate'),
      { type: 'Input.Time', id: 'closesTime', label: d.labels.closesTime, value: v('closesTime') || '16:00' },
      error('closesTime'),
    ],
    [
      execute(
        d.submit,
        DECISION_SUBMIT_VERB,
        { ...(view.proposalId ? { proposalId: view.proposalId } : {}), ...(view.revises ? { revises: view.revises } : {}) },
        { style: 'positive', associatedInputs: 'auto' },
      ),
    ],
  );
}
