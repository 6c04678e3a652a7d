import { ASKED_GROUPS, LIMITS, POSITIONS, type ConsultationField, type ConsultationFieldErrors, type ConsultationFormValues } from '../src/domain/consultation.js';
import type { ConsultationTexts } from '../src/features/consultations/texts.js';
import { banner, card, execute, facts, literal, table, text, type AdaptiveCard, type CardElement } from './elements.js';

export const CONSULTATION_SUBMIT_VERB = 'consultation.submit';
export const ANSWER_VERB = 'consultation.answer';
export const REQUEST_TIME_VERB = 'consultation.requestTime';
export const EXTEND_VERB = 'consultation.extend';
export const CLOSE_VERB = 'consultation.close';
export const COMPILATION_VERB = 'consultation.compilation';

export interface ConsultationFormView {
  values: ConsultationFormValues;
  errors: ConsultationFieldErrors;
  today: string;
  members: { id: string; name: string }[];
  municipalities: number;
  networks: { id: string; name: string }[];
}

const FIELD_MAX: Partial<Record<ConsultationField, number>> = { subject: LIMITS.subject, question: LIMITS.question, recipient: LIMITS.recipient, documents: LIMITS.subject };

/** The "ny remiss" form; values are kept when it comes back with errors. */
export function consultationFormCard(t: ConsultationTexts, view: ConsultationFormView): AdaptiveCard {
  const f = t.form;
  const v = (field: ConsultationField) => view.values[field] ?? '';
  const error = (field: ConsultationField): CardElement | undefined => {
    const problem = view.errors[field];
    if (!problem) return undefined;
    const message = problem === 'tooLong' && FIELD_MAX[field] ? f.tooLongDetail(FIELD_MAX[field]) : f.problems[problem];
    return text(message, { color: 'Attention', size: 'Small', spacing: 'None', id: `error-${field}` });
  };
  const groups = ASKED_GROUPS.filter((g) => g !== 'municipalities' || view.municipalities > 0)
    // Every member is every municipality when all members are: one choice is enough.
    .filter((g) => g !== 'all' || view.members.length !== view.municipalities);
  return card(
    [
      Object.keys(view.errors).length > 0 && banner(f.fixErrors, 'attention'),
      text(f.heading, { size: 'Large', weight: 'Bolder' }),
      text(f.intro, { isSubtle: true }),
      { type: 'Input.Text', id: 'subject', label: f.labels.subject, value: v('subject'), isRequired: true, maxLength: LIMITS.subject, errorMessage: f.problems.required },
      error('subject'),
      { type: 'Input.Text', id: 'question', label: f.labels.question, value: v('question'), isMultiline: true, isRequired: true, maxLength: LIMITS.question, errorMessage: f.problems.required },
      error('question'),
      { type: 'Input.Text', id: 'documents', label: f.labels.documents, value: v('documents'), isMultiline: true, placeholder: 'Förslag till avtal https://…' },
      error('documents'),
      {
        type: 'Input.ChoiceSet',
        id: 'asked',
        label: f.labels.asked,
        style: 'expanded',
        isRequired: true,
        value: v('asked') || groups[0],
        choices: groups.map((g) => ({
          title: g === 'municipalities' ? f.groups.municipalities(view.municipalities) : g === 'all' ? f.groups.all(view.members.length) : f.groups.chosen,
          value: g,
        })),
      },
      error('asked'),
      {
        type: 'Input.ChoiceSet',
        id: 'askedMembers',
        label: f.labels.askedMembers,
        style: 'compact',
        isMultiSelect: true,
        value: v('askedMembers'),
        choices: view.members.map((mm) => ({ title: mm.name, value: mm.id })),
      },
      error('askedMembers'),
      { type: 'Input.Date', id: 'answerDate', label: f.labels.answerDate, value: v('answerDate'), min: view.today, isRequired: true, errorMessage: f.problems.required },
      error('answerDate'),
      { type: 'Input.Text', id: 'recipient', label: f.labels.recipient, value: v('recipient') || f.defaultRecipient, isRequired: true, maxLength: LIMITS.recipient, errorMessage: f.problems.required },
      error('recipient'),
      {
        type: 'Input.ChoiceSet',
        id: 'networkId',
        label: f.labels.networkId,
        style: 'compact',
        isRequired: true,
        value: v('networkId'),
        choices: view.networks.map((n) => ({ title: n.name, value: n.id })),
      },
      error('networkId'),
    ],
    [execute(f.submit, CONSULTATION_SUBMIT_VERB, {}, { style: 'positive', associatedInputs: 'auto' })],
  );
}

export interface ConsultationCardView {
  id: string;
  subject: string;
  question: string;
  documents: { title: string; url?: string }[];
  open: boolean;
  /** "Öppen för yttranden — svar senast …", "Svarsdatumet … har passerat …" or "Stängd …". */
  statusLine: string;
  /** Open, and the round's answer date has passed. */
  overdue?: boolean;
  summaryLine: string;
  facts: [string, string][];
  rows: { member: string; answer: string; decision: string; by: string }[];
  /** The members asked, for the answer forms. */
  asked: { id: string; name: string }[];
  /** The members still without an answer, for "Ge anstånd". */
  unanswered: { id: string; name: string }[];
  today: string;
  tomorrow: string;
  notice?: { text: string; tone: 'good' | 'attention' | 'warning' };
}

function showCard(title: string, body: CardElement[], actions: CardElement[]): CardElement {
  return { type: 'Action.ShowCard', title, card: { type: 'AdaptiveCard', version: '1.5', body, actions } };
}

/**
 * The round with every asked member's answer, and while it is open the forms to answer (for one's own
 * member; a coordinator chooses the member), to ask for more time, and the coordinator's: grant more
 * time, close. Closed, it offers the compilation. What people wrote is shown literally.
 */
export function consultationCard(t: ConsultationTexts, v: ConsultationCardView): AdaptiveCard {
  const a = t.answerForm;
  const memberChoice = (id: string, members: { id: string; name: string }[], own: boolean): CardElement => ({
    type: 'Input.ChoiceSet',
    id,
    label: own ? a.member : a.extendMember,
    style: 'compact',
    ...(own ? { placeholder: a.ownMember } : { isRequired: true, value: members[0]?.id ?? '' }),
    choices: members.map((mm) => ({ title: mm.name, value: mm.id })),
  });
  const actions: CardElement[] = v.open
    ? [
        showCard(
          t.buttons.answer,
          [
            memberChoice('memberId', v.asked, true),
            {
              type: 'Input.ChoiceSet',
              id: 'position',
              label: a.position,
              style: 'expanded',
              isRequired: true,
              errorMessage: t.statementProblems.positionRequired,
              choices: [...POSITIONS, 'abstain' as const].map((p) => ({ title: t.positions[p], value: p })),
            },
            { type: 'Input.Text', id: 'text', label: a.text, isMultiline: true, maxLength: LIMITS.statement },
            { type: 'Input.Text', id: 'decidedBy', label: a.decidedBy, placeholder: a.decidedByPlaceholder, maxLength: LIMITS.decidedBy },
            { type: 'Input.Text', id: 'paragraph', label: a.paragraph, placeholder: '§ 42', maxLength: LIMITS.reference },
            { type: 'Input.Text', id: 'dnr', label: a.dnr, placeholder: 'SN 2026/123', maxLength: LIMITS.reference },
            { type: 'Input.Date', id: 'decisionDate', label: a.decisionDate, max: v.today },
            { type: 'Input.Text', id: 'documentUrl', label: a.documentUrl, style: 'Url', placeholder: 'https://' },
          ],
          [execute(t.buttons.sendAnswer, ANSWER_VERB, { consultationId: v.id }, { style: 'positive', associatedInputs: 'auto' })],
        ),
        showCard(
          t.buttons.requestTime,
          [
            memberChoice('requestMemberId', v.asked, true),
            { type: 'Input.Date', id: 'until', label: a.until, min: v.tomorrow, isRequired: true, errorMessage: t.dateProblems.dateRequired },
            { type: 'Input.Text', id: 'reason', label: a.reason, isMultiline: true, maxLength: LIMITS.reason },
          ],
          [execute(t.buttons.sendRequest, REQUEST_TIME_VERB, { consultationId: v.id }, { associatedInputs: 'auto' })],
        ),
        showCard(
          t.buttons.coordinator,
          [
            ...(v.unanswered.length
              ? [memberChoice('extendMemberId', v.unanswered, false), { type: 'Input.Date', id: 'extendUntil', label: a.until, min: v.tomorrow }]
              : []),
          ],
          [
            ...(v.unanswered.length ? [execute(t.buttons.extend, EXTEND_VERB, { consultationId: v.id }, { associatedInputs: 'auto' })] : []),
            execute(t.buttons.close, CLOSE_VERB, { consultationId: v.id }, { associatedInputs: 'none', style: 'destructive' }),
          ],
        ),
      ]
    : [execute(t.buttons.compilation, COMPILATION_VERB, { consultationId: v.id })];
  return card(
    [
      v.notice && banner(v.notice.text, v.notice.tone),
      text(t.card.heading(v.id), { size: 'Small', isSubtle: true, spacing: 'Small' }),
      literal(v.subject, { size: 'Large', weight: 'Bolder', spacing: 'None' }),
      text(v.statusLine, { weight: 'Bolder', color: !v.open ? 'Good' : v.overdue ? 'Warning' : 'Accent', id: 'status' }),
      text(v.summaryLine, { weight: 'Bolder', id: 'summary' }),
      facts(v.facts),
      text(t.card.question, { weight: 'Bolder', spacing: 'Medium' }),
      literal(v.question),
      v.documents.length > 0 && text(t.card.documents, { weight: 'Bolder', spacing: 'Medium' }),
      ...v.documents.map((d) => literal([{ text: d.title, url: d.url }], d.url ? { color: 'Accent' } : {})),
      // Three columns, the member's widest: "Arbetsförmedlingen" does not break in a narrow one.
      table(
        [t.card.table.member, t.card.table.answer, t.card.table.decision],
        v.rows.map((r) => [r.member, r.answer, r.by ? [r.decision, t.card.table.byLine(r.by)].filter((line) => line !== '') : r.decision]),
        [6, 4, 6],
      ),
    ],
    actions,
  );
}
