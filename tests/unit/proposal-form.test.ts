import { beforeAll, describe, expect, it } from 'vitest';
import type { Partnership } from '../../src/config/partnership.js';
import { localDate } from '../../src/domain/calendar.js';
import { ManualClock } from '../../src/clock.js';
import {
  checkProposalForm,
  LIMITS,
  PROPOSAL_NUMBER,
  proposalNumber,
  type FieldProblem,
  type ProposalField,
  type ProposalFormValues,
} from '../../src/domain/proposal.js';
import { loadRealPartnership } from './_support.js';

let partnership: Partnership;
beforeAll(async () => {
  partnership = await loadRealPartnership();
});

/** 10:00 in Stockholm on Tuesday 10 March 2026. */
const clock = new ManualClock(new Date('2026-03-10T09:00:00Z'));
const today = () => localDate(clock.now());

const VALID: ProposalFormValues = {
  title: 'Trygg hemgång från sjukhus',
  background: 'Många äldre skrivs ut utan samordnad planering.',
  goals: 'Färre återinskrivningar inom 30 dagar.',
  regionalValue: 'Samma arbetssätt i alla 13 kommuner.',
  networkId: 'aldreomsorg',
  contactPersonId: 'aldre-jonkoping',
  plannedStart: '2026-09-01',
  estimatedCostSek: '150 000',
  jointFundsRequested: 'true',
  jointFundsSek: '50 000',
  answerDeadline: '2026-04-30',
};

function check(patch: ProposalFormValues = {}) {
  return checkProposalForm({ ...VALID, ...patch }, partnership, today());
}

describe('checkProposalForm: a valid form', () => {
  it('gives a draft with trimmed text and parsed numbers', () => {
    expect(today()).toBe('2026-03-10');
    const result = check({ title: '  Trygg hemgång från sjukhus \n' });
    expect(result).toEqual({
      ok: true,
      draft: {
        title: 'Trygg hemgång från sjukhus',
        background: VALID.background,
        goals: VALID.goals,
        regionalValue: VALID.regionalValue,
        networkId: 'aldreomsorg',
        // Issue 15 item 6: made in a portfolio network, the project is that network's.
        ownerNetworkId: 'aldreomsorg',
        contactPersonId: 'aldre-jonkoping',
        plannedStart: '2026-09-01',
        estimatedCostSek: 150000,
        jointFundsRequested: true,
        jointFundsSek: 50000,
        answerDeadline: '2026-04-30',
      },
    });
  });

  it.each([
    ['150 000', 150000],
    ['150000,00', 150000],
    ['150000', 150000],
    ['150\u00a0000', 150000],
    [' 1 234,56 ', 1235],
    ['0', 0],
    [String(LIMITS.maxCostSek), LIMITS.maxCostSek],
  ])('estimated cost %j → %d', (raw, expected) => {
    const result = check({ estimatedCostSek: raw, jointFundsRequested: 'false' });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.draft.estimatedCostSek).toBe(expected);
  });

  it('leaves optional fields empty as null / empty string', () => {
    const result = check({ goals: '', regionalValue: '', plannedStart: '', estimatedCostSek: '', jointFundsRequested: undefined, jointFundsSek: undefined });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.draft).toMatchObject({ goals: '', regionalValue: '', plannedStart: null, estimatedCostSek: null, jointFundsRequested: false, jointFundsSek: null });
  });

  it('allows today as the answer deadline and as the planned start', () => {
    const result = check({ answerDeadline: '2026-03-10', plannedStart: '2026-03-10' });
    expect(result.ok).toBe(true);
  });

  it('uses the Swedish date it is given: just after local midnight, today is already the next day', () => {
    const late = new ManualClock(new Date('2026-03-09T23:30:00Z'));
    const swedishToday = localDate(late.now());
    expect(swedishToday).toBe('2026-03-10');
    expect(checkProposalForm({ ...VALID, answerDeadline: '2026-03-09' }, partnership, swedishToday)).toEqual({ ok: false, errors: { answerDeadline: 'pastDate' } });
    expect(checkProposalForm({ ...VALID, answerDeadline: '2026-03-10' }, partnership, swedishToday).ok).toBe(true);
  });

  it('accepts a title of exactly 120 and texts of exactly 4000 characters', () => {
    const long = 'å'.repeat(LIMITS.longText);
    expect(check({ title: 'x'.repeat(LIMITS.title), background: long, goals: long, regionalValue: long }).ok).toBe(true);
  });

  it('accepts a deadline exactly 730 days ahead', () => {
    // 2026-03-10 + 730 days (2028 is a leap year) = 2028-03-09.
    expect(check({ answerDeadline: '2028-03-09' }).ok).toBe(true);
  });

  it('accepts joint funds equal to the cost', () => {
    const result = check({ estimatedCostSek: '150 000', jointFundsSek: '150000' });
    expect(result.ok && result.draft.jointFundsSek).toBe(150000);
  });

  it.each(['junk', '', '-5', '999999999999', '200 000'])(
    'joint funds not requested: amount %j is ignored (null, no error)',
    (jointFundsSek) => {
      for (const jointFundsRequested of ['false', undefined]) {
        const result = check({ jointFundsRequested, jointFundsSek });
        expect(result).toMatchObject({ ok: true, draft: { jointFundsRequested: false, jointFundsSek: null } });
      }
    },
  );
});

describe('checkProposalForm: each invalid field gives exactly its problem', () => {
  const cases: [string, ProposalFormValues, ProposalField, FieldProblem][] = [
    ['empty title', { title: '' }, 'title', 'required'],
    ['whitespace-only title', { title: '  \t\n\u00a0' }, 'title', 'required'],
    ['missing title', { title: undefined }, 'title', 'required'],
    ['title of 121 characters', { title: 'x'.repeat(121) }, 'title', 'tooLong'],
    ['empty background', { background: '' }, 'background', 'required'],
    ['background over 4000 characters', { background: 'b'.repeat(4001) }, 'background', 'tooLong'],
    ['goals over 4000 characters', { goals: 'g'.repeat(4001) }, 'goals', 'tooLong'],
    ['regional value over 4000 characters', { regionalValue: 'r'.repeat(4001) }, 'regionalValue', 'tooLong'],
    ['missing answer deadline', { answerDeadline: '' }, 'answerDeadline', 'required'],
    ['answer deadline yesterday', { answerDeadline: '2026-03-09' }, 'answerDeadline', 'pastDate'],
    ['answer deadline last year', { answerDeadline: '2025-12-31' }, 'answerDeadline', 'pastDate'],
    ['answer deadline 2026-02-30', { answerDeadline: '2026-02-30' }, 'answerDeadline', 'invalidDate'],
    ['answer deadline 2026-13-01', { answerDeadline: '2026-13-01' }, 'answerDeadline', 'invalidDate'],
    ['answer deadline "next week"', { answerDeadline: 'next week' }, 'answerDeadline', 'invalidDate'],
    ['answer deadline 2026-4-30', { answerDeadline: '2026-4-30' }, 'answerDeadline', 'invalidDate'],
    ['answer deadline 30/4/2026', { answerDeadline: '30/4/2026' }, 'answerDeadline', 'invalidDate'],
    ['answer deadline 731 days ahead', { answerDeadline: '2028-03-10' }, 'answerDeadline', 'tooFarAhead'],
    ['answer deadline years ahead', { answerDeadline: '2099-01-01' }, 'answerDeadline', 'tooFarAhead'],
    ['planned start in the past', { plannedStart: '2026-01-01' }, 'plannedStart', 'pastDate'],
    ['planned start not a date', { plannedStart: 'hösten' }, 'plannedStart', 'invalidDate'],
    ['negative cost', { estimatedCostSek: '-1', jointFundsRequested: 'false' }, 'estimatedCostSek', 'negative'],
    ['cost "abc"', { estimatedCostSek: 'abc', jointFundsRequested: 'false' }, 'estimatedCostSek', 'notANumber'],
    ['cost over the limit', { estimatedCostSek: '1 000 000 001', jointFundsRequested: 'false' }, 'estimatedCostSek', 'tooLarge'],
    ['unknown network', { networkId: 'okant-natverk' }, 'networkId', 'unknownNetwork'],
    ['network given by name instead of id', { networkId: 'Äldreomsorg' }, 'networkId', 'unknownNetwork'],
    ['missing network', { networkId: '' }, 'networkId', 'required'],
    ['a network without a portfolio, no owning group', { networkId: 'psykiatri' }, 'ownerNetworkId', 'ownerRequired'],
    ['an owning group without a portfolio', { ownerNetworkId: 'vfu' }, 'ownerNetworkId', 'notPortfolio'],
    ['unknown contact person', { contactPersonId: 'nobody' }, 'contactPersonId', 'unknownPerson'],
    ['missing contact person', { contactPersonId: ' ' }, 'contactPersonId', 'required'],
    ['joint funds requested, no amount', { jointFundsSek: '' }, 'jointFundsSek', 'jointFundsAmountRequired'],
    ['joint funds requested, amount absent', { jointFundsSek: undefined }, 'jointFundsSek', 'jointFundsAmountRequired'],
    ['joint funds requested, amount 0', { jointFundsSek: '0' }, 'jointFundsSek', 'jointFundsAmountRequired'],
    ['joint funds requested, amount "abc"', { jointFundsSek: 'abc' }, 'jointFundsSek', 'notANumber'],
    ['cost in hex', { estimatedCostSek: '0x10' }, 'estimatedCostSek', 'notANumber'],
    ['cost in exponent form', { estimatedCostSek: '1e6' }, 'estimatedCostSek', 'notANumber'],
    ['cost Infinity', { estimatedCostSek: 'Infinity' }, 'estimatedCostSek', 'notANumber'],
    ['joint funds requested, negative amount', { jointFundsSek: '-100' }, 'jointFundsSek', 'negative'],
    ['joint funds greater than the cost', { estimatedCostSek: '150 000', jointFundsSek: '150 001' }, 'jointFundsSek', 'jointFundsExceedCost'],
  ];

  it.each(cases)('%s → %s: %s', (_name, patch, field, problem) => {
    expect(check(patch)).toEqual({ ok: false, errors: { [field]: problem } });
  });

  it('reports every wrong field at once', () => {
    const result = check({ title: '', answerDeadline: 'next week', networkId: 'x', estimatedCostSek: 'abc' });
    expect(result).toEqual({
      ok: false,
      errors: { title: 'required', answerDeadline: 'invalidDate', networkId: 'unknownNetwork', estimatedCostSek: 'notANumber' },
    });
  });

  it('an empty form names every required field', () => {
    expect(checkProposalForm({}, partnership, today())).toEqual({
      ok: false,
      errors: { title: 'required', background: 'required', networkId: 'required', contactPersonId: 'required', answerDeadline: 'required' },
    });
  });
});

describe('proposalNumber', () => {
  it.each([
    [2026, 1, 'P-2026-001'],
    [2026, 7, 'P-2026-007'],
    [2026, 42, 'P-2026-042'],
    [2026, 999, 'P-2026-999'],
    [2026, 1000, 'P-2026-1000'],
    [2027, 1, 'P-2027-001'],
  ])('(%i, %i) → %s', (year, sequence, expected) => {
    expect(proposalNumber(year, sequence)).toBe(expected);
    expect(PROPOSAL_NUMBER.test(expected)).toBe(true);
  });
});
