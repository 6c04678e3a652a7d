import { beforeAll, describe, expect, it } from 'vitest';
import { municipalities, type Member } from '../../src/config/partnership.js';
import { ManualClock } from '../../src/clock.js';
import {
  answersOpen,
  currentAnswers,
  evaluateProposal,
  type Answer,
  type Missing,
  type ParticipationRecord,
  type ProposalStatus,
} from '../../src/domain/participation.js';
import { loadRealPartnership } from './_support.js';

const PROPOSAL = 'P-2026-007';
const OTHER = 'P-2026-008';
const DEADLINE = '2026-06-30';
/** The first instant after 30 June 2026 in Stockholm (CEST, UTC+2). */
const CLOSES = '2026-06-30T22:00:00.000Z';
const BEFORE = '2026-06-15T08:00:00.000Z';
const REGIONAL_VALUE = 'Gemensam metod för hela länet.';

let members: Member[];
let ids: string[];

beforeAll(async () => {
  members = municipalities(await loadRealPartnership());
  ids = members.map((m) => m.id);
});

let seq = 0;
function record(memberId: string, answer: Answer, proposalId = PROPOSAL): ParticipationRecord {
  seq += 1;
  return {
    proposalId,
    memberId,
    answer,
    personId: `chief-${memberId}`,
    aadObjectId: `00000000-0000-0000-0000-${String(seq).padStart(12, '0')}`,
    capacity: 'socialChief',
    at: new Date(Date.UTC(2026, 5, 1, 8, 0, seq)).toISOString(),
    activityId: `activity-${seq}`,
  };
}

const participate = (memberIds: string[]) => memberIds.map((id) => record(id, 'participates'));

describe('currentAnswers', () => {
  it('keeps only the latest answer per member, in history order', () => {
    const history = [
      record('eksjo', 'participates'),
      record('jonkoping', 'declines'),
      record('eksjo', 'declines'),
      record('jonkoping', 'participates'),
      record('eksjo', 'participates'),
    ];
    const latest = currentAnswers(history, PROPOSAL);
    expect([...latest.keys()].sort()).toEqual(['eksjo', 'jonkoping']);
    expect(latest.get('eksjo')).toBe(history[4]);
    expect(latest.get('jonkoping')).toBe(history[3]);
  });

  it('ignores answers to other proposals, even later ones', () => {
    const history = [record('eksjo', 'participates'), record('eksjo', 'declines', OTHER), record('habo', 'participates', OTHER)];
    const latest = currentAnswers(history, PROPOSAL);
    expect(latest.size).toBe(1);
    expect(latest.get('eksjo')?.answer).toBe('participates');
    expect(latest.has('habo')).toBe(false);
    expect(currentAnswers(history, OTHER).get('eksjo')?.answer).toBe('declines');
  });

  it('is empty for a proposal nobody answered', () => {
    expect(currentAnswers([record('eksjo', 'participates', OTHER)], PROPOSAL).size).toBe(0);
    expect(currentAnswers([], PROPOSAL).size).toBe(0);
  });
});

describe('answersOpen: the whole deadline day, Europe/Stockholm', () => {
  // [deadline, last open instant (UTC), first closed instant (UTC)]
  const cases: [string, string, string, string][] = [
    ['summer time (CEST)', '2026-06-30', '2026-06-30T21:59:59.999Z', '2026-06-30T22:00:00.000Z'],
    ['winter time (CET)', '2026-12-01', '2026-12-01T22:59:59.999Z', '2026-12-01T23:00:00.000Z'],
    ['day before spring forward', '2026-03-28', '2026-03-28T22:59:59.999Z', '2026-03-28T23:00:00.000Z'],
    ['spring-forward day (23 h)', '2026-03-29', '2026-03-29T21:59:59.999Z', '2026-03-29T22:00:00.000Z'],
    ['day before fall back', '2026-10-24', '2026-10-24T21:59:59.999Z', '2026-10-24T22:00:00.000Z'],
    ['fall-back day (25 h)', '2026-10-25', '2026-10-25T22:59:59.999Z', '2026-10-25T23:00:00.000Z'],
    ['new year’s eve', '2026-12-31', '2026-12-31T22:59:59.999Z', '2026-12-31T23:00:00.000Z'],
    ['leap day', '2028-02-29', '2028-02-29T22:59:59.999Z', '2028-02-29T23:00:00.000Z'],
  ];

  it.each(cases)('%s: %s is open until %s and closed from %s', (_label, deadline, lastOpen, firstClosed) => {
    const clock = new ManualClock(new Date(lastOpen));
    expect(answersOpen(deadline, clock.now())).toBe(true);
    expect(answersOpen(deadline, clock.now(), 'Europe/Stockholm')).toBe(true);
    clock.advance(1);
    expect(clock.now().toISOString()).toBe(firstClosed);
    expect(answersOpen(deadline, clock.now())).toBe(false);
    expect(answersOpen(deadline, clock.now(), 'Europe/Stockholm')).toBe(false);
  });

  it('is open from well before the deadline day through its local start', () => {
    const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
    expect(answersOpen(DEADLINE, clock.now())).toBe(true);
    // 00:00 local on the deadline day is 22:00Z the day before in summer.
    clock.set('2026-06-29T22:00:00Z');
    expect(answersOpen(DEADLINE, clock.now())).toBe(true);
    clock.set('2026-06-30T12:00:00Z');
    expect(answersOpen(DEADLINE, clock.now())).toBe(true);
  });

  it('stays closed after the deadline', () => {
    const clock = new ManualClock(new Date(CLOSES));
    for (const later of ['2026-07-01T12:00:00Z', '2027-01-01T00:00:00Z']) {
      clock.set(later);
      expect(answersOpen(DEADLINE, clock.now())).toBe(false);
    }
  });

  it('follows the time zone it is given', () => {
    const now = new Date('2026-06-30T23:30:00Z');
    expect(answersOpen(DEADLINE, now, 'Europe/Stockholm')).toBe(false);
    expect(answersOpen(DEADLINE, now, 'UTC')).toBe(true);
    expect(answersOpen(DEADLINE, new Date('2026-07-01T00:00:00Z'), 'UTC')).toBe(false);
  });
});

describe('evaluateProposal (rule 1: at least two participants and a regional value)', () => {
  interface Case {
    name: string;
    participants: number;
    regionalValue: string;
    now: string;
    status: ProposalStatus;
    missing: Missing[];
    needed: number;
  }
  const cases: Case[] = [
    { name: '0 participants, before the deadline', participants: 0, regionalValue: REGIONAL_VALUE, now: BEFORE, status: 'open', missing: ['participants'], needed: 2 },
    { name: '1 participant, before the deadline', participants: 1, regionalValue: REGIONAL_VALUE, now: BEFORE, status: 'open', missing: ['participants'], needed: 1 },
    { name: '2 participants with regional value, before the deadline', participants: 2, regionalValue: REGIONAL_VALUE, now: BEFORE, status: 'canStart', missing: [], needed: 0 },
    { name: '13 participants with regional value, before the deadline', participants: 13, regionalValue: REGIONAL_VALUE, now: BEFORE, status: 'canStart', missing: [], needed: 0 },
    { name: '2 participants, no regional value', participants: 2, regionalValue: '', now: BEFORE, status: 'open', missing: ['regionalValue'], needed: 0 },
    { name: '2 participants, whitespace-only regional value', participants: 2, regionalValue: ' \n\t\u00a0 ', now: BEFORE, status: 'open', missing: ['regionalValue'], needed: 0 },
    { name: '13 participants, no regional value', participants: 13, regionalValue: '', now: BEFORE, status: 'open', missing: ['regionalValue'], needed: 0 },
    { name: '0 participants, no regional value', participants: 0, regionalValue: '', now: BEFORE, status: 'open', missing: ['participants', 'regionalValue'], needed: 2 },
    { name: 'last instant of the deadline day with 1 participant', participants: 1, regionalValue: REGIONAL_VALUE, now: '2026-06-30T21:59:59.999Z', status: 'open', missing: ['participants'], needed: 1 },
    { name: 'after the deadline with 0 participants', participants: 0, regionalValue: REGIONAL_VALUE, now: CLOSES, status: 'notFeasible', missing: ['participants'], needed: 2 },
    { name: 'after the deadline with 1 participant', participants: 1, regionalValue: REGIONAL_VALUE, now: CLOSES, status: 'notFeasible', missing: ['participants'], needed: 1 },
    { name: 'after the deadline with 1 participant and no regional value', participants: 1, regionalValue: '  ', now: CLOSES, status: 'notFeasible', missing: ['participants', 'regionalValue'], needed: 1 },
    { name: 'after the deadline with 2 participants and regional value', participants: 2, regionalValue: REGIONAL_VALUE, now: CLOSES, status: 'canStart', missing: [], needed: 0 },
    { name: 'after the deadline with 13 participants and regional value', participants: 13, regionalValue: REGIONAL_VALUE, now: '2027-01-01T00:00:00Z', status: 'canStart', missing: [], needed: 0 },
    { name: 'after the deadline with 2 participants but no regional value', participants: 2, regionalValue: '', now: CLOSES, status: 'open', missing: ['regionalValue'], needed: 0 },
    { name: 'after the deadline with 2 participants, whitespace regional value', participants: 2, regionalValue: '\t', now: CLOSES, status: 'open', missing: ['regionalValue'], needed: 0 },
  ];

  it.each(cases)('$name → $status', (c) => {
    const clock = new ManualClock(new Date(c.now));
    const taking = ids.slice(0, c.participants);
    const v = evaluateProposal(
      { id: PROPOSAL, regionalValue: c.regionalValue, answerDeadline: DEADLINE },
      participate(taking),
      members,
      clock.now(),
      2,
    );
    expect(v.status).toBe(c.status);
    expect(v.missing).toEqual(c.missing);
    expect(v.participantsNeeded).toBe(c.needed);
    expect(v.answersOpen).toBe(clock.now().getTime() < Date.parse(CLOSES));
    expect(v.participants).toEqual(taking);
    expect(v.declined).toEqual([]);
    expect(v.unanswered).toEqual(ids.slice(c.participants));
  });

  it('splits the 13 members into participants, declined and unanswered, in config order', () => {
    const history = [
      record('vetlanda', 'participates'),
      record('aneby', 'declines'),
      record('jonkoping', 'participates'),
      record('habo', 'declines'),
      record('eksjo', 'participates'),
    ];
    const v = evaluateProposal({ id: PROPOSAL, regionalValue: REGIONAL_VALUE, answerDeadline: DEADLINE }, history, members, new Date(BEFORE), 2);
    expect(v.participants).toEqual(['eksjo', 'jonkoping', 'vetlanda']);
    expect(v.declined).toEqual(['aneby', 'habo']);
    expect(v.unanswered).toEqual(['gislaved', 'gnosjo', 'mullsjo', 'nassjo', 'savsjo', 'tranas', 'vaggeryd', 'varnamo']);
    expect([...v.participants, ...v.declined, ...v.unanswered].sort()).toEqual([...ids].sort());
    expect(v.status).toBe('canStart');
  });

  it('declines do not count as participants', () => {
    const history = ids.slice(0, 12).map((id) => record(id, 'declines')).concat(record(ids[12]!, 'participates'));
    const v = evaluateProposal({ id: PROPOSAL, regionalValue: REGIONAL_VALUE, answerDeadline: DEADLINE }, history, members, new Date(CLOSES), 2);
    expect(v.participants).toEqual([ids[12]]);
    expect(v.declined).toHaveLength(12);
    expect(v.unanswered).toEqual([]);
    expect(v.participantsNeeded).toBe(1);
    expect(v.status).toBe('notFeasible');
  });

  it('a changed answer (participates → declines) lowers the count', () => {
    const clock = new ManualClock(new Date(BEFORE));
    const proposal = { id: PROPOSAL, regionalValue: REGIONAL_VALUE, answerDeadline: DEADLINE };
    const history = [record('eksjo', 'participates'), record('jonkoping', 'participates')];
    expect(evaluateProposal(proposal, history, members, clock.now(), 2).status).toBe('canStart');

    history.push(record('eksjo', 'declines'));
    const v = evaluateProposal(proposal, history, members, clock.now(), 2);
    expect(v.participants).toEqual(['jonkoping']);
    expect(v.declined).toEqual(['eksjo']);
    expect(v.participantsNeeded).toBe(1);
    expect(v.missing).toEqual(['participants']);
    expect(v.status).toBe('open');

    clock.set(CLOSES);
    expect(evaluateProposal(proposal, history, members, clock.now(), 2).status).toBe('notFeasible');

    // …and changing back restores it.
    history.push(record('eksjo', 'participates'));
    expect(evaluateProposal(proposal, history, members, clock.now(), 2).status).toBe('canStart');
  });

  it('answers to other proposals do not count', () => {
    const history = [record('eksjo', 'participates', OTHER), record('jonkoping', 'participates', OTHER), record('habo', 'participates')];
    const v = evaluateProposal({ id: PROPOSAL, regionalValue: REGIONAL_VALUE, answerDeadline: DEADLINE }, history, members, new Date(CLOSES), 2);
    expect(v.participants).toEqual(['habo']);
    expect(v.status).toBe('notFeasible');
  });

  it('answers for members that are not in the list do not count', () => {
    const history = [record('habo', 'participates'), record('forsakringskassan', 'participates')];
    const v = evaluateProposal({ id: PROPOSAL, regionalValue: REGIONAL_VALUE, answerDeadline: DEADLINE }, history, members, new Date(BEFORE), 2);
    expect(v.participants).toEqual(['habo']);
    expect(v.participantsNeeded).toBe(1);
    expect(v.status).toBe('open');
  });

  describe('minParticipants 3', () => {
    const cases: [number, string, ProposalStatus, number][] = [
      [2, BEFORE, 'open', 1],
      [2, CLOSES, 'notFeasible', 1],
      [3, BEFORE, 'canStart', 0],
      [3, CLOSES, 'canStart', 0],
      [4, CLOSES, 'canStart', 0],
    ];
    it.each(cases)('%i participants at %s → %s (needs %i more)', (count, now, status, needed) => {
      const v = evaluateProposal(
        { id: PROPOSAL, regionalValue: REGIONAL_VALUE, answerDeadline: DEADLINE },
        participate(ids.slice(0, count)),
        members,
        new Date(now),
        3,
      );
      expect(v.status).toBe(status);
      expect(v.participantsNeeded).toBe(needed);
      expect(v.missing).toEqual(needed > 0 ? ['participants'] : []);
    });
  });

  it('judges the deadline in winter time too', () => {
    const proposal = { id: PROPOSAL, regionalValue: REGIONAL_VALUE, answerDeadline: '2026-12-01' };
    const history = participate(['eksjo']);
    const clock = new ManualClock(new Date('2026-12-01T22:59:59.999Z'));
    expect(evaluateProposal(proposal, history, members, clock.now(), 2)).toMatchObject({ status: 'open', answersOpen: true });
    clock.advance(1);
    expect(evaluateProposal(proposal, history, members, clock.now(), 2)).toMatchObject({ status: 'notFeasible', answersOpen: false });
  });
});
