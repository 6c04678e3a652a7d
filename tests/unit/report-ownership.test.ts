import { beforeAll, describe, expect, it } from 'vitest';
import { municipalities, type Partnership } from '../../src/config/partnership.js';
import { parseReminderRules, type ReminderRule } from '../../src/config/reminder-rules.js';
import type { Who } from '../../src/domain/authorization.js';
import type { ProjectStatus } from '../../src/domain/project-life.js';
import {
  addressedTo,
  asksProjectInput,
  channelScope,
  donePartyFor,
  inputConcerns,
  readScope,
  reportConcerns,
  ruleHasScope,
  scopeParties,
  targetNetworks,
  type Setting,
} from '../../src/domain/report-ownership.js';
import { loadRealPartnership, person } from './_support.js';

/*
 * Who owes each report and who receives it (domain brief rule 6), on the shipped file: the office
 * (its coordinators) owes the Q1 report to the members and each live project feeds it; each
 * municipality owes the fee; each network the survey. Expected values are written out by hand.
 */

let p: Partnership;
let setting: Setting;
const rule = (id: string): ReminderRule => p.reportReminders.find((r) => r.id === id)!;
/** The project of the table: Äldreomsorg's, with Amira Haddad (IFO, Värnamo) as contact person. */
const PROJECT = { id: 'P-2026-001', contactPersonId: 'ifo-varnamo' };

beforeAll(async () => {
  p = await loadRealPartnership();
  setting = { networks: p.networks, municipalityIds: municipalities(p).map((m) => m.id) };
});

describe('where the cards go and whom they ask', () => {
  it('the Q1 report: one card for the office in the chiefs\' channel, addressed to the coordinators', () => {
    const q1 = rule('q1-report');
    expect(targetNetworks(q1, setting).map((id) => [id, channelScope(q1, id)])).toEqual([['socialchefsnatverket', 'office']]);
    expect(scopeParties('office', setting)).toEqual(['office']);
    expect(addressedTo('office', p.people)).toEqual(['anna-lindqvist']);
  });

  it('the fee: one card for the thirteen municipalities in the chiefs\' channel, addressed to the channel', () => {
    const fee = rule('quarterly-fee');
    expect(targetNetworks(fee, setting).map((id) => [id, channelScope(fee, id)])).toEqual([['socialchefsnatverket', 'members']]);
    expect(scopeParties('members', setting)).toHaveLength(13);
    expect(scopeParties('members', setting).slice(0, 2)).toEqual(['member:aneby', 'member:eksjo']);
    expect(addressedTo('members', p.people)).toEqual([]);
  });

  it('the survey: one card per network, for that network', () => {
    const survey = rule('network-survey');
    expect(targetNetworks(survey, setting).map((id) => channelScope(survey, id))).toEqual(p.networks.map((n) => `network:${n.id}`));
    expect(scopeParties('network:ifo', setting)).toEqual(['network:ifo']);
  });

  it("a project's input: the project, addressed to its contact person", () => {
    expect(scopeParties(`project:${PROJECT.id}`, setting)).toEqual([`project:${PROJECT.id}`]);
    expect(addressedTo(`project:${PROJECT.id}`, p.people, PROJECT)).toEqual(['ifo-varnamo']);
  });

  const statuses: [ProjectStatus, boolean][] = [
    ['open', false],
    ['notFeasible', false],
    ['canStart', true],
    ['running', true],
    ['finished', false],
    ['cancelled', false],
  ];
  it.each(statuses)('a project that is %s is asked for its input: %s', (status, asked) => {
    expect(asksProjectInput(status)).toBe(asked);
  });
});

describe('which scopes a rule has (anything else is a forged press)', () => {
  const cases: [string, string, boolean][] = [
    ['q1-report', 'office', true],
    ['q1-report', `project:${PROJECT.id}`, true],
    ['q1-report', 'project:P-2026-999', false],
    ['q1-report', 'network:ifo', false],
    ['q1-report', 'network:socialchefsnatverket', false],
    ['quarterly-fee', 'members', true],
    ['quarterly-fee', 'office', false],
    ['quarterly-fee', `project:${PROJECT.id}`, false],
    ['network-survey', 'network:ifo', true],
    ['network-survey', 'network:nope', false],
    ['network-survey', 'members', false],
    ['network-survey', 'office', false],
  ];
  it.each(cases)('%s has %s: %s', (id, scope, has) => {
    expect(ruleHasScope(rule(id), scope, setting, (projectId) => projectId === PROJECT.id)).toBe(has);
  });

  it("reads an office report's cards from before #15 (scope members) as the office's", () => {
    expect(readScope(rule('q1-report'), 'members')).toBe('office');
    expect(readScope(rule('quarterly-fee'), 'members')).toBe('members');
    expect(readScope(rule('q1-report'), `project:${PROJECT.id}`)).toBe(`project:${PROJECT.id}`);
  });
});

describe('who may press Klart on which card', () => {
  const SCOPES = ['office', 'members', 'network:aldreomsorg', `project:${PROJECT.id}`] as const;
  // person → the party they press for on each card, or ✗ and why.
  const table: [string | undefined, [string, string, string, string]][] = [
    ['anna-lindqvist', ['office', '✗ notYours', 'network:aldreomsorg', `project:${PROJECT.id}`]],
    ['chief-eksjo', ['✗ officeOnly', 'member:eksjo', '✗ notYours', '✗ projectOnly']],
    ['deputy-eksjo', ['✗ officeOnly', 'member:eksjo', '✗ notYours', '✗ projectOnly']],
    ['aldre-jonkoping', ['✗ officeOnly', 'member:jonkoping', 'network:aldreomsorg', '✗ projectOnly']],
    ['ifo-varnamo', ['✗ officeOnly', 'member:varnamo', '✗ notYours', `project:${PROJECT.id}`]],
    [undefined, ['✗ officeOnly', '✗ notYours', '✗ notYours', '✗ projectOnly']],
  ];
  it.each(table)('%s', (id, expected) => {
    const who = id === undefined ? undefined : person(p, id);
    const cells = SCOPES.map((scope) => {
      const r = donePartyFor(who, scope, scope.startsWith('project:') ? PROJECT : undefined);
      return r.ok ? r.party : `✗ ${r.reason}`;
    });
    expect(cells).toEqual(expected);
  });
});

describe('what påminnelser lists for a person: what they owe or receive', () => {
  const outsider: Who = { id: 'outsider', roles: [], networks: [] };
  // person → [Q1 report (office → members), fee (each member → office), survey (each network → office), an office report to the steering group]
  const table: [string | undefined, [boolean, boolean, boolean, boolean]][] = [
    ['anna-lindqvist', [true, true, true, true]],
    ['chief-eksjo', [true, true, true, true]],
    ['deputy-eksjo', [true, true, false, false]],
    ['aldre-jonkoping', [true, true, true, false]],
    ['outsider', [false, false, false, false]],
    [undefined, [true, true, true, true]],
  ];
  it.each(table)('%s', (id, expected) => {
    const toChiefs = parseReminderRules(
      [{ ...rule('q1-report'), id: 'to-chiefs', projectInput: undefined, receivedBy: { kind: 'steeringGroup' } }],
      'rules.json',
    )[0]!;
    const who = id === 'outsider' ? outsider : id === undefined ? undefined : person(p, id);
    expect([rule('q1-report'), rule('quarterly-fee'), rule('network-survey'), toChiefs].map((r) => reportConcerns(who, r, setting))).toEqual(expected);
  });

  it("the projects' input: coordinators and the contact persons of live projects", () => {
    const live = ['ifo-varnamo'];
    expect(inputConcerns(person(p, 'anna-lindqvist'), live)).toBe(true);
    expect(inputConcerns(person(p, 'ifo-varnamo'), live)).toBe(true);
    expect(inputConcerns(person(p, 'ifo-varnamo'), [])).toBe(false);
    expect(inputConcerns(person(p, 'chief-eksjo'), live)).toBe(false);
    expect(inputConcerns(undefined, live)).toBe(true);
  });
});
