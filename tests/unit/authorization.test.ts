import { describe, expect, it } from 'vitest';
import { ACTIONS, authorize, RULES, type Action, type Subjects, type Who } from '../../src/domain/authorization.js';

/**
 * The whole authorization table, walked for every action and every kind of person. The expected
 * outcomes are written out by hand below (not computed by the code under test): change a rule in
 * src/domain/authorization.ts and this matrix must change with it.
 *
 * The scenario: the subject municipality is Eksjö; the proposal/project belongs to the network
 * Äldreomsorg, was proposed by a Gislaved HSV member, has a Värnamo IFO member as contact person,
 * and Eksjö and Jönköping take part.
 */

const PEOPLE = {
  coordinator: { id: 'anna', roles: ['coordinator'], networks: [] },
  chief: { id: 'chief-eksjo', member: 'eksjo', roles: ['socialChief'], networks: ['socialchefsnatverket'] },
  deputy: { id: 'deputy-eksjo', member: 'eksjo', roles: ['deputyChief'], networks: [] },
  ownNetwork: { id: 'aldre-eksjo', member: 'eksjo', roles: [], networks: ['aldreomsorg'] },
  otherNetwork: { id: 'ifo-eksjo', member: 'eksjo', roles: [], networks: ['ifo'] },
  ownNetworkOtherMember: { id: 'aldre-habo', member: 'habo', roles: [], networks: ['aldreomsorg'] },
  otherChief: { id: 'chief-habo', member: 'habo', roles: ['socialChief'], networks: ['socialchefsnatverket'] },
  noRole: { id: 'staff-eksjo', member: 'eksjo', roles: [], networks: [] },
  unknown: undefined,
  contact: { id: 'ifo-varnamo', member: 'varnamo', roles: [], networks: ['ifo'] },
  proposer: { id: 'hsv-gislaved', member: 'gislaved', roles: [], networks: ['hsv'] },
} satisfies Record<string, Who | undefined>;

type Column = keyof typeof PEOPLE;
const COLUMNS = Object.keys(PEOPLE) as Column[];

const SUBJECT: { [A in Action]: Subjects[A] } = {
  propose: undefined,
  editProposal: { createdBy: 'hsv-gislaved', contactPersonId: 'ifo-varnamo' },
  answer: { memberId: 'eksjo', networkId: 'aldreomsorg' },
  openDecision: undefined,
  closeDecision: undefined,
  extendDecision: undefined,
  vote: { memberId: 'eksjo' },
  recordCommittee: { memberId: 'eksjo' },
  fetchProtocol: undefined,
  submitGate: { contactPersonId: 'ifo-varnamo' },
  decideGate: { networkId: 'aldreomsorg', participants: ['eksjo', 'jonkoping'] },
  cancelProject: { contactPersonId: 'ifo-varnamo' },
  linkChannel: undefined,
  reportDoneForMember: { memberId: 'eksjo' },
  reportDoneForNetwork: { networkId: 'aldreomsorg' },
  reportDoneForProject: { contactPersonId: 'ifo-varnamo' },
  reportDoneForOffice: undefined,
  manageReminders: undefined,
  exportProjects: undefined,
  openConsultation: undefined,
  answerConsultation: { memberId: 'eksjo' },
  answerConsultationOnBehalf: undefined,
  manageConsultation: undefined,
  viewMunicipality: undefined,
  viewOverview: undefined,
};

/** A cell: the capacity the person is allowed in, or "✗ reason". */
type Cell = string;
const coordinatorOnly: Record<Column, Cell> = {
  coordinator: 'coordinator',
  chief: '✗ noRole',
  deputy: '✗ noRole',
  ownNetwork: '✗ noRole',
  otherNetwork: '✗ noRole',
  ownNetworkOtherMember: '✗ noRole',
  otherChief: '✗ noRole',
  noRole: '✗ noRole',
  unknown: '✗ unknownPerson',
  contact: '✗ noRole',
  proposer: '✗ noRole',
};
const coordinatorOrContact: Record<Column, Cell> = { ...coordinatorOnly, contact: 'contactPerson' };

const EXPECTED: Record<Action, Record<Column, Cell>> = {
  propose:         { coordinator: 'coordinator', chief: 'socialChief', deputy: 'deputyChief', ownNetwork: 'networkMember', otherNetwork: 'networkMember', ownNetworkOtherMember: 'networkMember', otherChief: 'socialChief', noRole: '✗ noRole', unknown: '✗ unknownPerson', contact: 'networkMember', proposer: 'networkMember' },
  editProposal:    { coordinator: 'coordinator', chief: '✗ noRole', deputy: '✗ noRole', ownNetwork: '✗ noRole', otherNetwork: '✗ noRole', ownNetworkOtherMember: '✗ noRole', otherChief: '✗ noRole', noRole: '✗ noRole', unknown: '✗ unknownPerson', contact: 'contactPerson', proposer: 'proposer' },
  answer:          { coordinator: '✗ noMember', chief: 'socialChief', deputy: 'deputyChief', ownNetwork: 'networkMember', otherNetwork: '✗ noRole', ownNetworkOtherMember: '✗ otherMember', otherChief: '✗ otherMember', noRole: '✗ noRole', unknown: '✗ unknownPerson', contact: '✗ otherMember', proposer: '✗ otherMember' },
  openDecision:    coordinatorOnly,
  closeDecision:   coordinatorOnly,
  extendDecision:  coordinatorOnly,
  vote:            { coordinator: '✗ noMember', chief: 'socialChief', deputy: 'deputyChief', ownNetwork: '✗ noRole', otherNetwork: '✗ noRole', ownNetworkOtherMember: '✗ otherMember', otherChief: '✗ otherMember', noRole: '✗ noRole', unknown: '✗ unknownPerson', contact: '✗ otherMember', proposer: '✗ otherMember' },
  recordCommittee: { coordinator: 'coordinator', chief: 'socialChief', deputy: '✗ noRole', ownNetwork: '✗ noRole', otherNetwork: '✗ noRole', ownNetworkOtherMember: '✗ noRole', otherChief: '✗ otherMember', noRole: '✗ noRole', unknown: '✗ unknownPerson', contact: '✗ noRole', proposer: '✗ noRole' },
  fetchProtocol:   { coordinator: 'person', chief: 'person', deputy: 'person', ownNetwork: 'person', otherNetwork: 'person', ownNetworkOtherMember: 'person', otherChief: 'person', noRole: 'person', unknown: '✗ unknownPerson', contact: 'person', proposer: 'person' },
  submitGate:      coordinatorOrContact,
  // Coordinators are staff, not the owning group: they submit and cancel, the group decides (issue #15 item 4).
  decideGate:      { coordinator: '✗ noRole', chief: '✗ noRole', deputy: '✗ noRole', ownNetwork: 'networkMember', otherNetwork: '✗ noRole', ownNetworkOtherMember: '✗ otherMember', otherChief: '✗ noRole', noRole: '✗ noRole', unknown: '✗ unknownPerson', contact: '✗ noRole', proposer: '✗ noRole' },
  cancelProject:   coordinatorOrContact,
  linkChannel:     coordinatorOnly,
  reportDoneForMember:  { coordinator: '✗ noMember', chief: 'member', deputy: 'member', ownNetwork: 'member', otherNetwork: 'member', ownNetworkOtherMember: '✗ otherMember', otherChief: '✗ otherMember', noRole: 'member', unknown: '✗ unknownPerson', contact: '✗ otherMember', proposer: '✗ otherMember' },
  reportDoneForNetwork: { coordinator: 'coordinator', chief: '✗ noRole', deputy: '✗ noRole', ownNetwork: 'networkMember', otherNetwork: '✗ noRole', ownNetworkOtherMember: 'networkMember', otherChief: '✗ noRole', noRole: '✗ noRole', unknown: '✗ unknownPerson', contact: '✗ noRole', proposer: '✗ noRole' },
  reportDoneForProject: coordinatorOrContact,
  reportDoneForOffice: coordinatorOnly,
  manageReminders: coordinatorOnly,
  exportProjects:  coordinatorOnly,
  openConsultation: coordinatorOnly,
  answerConsultation: { coordinator: '✗ noMember', chief: 'socialChief', deputy: 'deputyChief', ownNetwork: '✗ noRole', otherNetwork: '✗ noRole', ownNetworkOtherMember: '✗ otherMember', otherChief: '✗ otherMember', noRole: '✗ noRole', unknown: '✗ unknownPerson', contact: '✗ otherMember', proposer: '✗ otherMember' },
  answerConsultationOnBehalf: coordinatorOnly,
  manageConsultation: coordinatorOnly,
  viewMunicipality: { coordinator: 'person', chief: 'person', deputy: 'person', ownNetwork: 'person', otherNetwork: 'person', ownNetworkOtherMember: 'person', otherChief: 'person', noRole: 'person', unknown: '✗ unknownPerson', contact: 'person', proposer: 'person' },
  viewOverview:    { coordinator: 'coordinator', chief: 'socialChief', deputy: 'deputyChief', ownNetwork: '✗ noRole', otherNetwork: '✗ noRole', ownNetworkOtherMember: '✗ noRole', otherChief: 'socialChief', noRole: '✗ noRole', unknown: '✗ unknownPerson', contact: '✗ noRole', proposer: '✗ noRole' },
};

function outcome(person: Who | undefined, action: Action): Cell {
  const ask = authorize as (p: Who | undefined, a: Action, s?: unknown) => { ok: true; capacity: string } | { ok: false; reason: string };
  const result = ask(person, action, SUBJECT[action]);
  return result.ok ? result.capacity : `✗ ${result.reason}`;
}

describe('the authorization table', () => {
  it('has an expected row for every action, and no more', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ACTIONS].sort());
    expect([...ACTIONS].sort()).toEqual(Object.keys(RULES).sort());
  });

  it.each(ACTIONS.flatMap((action) => COLUMNS.map((column) => [action, column] as const)))('%s by %s', (action, column) => {
    expect(outcome(PEOPLE[column], action)).toBe(EXPECTED[action][column]);
  });

  it('the whole matrix at once (a readable diff when a rule changes)', () => {
    const actual = Object.fromEntries(ACTIONS.map((a) => [a, Object.fromEntries(COLUMNS.map((c) => [c, outcome(PEOPLE[c], a)]))]));
    expect(actual).toEqual(EXPECTED);
  });
});

describe('the subject matters', () => {
  const { chief, deputy, ownNetwork, coordinator, contact } = PEOPLE;

  it('a chief and a deputy answer and vote only for their own municipality', () => {
    for (const who of [chief, deputy]) {
      expect(authorize(who, 'answer', { memberId: 'habo', networkId: 'aldreomsorg' })).toEqual({ ok: false, reason: 'otherMember' });
      expect(authorize(who, 'vote', { memberId: 'habo' })).toEqual({ ok: false, reason: 'otherMember' });
    }
  });

  it('a chief answers on every network, a network member only on their own', () => {
    for (const networkId of ['ifo', 'hsv', 'socialchefsnatverket', 'vfu']) {
      expect(authorize(chief, 'answer', { memberId: 'eksjo', networkId })).toEqual({ ok: true, capacity: 'socialChief' });
      expect(authorize(ownNetwork, 'answer', { memberId: 'eksjo', networkId })).toEqual({ ok: false, reason: 'noRole' });
    }
  });

  it('the chief role wins over network membership, the deputy role too', () => {
    const both: Who = { ...ownNetwork, roles: ['deputyChief', 'socialChief'] };
    expect(authorize(both, 'answer', SUBJECT.answer)).toEqual({ ok: true, capacity: 'socialChief' });
    expect(authorize({ ...ownNetwork, roles: ['deputyChief'] }, 'answer', SUBJECT.answer)).toEqual({ ok: true, capacity: 'deputyChief' });
  });

  it('a coordinator records any municipality’s committee decision; a chief only their own', () => {
    expect(authorize(coordinator, 'recordCommittee', { memberId: 'habo' })).toEqual({ ok: true, capacity: 'coordinator' });
    expect(authorize(chief, 'recordCommittee', { memberId: 'habo' })).toEqual({ ok: false, reason: 'otherMember' });
  });

  it('gate decisions: the owning network, from a participating municipality', () => {
    expect(authorize(ownNetwork, 'decideGate', { networkId: 'aldreomsorg', participants: ['habo', 'jonkoping'] })).toEqual({ ok: false, reason: 'otherMember' });
    expect(authorize(ownNetwork, 'decideGate', { networkId: 'ifo', participants: ['eksjo', 'jonkoping'] })).toEqual({ ok: false, reason: 'noRole' });
    expect(authorize(ownNetwork, 'decideGate', { networkId: 'aldreomsorg', participants: [] })).toEqual({ ok: false, reason: 'otherMember' });
  });

  it('a proposal made in another network: the owning group’s member answers for their municipality too', () => {
    expect(authorize(ownNetwork, 'answer', { memberId: ownNetwork.member!, networkId: 'psykiatri', ownerNetworkId: 'aldreomsorg' })).toEqual({ ok: true, capacity: 'networkMember' });
    expect(authorize(ownNetwork, 'answer', { memberId: ownNetwork.member!, networkId: 'psykiatri', ownerNetworkId: 'hsv' })).toEqual({ ok: false, reason: 'noRole' });
    expect(authorize(ownNetwork, 'answer', { memberId: ownNetwork.member!, networkId: 'psykiatri' })).toEqual({ ok: false, reason: 'noRole' });
  });

  it('the contact person and the proposer are who the subject names, nobody else', () => {
    expect(authorize(contact, 'submitGate', { contactPersonId: 'someone-else' })).toEqual({ ok: false, reason: 'noRole' });
    expect(authorize(contact, 'editProposal', { createdBy: 'ifo-varnamo', contactPersonId: 'x' })).toEqual({ ok: true, capacity: 'proposer' });
  });

  it('a consultation is answered, and a vote cast, by a member’s own people, a representative of any kind of member included', () => {
    const region: Who = { id: 'rep-region', member: 'region-jonkopings-lan', roles: ['representative'], networks: [] };
    expect(authorize(region, 'answerConsultation', { memberId: 'region-jonkopings-lan' })).toEqual({ ok: true, capacity: 'representative' });
    expect(authorize(region, 'answerConsultation', { memberId: 'eksjo' })).toEqual({ ok: false, reason: 'otherMember' });
    // #17 item 5: a representative votes for its own member too (whether the member votes is the body's, consensusVoters).
    expect(authorize(region, 'vote', { memberId: 'region-jonkopings-lan' })).toEqual({ ok: true, capacity: 'representative' });
    expect(authorize(region, 'vote', { memberId: 'eksjo' })).toEqual({ ok: false, reason: 'otherMember' });
    expect(authorize(region, 'recordCommittee', { memberId: 'region-jonkopings-lan' })).toEqual({ ok: true, capacity: 'representative' });
    expect(authorize(region, 'recordCommittee', { memberId: 'eksjo' })).toEqual({ ok: false, reason: 'otherMember' });
    expect(authorize(chief, 'answerConsultation', { memberId: 'habo' })).toEqual({ ok: false, reason: 'otherMember' });
    // A member's representative sees the body's overview, as a chief does (in a samordningsförbund the members' voices are their representatives).
    expect(authorize(region, 'viewOverview')).toEqual({ ok: true, capacity: 'representative' });
  });

  it('a network member reports for their own network only', () => {
    expect(authorize(ownNetwork, 'reportDoneForNetwork', { networkId: 'ifo' })).toEqual({ ok: false, reason: 'noRole' });
  });

  it('a person with no member, role or network may do nothing but fetch a record and look at a municipality', () => {
    const bare: Who = { id: 'bare', roles: [], networks: [] };
    const allowed = ACTIONS.filter((a) => outcome(bare, a) === 'person' || !outcome(bare, a).startsWith('✗'));
    expect(allowed).toEqual(['fetchProtocol', 'viewMunicipality']);
  });
});
