import { beforeAll, describe, expect, it } from 'vitest';
import type { Partnership, Person } from '../../src/config/partnership.js';
import { findPersonByAad, type AnswerRefusal, type Capacity } from '../../src/domain/access.js';
import { authorize } from '../../src/domain/authorization.js';
import { loadRealPartnership, person } from './_support.js';

let partnership: Partnership;
beforeAll(async () => {
  partnership = await loadRealPartnership();
});

const answerCapacity = (who: Person | undefined, memberId: string, networkId: string) => authorize(who, 'answer', { memberId, networkId });

const ALL_NETWORKS = ['socialchefsnatverket', 'ifo', 'aldreomsorg', 'hsv', 'funktionsstod', 'mas-mar', 'vfu'];

describe('answering for a municipality, with the people of the shipped config', () => {
  it('the shipped config has the people these rules are tested with', () => {
    expect(person(partnership, 'chief-eksjo')).toMatchObject({ member: 'eksjo', roles: ['socialChief'] });
    expect(person(partnership, 'deputy-eksjo')).toMatchObject({ member: 'eksjo', roles: ['deputyChief'] });
    expect(person(partnership, 'aldre-jonkoping')).toMatchObject({ member: 'jonkoping', roles: [], networks: ['aldreomsorg'] });
    expect(person(partnership, 'anna-lindqvist')).toMatchObject({ roles: ['coordinator'] });
    expect(person(partnership, 'anna-lindqvist').member).toBeUndefined();
  });

  it.each(ALL_NETWORKS)('Eksjö’s social chief answers for eksjo on %s as socialChief', (network) => {
    expect(answerCapacity(person(partnership, 'chief-eksjo'), 'eksjo', network)).toEqual({ ok: true, capacity: 'socialChief' });
  });

  it.each(ALL_NETWORKS)('the Eksjö deputy answers for eksjo on %s as deputyChief', (network) => {
    expect(answerCapacity(person(partnership, 'deputy-eksjo'), 'eksjo', network)).toEqual({ ok: true, capacity: 'deputyChief' });
  });

  type Expected = { ok: true; capacity: Capacity } | { ok: false; reason: AnswerRefusal };
  const cases: [string, string | undefined, string, string, Expected][] = [
    ['Eksjö chief for Jönköping', 'chief-eksjo', 'jonkoping', 'ifo', { ok: false, reason: 'otherMember' }],
    ['Eksjö deputy for Jönköping', 'deputy-eksjo', 'jonkoping', 'ifo', { ok: false, reason: 'otherMember' }],
    ['Jönköping chief for Eksjö', 'chief-jonkoping', 'eksjo', 'aldreomsorg', { ok: false, reason: 'otherMember' }],
    ['Jönköping äldreomsorg member on aldreomsorg', 'aldre-jonkoping', 'jonkoping', 'aldreomsorg', { ok: true, capacity: 'networkMember' }],
    ['Jönköping äldreomsorg member on ifo', 'aldre-jonkoping', 'jonkoping', 'ifo', { ok: false, reason: 'noRole' }],
    ['Jönköping äldreomsorg member on the steering group', 'aldre-jonkoping', 'jonkoping', 'socialchefsnatverket', { ok: false, reason: 'noRole' }],
    ['Jönköping äldreomsorg member for Eksjö on aldreomsorg', 'aldre-jonkoping', 'eksjo', 'aldreomsorg', { ok: false, reason: 'otherMember' }],
    ['Värnamo IFO member on ifo', 'ifo-varnamo', 'varnamo', 'ifo', { ok: true, capacity: 'networkMember' }],
    ['Värnamo IFO member on aldreomsorg', 'ifo-varnamo', 'varnamo', 'aldreomsorg', { ok: false, reason: 'noRole' }],
    ['the coordinator for Eksjö', 'anna-lindqvist', 'eksjo', 'ifo', { ok: false, reason: 'noMember' }],
    ['the coordinator for Jönköping', 'anna-lindqvist', 'jonkoping', 'aldreomsorg', { ok: false, reason: 'noMember' }],
    ['nobody (undefined person)', undefined, 'eksjo', 'ifo', { ok: false, reason: 'unknownPerson' }],
  ];

  it.each(cases)('%s', (_name, personId, memberId, networkId, expected) => {
    const who = personId === undefined ? undefined : person(partnership, personId);
    expect(answerCapacity(who, memberId, networkId)).toEqual(expected);
  });

  it('the chief role wins over network membership', () => {
    const both: Person = { ...person(partnership, 'aldre-jonkoping'), roles: ['deputyChief', 'socialChief'] };
    expect(answerCapacity(both, 'jonkoping', 'aldreomsorg')).toEqual({ ok: true, capacity: 'socialChief' });
    const deputy: Person = { ...person(partnership, 'aldre-jonkoping'), roles: ['deputyChief'] };
    expect(answerCapacity(deputy, 'jonkoping', 'aldreomsorg')).toEqual({ ok: true, capacity: 'deputyChief' });
  });

  it('every one of the 13 chiefs answers for their own municipality only', () => {
    const chiefs = partnership.people.filter((p) => p.roles.includes('socialChief'));
    expect(chiefs).toHaveLength(13);
    for (const chief of chiefs) {
      for (const m of partnership.members) {
        const result = answerCapacity(chief, m.id, 'ifo');
        expect(result).toEqual(m.id === chief.member ? { ok: true, capacity: 'socialChief' } : { ok: false, reason: 'otherMember' });
      }
    }
  });
});

describe('findPersonByAad', () => {
  it.each([
    ['00000000-0000-0000-0000-000000000102', 'chief-eksjo'],
    ['00000000-0000-0000-0000-000000000201', 'deputy-eksjo'],
    ['00000000-0000-0000-0000-000000000100', 'anna-lindqvist'],
  ])('finds %s → %s', (aad, id) => {
    expect(findPersonByAad(partnership, aad)?.id).toBe(id);
  });

  it('is case-insensitive', () => {
    // The shipped GUIDs are all digits; give one person hex letters to test the folding.
    const p: Partnership = {
      ...partnership,
      people: partnership.people.map((x) => (x.id === 'chief-eksjo' ? { ...x, aadObjectId: 'ABCDEF12-3456-4ABC-9DEF-0123456789AB' } : x)),
    };
    for (const aad of ['ABCDEF12-3456-4ABC-9DEF-0123456789AB', 'abcdef12-3456-4abc-9def-0123456789ab', 'AbCdEf12-3456-4aBc-9dEf-0123456789Ab'])
      expect(findPersonByAad(p, aad)?.id).toBe('chief-eksjo');
  });

  it.each([undefined, '', '00000000-0000-0000-0000-000000000999', 'chief-eksjo'])('finds nobody for %j', (aad) => {
    expect(findPersonByAad(partnership, aad)).toBeUndefined();
  });
});

describe('proposing, linking a channel and editing, with the people of the shipped config', () => {
  const cases: [string, boolean, boolean][] = [
    // person, may propose, may link a channel (= coordinator)
    ['anna-lindqvist', true, true],
    ['chief-eksjo', true, false],
    ['deputy-eksjo', true, false],
    ['aldre-jonkoping', true, false],
    ['ifo-varnamo', true, false],
  ];
  it.each(cases)('%s: propose %s, link channel %s', (id, propose, link) => {
    const who = person(partnership, id);
    expect(authorize(who, 'propose').ok).toBe(propose);
    expect(authorize(who, 'linkChannel').ok).toBe(link);
  });

  it('nobody, and a person with no role and no network, may not propose or link', () => {
    const bystander: Person = { ...person(partnership, 'aldre-jonkoping'), roles: [], networks: [] };
    for (const who of [undefined, bystander]) {
      expect(authorize(who, 'propose').ok).toBe(false);
      expect(authorize(who, 'linkChannel').ok).toBe(false);
    }
  });

  const proposal = { createdBy: 'aldre-jonkoping', contactPersonId: 'ifo-varnamo' };
  const edits: [string | undefined, boolean][] = [
    ['aldre-jonkoping', true], // creator
    ['ifo-varnamo', true], // contact person
    ['anna-lindqvist', true], // coordinator
    ['chief-eksjo', false], // another chief
    ['chief-jonkoping', false], // the creator's own chief is not the creator
    ['deputy-eksjo', false],
    [undefined, false],
  ];
  it.each(edits)('edit: %s → %s', (id, expected) => {
    expect(authorize(id === undefined ? undefined : person(partnership, id), 'editProposal', proposal).ok).toBe(expected);
  });
});
