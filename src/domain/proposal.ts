import { cleanText, isBlank } from './text.js';
import { isCalendarDate, addCalendarDays } from './calendar.js';
import { z } from 'zod/v4';
import type { Partnership } from '../config/partnership.js';
import { formatId, PROPOSAL_ID } from './ids.js';
import { ownsPortfolio } from './portfolio.js';

/** Limits of the BG0 form: long enough for a real directive, short enough for a card. */
export const LIMITS = {
  title: 120,
  longText: 4000,
  maxCostSek: 1_000_000_000,
  maxDeadlineDays: 730,
} as const;

export const ProposalFieldSchema = z.enum([
  'title',
  'background',
  'goals',
  'regionalValue',
  'networkId',
  'ownerNetworkId',
  'contactPersonId',
  'plannedStart',
  'estimatedCostSek',
  'jointFundsRequested',
  'jointFundsSek',
  'answerDeadline',
]);
export type ProposalField = z.infer<typeof ProposalFieldSchema>;

export type FieldProblem =
  | 'required'
  | 'tooLong'
  | 'invalidDate'
  | 'pastDate'
  | 'tooFarAhead'
  | 'notANumber'
  | 'negative'
  | 'tooLarge'
  | 'unknownNetwork'
  | 'ownerRequired'
  | 'notPortfolio'
  | 'unknownPerson'
  | 'jointFundsAmountRequired'
  | 'jointFundsExceedCost';

export type FieldErrors = Partial<Record<ProposalField, FieldProblem>>;

/** What the BG0 form says, once checked. */
export interface ProposalDraft {
  title: string;
  background: string;
  goals: string;
  regionalValue: string;
  networkId: string;
  /**
   * The tactical steering group that owns the project (its portfolio): named on the form, or the
   * network it is made in when that owns a portfolio. Absent only in drafts from before portfolios.
   */
  ownerNetworkId?: string;
  contactPersonId: string;
  plannedStart: string | null;
  estimatedCostSek: number | null;
  jointFundsRequested: boolean;
  jointFundsSek: number | null;
  answerDeadline: string;
}

/** The raw form as Adaptive Card inputs send it: strings (or absent), whatever the client. */
export type ProposalFormValues = Partial<Record<ProposalField, string>>;


/** Reads the form's strings into a draft, or says per field what is wrong. `today` is the Swedish date. */
export function checkProposalForm(
  form: ProposalFormValues,
  partnership: Partnership,
  today: string,
): { ok: true; draft: ProposalDraft } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  /** Free text is cleaned of what does not show; an id from a choice set is taken exactly as sent. */
  const text = (field: ProposalField, required: boolean, max: number, clean = true): string => {
    const value = clean ? cleanText(form[field] ?? '') : (form[field] ?? '').trim();
    if (required && isBlank(value)) errors[field] = 'required';
    else if (value.length > max) errors[field] = 'tooLong';
    return value;
  };
  const date = (field: ProposalField, required: boolean): string | null => {
    const value = (form[field] ?? '').trim();
    if (!value) {
      if (required) errors[field] = 'required';
      return null;
    }
    if (!isCalendarDate(value)) errors[field] = 'invalidDate';
    else if (value < today) errors[field] = 'pastDate';
    else if (value > addCalendarDays(today, LIMITS.maxDeadlineDays)) errors[field] = 'tooFarAhead';
    return value;
  };
  const amount = (field: ProposalField): number | null => {
    const value = (form[field] ?? '').trim().replace(/[\s\u00a0]/g, '').replace(',', '.');
    if (!value) return null;
    // Plain decimal kronor only: Number() would also take 0x10, 1e6 and Infinity.
    const n = /^[+-]?\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
    if (!Number.isFinite(n)) errors[field] = 'notANumber';
    else if (n < 0) errors[field] = 'negative';
    else if (n > LIMITS.maxCostSek) errors[field] = 'tooLarge';
    // "-0" passes the sign check; `|| 0` keeps a negative zero out of the record and the card.
    return Number.isFinite(n) ? Math.round(n) || 0 : null;
  };

  const draft: ProposalDraft = {
    title: text('title', true, LIMITS.title),
    background: text('background', true, LIMITS.longText),
    goals: text('goals', false, LIMITS.longText),
    regionalValue: text('regionalValue', false, LIMITS.longText),
    networkId: text('networkId', true, 100, false),
    ownerNetworkId: text('ownerNetworkId', false, 100, false),
    contactPersonId: text('contactPersonId', true, 100, false),
    plannedStart: date('plannedStart', false),
    estimatedCostSek: amount('estimatedCostSek'),
    jointFundsRequested: (form.jointFundsRequested ?? 'false') === 'true',
    jointFundsSek: amount('jointFundsSek'),
    answerDeadline: date('answerDeadline', true) ?? '',
  };

  if (draft.networkId && !errors.networkId && !partnership.networks.some((n) => n.id === draft.networkId))
    errors.networkId = 'unknownNetwork';
  // Portfolios: a proposal in a portfolio network is that network's unless it names another owner.
  if (!errors.ownerNetworkId && !errors.networkId && draft.networkId) {
    if (!draft.ownerNetworkId && ownsPortfolio(partnership.networks, draft.networkId)) draft.ownerNetworkId = draft.networkId;
    else if (!draft.ownerNetworkId) errors.ownerNetworkId = 'ownerRequired';
    else if (!ownsPortfolio(partnership.networks, draft.ownerNetworkId)) errors.ownerNetworkId = 'notPortfolio';
  }
  if (draft.contactPersonId && !errors.contactPersonId && !partnership.people.some((p) => p.id === draft.contactPersonId))
    errors.contactPersonId = 'unknownPerson';
  if (draft.jointFundsRequested) {
    if (!errors.jointFundsSek && !draft.jointFundsSek) errors.jointFundsSek = 'jointFundsAmountRequired';
    else if (!errors.jointFundsSek && draft.estimatedCostSek !== null && draft.jointFundsSek! > draft.estimatedCostSek)
      errors.jointFundsSek = 'jointFundsExceedCost';
  } else {
    draft.jointFundsSek = null;
    delete errors.jointFundsSek;
  }

  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, draft };
}

/** Short numbers per calendar year: P-2026-007. */
export function proposalNumber(year: number, sequence: number): string {
  return formatId('proposal', year, sequence);
}

export const PROPOSAL_NUMBER = PROPOSAL_ID;
