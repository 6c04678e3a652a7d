import { beforeAll, describe, expect, it } from 'vitest';
import { gateDecisionOf, parsePartnership, type Partnership } from '../../src/config/partnership.js';
import { authorize } from '../../src/domain/authorization.js';
import type { Decided } from '../../src/domain/decided.js';
import { gateDelivery, type Press } from '../../src/domain/delivery.js';
import { gateDeciders, majorityOf, pendingSubmission, settleGateVote, tallyGate, votesOnPending, type GateTally } from '../../src/domain/gate-decision.js';
import { decideGateEvent, gateStateOf, type GateDecisionMode, type GateEvent } from '../../src/domain/gates.js';
import { owningNetworkOf, portfolioNetworks } from '../../src/domain/portfolio.js';
import { checkProposalForm } from '../../src/domain/proposal.js';
import { loadRealPartnership } from './_support.js';
import raw from '../../data/partnership.jonkoping.json' with { type: 'json' };

/*
 * Issue 15, items 4 and 6: gates with four eyes, decided by the group that owns the project's
 * portfolio, by one approval or by a majority vote (as the partnership file says).
 */

function summary<R>(d: Decided<R, string>): string {
  if (d.kind === 'recorded') return 'recorded';
  if (d.kind === 'conflict') return `conflict:${d.conflict.differs.join(',')}`;
  return d.reason;
}

const proposalId = 'P-2026-001';
const at = '2026-05-04T08:00:00.000Z';
const later = (minutes: number) => new Date(Date.parse(at) + minutes * 60_000).toISOString();
const CLOSES = '2026-05-11T21:59:00.000Z';
const document = { title: 'Projektdirektiv', url: 'https://exempel.se/bg0.docx' };
/** The contact person (Eksjö's chief) submits; Anna, a coordinator, submits in some rows. */
const CONTACT = 'chief-eksjo';
const submit = (by = CONTACT, decision: GateDecisionMode = { mode: 'single' }): GateEvent => ({ kind: 'submit', gate: 'BG0', at, by, document, decision });
const majority = (by = CONTACT) => submit(by, { mode: 'majority', closesAt: CLOSES });
const approve = (by: string, minutes = 1, comment?: string): GateEvent => ({ kind: 'approve', gate: 'BG0', at: later(minutes), by, ...(comment ? { comment } : {}) });
const sendBack = (by: string, reason = 'Komplettera budgeten', minutes = 1): GateEvent => ({ kind: 'sendBack', gate: 'BG0', at: later(minutes), by, reason });
const vote = (by: string, position: 'approve' | 'sendBack', minutes = 1, reason?: string): GateEvent => ({ kind: 'vote', gate: 'BG0', at: later(minutes), by, position, ...(reason ? { reason } : {}) });

const decide = (history: GateEvent[], event: GateEvent, press: Press = { activityId: 'g9' }) => decideGateEvent({ proposalId, history, event, press, contactPersonId: CONTACT });

describe('four eyes: who may not decide a gate, whatever the mode', () => {
  const table: [string, GateEvent[], GateEvent, string][] = [
    ['the contact person who submitted approves', [submit()], approve(CONTACT), 'ownDocument'],
    ['the contact person who submitted sends back', [submit()], sendBack(CONTACT), 'ownDocument'],
    ['a coordinator who submitted approves', [submit('anna-lindqvist')], approve('anna-lindqvist'), 'ownDocument'],
    ['the contact person, when a coordinator submitted', [submit('anna-lindqvist')], approve(CONTACT), 'contactPerson'],
    ['another member approves', [submit()], approve('aldre-jonkoping'), 'recorded'],
    ['another member sends back', [submit()], sendBack('aldre-jonkoping'), 'recorded'],
    ['the submitter votes in a majority decision', [majority()], approve(CONTACT), 'ownDocument'],
    ['the contact person votes in a majority decision', [majority('anna-lindqvist')], sendBack(CONTACT), 'contactPerson'],
    ['a decision on a gate not waiting is refused as before', [], approve('aldre-jonkoping'), 'notPending'],
    ['the submitter cancels (not a decision)', [submit()], { kind: 'cancel', at, by: CONTACT, reason: 'Ingen finansiering' }, 'recorded'],
  ];
  it.each(table)('%s → %s', (_name, history, event, expected) => {
    expect(summary(decide(history, event))).toBe(expected);
  });

  it('a single decision records who, when, the document it decided on and any comment', () => {
    expect(decide([submit()], approve('aldre-jonkoping', 5, 'Bra underlag'))).toEqual({
      kind: 'recorded',
      record: { kind: 'approve', gate: 'BG0', at: later(5), by: 'aldre-jonkoping', comment: 'Bra underlag', document },
    });
    expect(decide([submit()], sendBack('aldre-jonkoping', 'Komplettera', 7))).toEqual({
      kind: 'recorded',
      record: { kind: 'sendBack', gate: 'BG0', at: later(7), by: 'aldre-jonkoping', reason: 'Komplettera', document },
    });
  });

  it('a single approval passes the gate', () => {
    const decided = decide([submit()], approve('aldre-jonkoping'));
    expect(decided.kind).toBe('recorded');
    if (decided.kind === 'recorded') expect(gateStateOf([submit(), decided.record])).toEqual({ passed: ['BG0'], cancelled: false });
  });
});

describe('a majority decision: each press is a vote', () => {
  it('an approval is recorded as a vote, which passes nothing by itself', () => {
    const decided = decide([majority()], approve('aldre-jonkoping', 2, 'Ja'));
    expect(decided).toEqual({ kind: 'recorded', record: { kind: 'vote', gate: 'BG0', at: later(2), by: 'aldre-jonkoping', position: 'approve', comment: 'Ja' } });
    if (decided.kind === 'recorded') expect(gateStateOf([majority(), decided.record])).toEqual({ passed: [], pending: 'BG0', cancelled: false });
  });

  const table: [string, GateEvent[], GateEvent, string][] = [
    ['a send-back vote', [majority()], sendBack('aldre-jonkoping'), 'recorded'],
    ['a send-back vote without a reason', [majority()], sendBack('aldre-jonkoping', ' '), 'reasonRequired'],
    ['the same vote again (one voice per person)', [majority(), vote('aldre-jonkoping', 'approve')], approve('aldre-jonkoping', 3), 'alreadyVoted'],
    ['a changed vote', [majority(), vote('aldre-jonkoping', 'approve')], sendBack('aldre-jonkoping', 'Nej', 3), 'recorded'],
    ['a vote at the closing time', [majority()], { ...approve('aldre-jonkoping'), at: CLOSES }, 'votingClosed'],
    ['a vote after a decision', [majority(), vote('a', 'approve'), { kind: 'approve', gate: 'BG0', at, by: 'a', majority: { approve: ['a'], sendBack: [], eligible: 1 } }], approve('b'), 'notPending'],
  ];
  it.each(table)('%s → %s', (_name, history, event, expected) => {
    expect(summary(decide(history, event))).toBe(expected);
  });

  it('a re-delivered vote counts once; the same id with the other button is a conflict', () => {
    const first = { activityId: 'v1', earlier: gateDelivery({ proposalId, ...vote('aldre-jonkoping', 'approve') }) };
    expect(summary(decide([majority(), vote('aldre-jonkoping', 'approve')], approve('aldre-jonkoping'), first))).toBe('duplicate');
    expect(summary(decide([majority(), vote('aldre-jonkoping', 'approve')], sendBack('aldre-jonkoping', 'Nej'), first))).toBe('conflict:verb,reason');
  });

  it('a re-delivered single approval counts once although the record carries the document', () => {
    const recorded = { ...approve('aldre-jonkoping'), document } as GateEvent;
    const press = { activityId: 'a1', earlier: gateDelivery({ proposalId, ...recorded }) };
    expect(summary(decide([submit(), recorded], approve('aldre-jonkoping'), press))).toBe('duplicate');
  });
});

describe('the tally of a majority vote', () => {
  // Five members of the owning group from participating municipalities; the contact person is one of them.
  const deciders = ['a', 'b', 'c', 'd', CONTACT];
  const now = new Date(later(60));
  const tally = (history: GateEvent[], when = now, who = deciders) => tallyGate({ history, deciders: who, contactPersonId: CONTACT, now: when });

  it('counts those who may vote: not the submitter, not the contact person', () => {
    expect(tally([majority('a')])).toMatchObject({ eligible: ['b', 'c', 'd'], waiting: ['b', 'c', 'd'], needed: 2, outcome: 'open', closesAt: CLOSES });
    expect(tally([majority('anna-lindqvist')])).toMatchObject({ eligible: ['a', 'b', 'c', 'd'], needed: 3 });
  });

  it.each<[string, GateEvent[], Partial<GateTally>]>([
    ['one approval of four', [vote('a', 'approve')], { approve: ['a'], sendBack: [], waiting: ['b', 'c', 'd'], outcome: 'open' }],
    ['two of four is not a majority', [vote('a', 'approve'), vote('b', 'approve')], { outcome: 'open' }],
    ['three of four is', [vote('a', 'approve'), vote('b', 'approve'), vote('c', 'approve')], { approve: ['a', 'b', 'c'], outcome: 'passed' }],
    ['a changed vote counts as its latest', [vote('a', 'approve'), vote('b', 'approve'), vote('c', 'approve'), vote('c', 'sendBack', 2, 'Nej')], { approve: ['a', 'b'], sendBack: ['c'], outcome: 'open' }],
    ['a majority to send back', [vote('a', 'sendBack', 1, 'x'), vote('b', 'sendBack', 1, 'y'), vote('c', 'sendBack', 1, 'z')], { outcome: 'sentBack' }],
    ['votes of people who may not vote do not count', [vote('x', 'approve'), vote(CONTACT, 'approve'), vote('a', 'approve')], { approve: ['a'], outcome: 'open' }],
  ])('%s', (_name, votes, expected) => {
    expect(tally([majority('anna-lindqvist'), ...votes])).toMatchObject(expected);
  });

  it('closes at its time without a majority', () => {
    expect(tally([majority('anna-lindqvist'), vote('a', 'approve')], new Date(CLOSES))?.outcome).toBe('closed');
    expect(tally([majority('anna-lindqvist'), vote('a', 'approve')], new Date(Date.parse(CLOSES) - 1))?.outcome).toBe('open');
  });

  it('has no tally for a single decision or when nothing waits', () => {
    expect(tally([submit()])).toBeUndefined();
    expect(tally([])).toBeUndefined();
  });

  it('nobody who may vote: it can only close', () => {
    expect(tally([majority()], now, [CONTACT])).toMatchObject({ eligible: [], needed: 1, outcome: 'open' });
  });

  it.each([[1, 1], [2, 2], [3, 2], [4, 3], [5, 3], [13, 7]])('a majority of %i is %i', (n, needed) => {
    expect(majorityOf(n)).toBe(needed);
  });

  it('the votes on the waiting submission only: a resubmitted gate starts a new vote', () => {
    const history = [majority('anna-lindqvist'), vote('a', 'approve'), { kind: 'sendBack', gate: 'BG0', at, by: '', reason: '', majority: { approve: ['a'], sendBack: [], eligible: 4, closed: true } } as GateEvent, majority('anna-lindqvist'), vote('b', 'approve')];
    expect([...votesOnPending(history).keys()]).toEqual(['b']);
    expect(pendingSubmission(history)).toBe(history[3]);
  });
});

describe('settling a majority vote', () => {
  const deciders = ['a', 'b', 'c'];
  const now = new Date(later(60));
  const settle = (votes: GateEvent[], when = now, blocked = false) =>
    settleGateVote({ history: [majority('anna-lindqvist'), ...votes], deciders, contactPersonId: CONTACT, now: when, blocked });

  it('passes the gate with the votes it rests on, by the decisive voice', () => {
    const settled = settle([vote('a', 'approve', 1), vote('c', 'approve', 5)]);
    expect(settled).toEqual({ kind: 'approve', gate: 'BG0', at: now.toISOString(), by: 'c', document, majority: { approve: ['a', 'c'], sendBack: [], eligible: 3 } });
    expect(gateStateOf([majority('anna-lindqvist'), vote('a', 'approve', 1), vote('c', 'approve', 5), settled!])).toEqual({ passed: ['BG0'], cancelled: false });
  });

  it('sends it back when a majority says so', () => {
    expect(settle([vote('a', 'sendBack', 1, 'x'), vote('b', 'sendBack', 2, 'y')])).toMatchObject({ kind: 'sendBack', by: 'b', majority: { sendBack: ['a', 'b'], eligible: 3 } });
  });

  it('sends it back at closing without a majority, by nobody, and the ladder takes it', () => {
    const settled = settle([vote('a', 'approve')], new Date(CLOSES));
    expect(settled).toEqual({ kind: 'sendBack', gate: 'BG0', at: CLOSES, by: '', reason: '', document, majority: { approve: ['a'], sendBack: [], eligible: 3, closed: true } });
    expect(gateStateOf([majority('anna-lindqvist'), vote('a', 'approve'), settled!])).toEqual({ passed: [], cancelled: false });
  });

  it('settles nothing while open', () => {
    expect(settle([vote('a', 'approve')])).toBeUndefined();
  });

  it('a majority to pass waits while the gate is blocked, and goes back at closing', () => {
    const votes = [vote('a', 'approve'), vote('b', 'approve')];
    expect(settle(votes, now, true)).toBeUndefined();
    expect(settle(votes, new Date(CLOSES), true)).toMatchObject({ kind: 'sendBack', majority: { closed: true } });
  });
});

describe('who may decide: the owning group from participating municipalities', () => {
  let p: Partnership;
  beforeAll(async () => {
    p = await loadRealPartnership();
  });
  const decideGate = (id: string, networkId: string, participants: string[]) => {
    const who = p.people.find((x) => x.id === id)!;
    const a = authorize(who, 'decideGate', { networkId, participants });
    return a.ok ? a.capacity : a.reason;
  };

  it.each([
    ['a member of the group from a participating municipality', 'aldre-jonkoping', 'aldreomsorg', ['jonkoping', 'eksjo'], 'networkMember'],
    ['a member of the group whose municipality does not take part', 'aldre-jonkoping', 'aldreomsorg', ['eksjo', 'habo'], 'otherMember'],
    ['a member of another group', 'ifo-varnamo', 'aldreomsorg', ['varnamo', 'eksjo'], 'noRole'],
    ['a social chief of a participating municipality (not in the group)', 'chief-eksjo', 'aldreomsorg', ['eksjo', 'jonkoping'], 'noRole'],
    ['a coordinator: staff, not the group', 'anna-lindqvist', 'aldreomsorg', ['eksjo', 'jonkoping'], 'noRole'],
  ])('%s: %s', (_name, id, network, participants, expected) => {
    expect(decideGate(id, network, participants)).toBe(expected);
  });

  it('gateDeciders lists them in the file’s order; no owner, nobody', () => {
    expect(gateDeciders(p.people, 'aldreomsorg', ['jonkoping', 'eksjo'])).toEqual(['aldre-jonkoping']);
    expect(gateDeciders(p.people, 'aldreomsorg', ['eksjo'])).toEqual([]);
    expect(gateDeciders(p.people, undefined, ['jonkoping'])).toEqual([]);
  });
});

describe('portfolios', () => {
  let p: Partnership;
  beforeAll(async () => {
    p = await loadRealPartnership();
  });

  it('the shipped file: the four tactical steering groups own portfolios, and gates are decided by one approval, an assumption', () => {
    expect(portfolioNetworks(p.networks).map((n) => n.id)).toEqual(['ifo', 'aldreomsorg', 'hsv', 'funktionsstod']);
    const rule = gateDecisionOf(p, 'aldreomsorg');
    expect(rule).toMatchObject({ mode: 'single', confirmed: false });
    expect(rule.source).toMatch(/^Antagande: /);
  });

  it('a file that marks no portfolio: every network but the steering group owns projects, as before', () => {
    const unmarked = parsePartnership({ ...raw, networks: raw.networks.map(({ ownsPortfolio: _o, ...n }) => n) }, 'test.json');
    expect(portfolioNetworks(unmarked.networks).map((n) => n.id)).toHaveLength(unmarked.networks.length - 1);
  });

  it.each<[string, { networkId: string; ownerNetworkId?: string }, string | undefined]>([
    ['named', { networkId: 'psykiatri', ownerNetworkId: 'hsv' }, 'hsv'],
    ['made in a portfolio network, stored before portfolios', { networkId: 'aldreomsorg' }, 'aldreomsorg'],
    ['made in another network, stored before portfolios: none', { networkId: 'psykiatri' }, undefined],
  ])('the owner of a proposal %s', (_name, proposal, owner) => {
    expect(owningNetworkOf(proposal, p.networks)).toBe(owner);
  });

  const form = { title: 'Trygg hemgång', background: 'B', networkId: 'aldreomsorg', contactPersonId: 'chief-eksjo', answerDeadline: '2026-06-30' };
  const check = (patch: Record<string, string>) => {
    const result = checkProposalForm({ ...form, ...patch }, p, '2026-05-04');
    return result.ok ? `owner ${result.draft.ownerNetworkId}` : `error ${JSON.stringify(result.errors)}`;
  };
  it.each([
    ['in a portfolio network: that network', {}, 'owner aldreomsorg'],
    ['in a portfolio network, naming another group', { ownerNetworkId: 'hsv' }, 'owner hsv'],
    ['in another network, naming a group', { networkId: 'psykiatri', ownerNetworkId: 'hsv' }, 'owner hsv'],
    ['in another network, naming none', { networkId: 'psykiatri' }, 'error {"ownerNetworkId":"ownerRequired"}'],
    ['naming a network without a portfolio', { networkId: 'psykiatri', ownerNetworkId: 'mas-mar' }, 'error {"ownerNetworkId":"notPortfolio"}'],
    ['naming the steering group', { ownerNetworkId: 'socialchefsnatverket' }, 'error {"ownerNetworkId":"notPortfolio"}'],
    ['naming what is no network', { ownerNetworkId: 'okant' }, 'error {"ownerNetworkId":"notPortfolio"}'],
  ])('the BG0 form %s', (_name, patch, expected) => {
    expect(check(patch)).toBe(expected);
  });
});

describe('the partnership file says how gates are decided', () => {
  const parse = (patch: Record<string, unknown>) => {
    try {
      parsePartnership({ ...raw, ...patch }, 'test.json');
      return 'ok';
    } catch (err) {
      return (err as Error).message;
    }
  };
  it.each<[string, Record<string, unknown>, string]>([
    ['a majority vote with its closing', { gateDecision: { mode: 'majority', closeAfterWorkingDays: 5 } }, 'ok'],
    ['a majority vote that never closes', { gateDecision: { mode: 'majority' } }, 'gateDecision.closeAfterWorkingDays: a majority vote needs closeAfterWorkingDays'],
    ['a confirmed rule without a source', { gateDecision: { mode: 'single', confirmed: true } }, 'gateDecision.source: a confirmed value needs a "source"'],
    ['an unknown mode', { gateDecision: { mode: 'consensus' } }, 'gateDecision.mode: mode must be "single" or "majority"'],
    ['a steering group with a portfolio', { networks: raw.networks.map((n) => (n.kind === 'steeringGroup' ? { ...n, ownsPortfolio: true } : n)) }, 'networks[0].ownsPortfolio: the steering group decides by consensus'],
  ])('%s', (_name, patch, expected) => {
    expect(parse(patch)).toContain(expected);
  });

  it('a network’s own rule before the partnership’s', () => {
    const p = parsePartnership(
      { ...raw, networks: raw.networks.map((n) => (n.id === 'hsv' ? { ...n, gateDecision: { mode: 'majority', closeAfterWorkingDays: 5, confirmed: true, source: 'HSV 2026-03-01 § 3' } } : n)) },
      'test.json',
    );
    expect(gateDecisionOf(p, 'hsv')).toEqual({ mode: 'majority', closeAfterWorkingDays: 5, confirmed: true, source: 'HSV 2026-03-01 § 3' });
    expect(gateDecisionOf(p, 'ifo')).toMatchObject({ mode: 'single', confirmed: false });
  });
});
