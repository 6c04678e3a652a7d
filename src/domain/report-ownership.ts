import type { ReminderRule } from '../config/reminder-rules.js';
import { authorize, type Who } from './authorization.js';
import { isLive, type ProjectStatus } from './project-life.js';

/*
 * Who owes a report and who receives it (domain brief rule 6): the office (its coordinators) reports
 * to the member municipalities after Q1, Q2 and with the annual report, and each live project feeds
 * its part to the office before; each municipality owes the fee, each network the survey. Nobody is
 * reminded of, or asked to mark done, what they receive.
 */

/**
 * A reminder card's scope: whose "Klart" it collects. 'office': the coordinators', for a report the
 * office owes; 'members': each municipality's; 'network:<id>': that network's; 'project:<id>': the
 * project's input to a report the office owes.
 */
export type Scope = 'office' | 'members' | `network:${string}` | `project:${string}`;

/** The party of the office's "Klart" (also the key of its record). */
export const OFFICE = 'office';

/** The partnership as far as ownership looks at it. */
export interface Setting {
  networks: readonly { id: string; kind: string }[];
  /** The municipalities (they answer and pay), in the config's order. */
  municipalityIds: readonly string[];
}

function steeringGroupId(setting: Setting): string | undefined {
  return setting.networks.find((n) => n.kind === 'steeringGroup')?.id;
}

/** The networks whose channels get the rule's cards, in the config's order. */
export function targetNetworks(rule: ReminderRule, setting: Setting): string[] {
  const steering = steeringGroupId(setting);
  const ids = new Set<string>();
  for (const t of rule.targets) {
    if (t.kind === 'steeringGroup' && steering) ids.add(steering);
    else if (t.kind === 'network') ids.add(t.network);
    else if (t.kind === 'allNetworks') for (const n of setting.networks) ids.add(n.id);
  }
  return setting.networks.map((n) => n.id).filter((id) => ids.has(id));
}

/** The scope of the rule's card in a target network's channel: whoever owes the rule, not who reads the channel. */
export function channelScope(rule: ReminderRule, networkId: string): Scope {
  switch (rule.owedBy.kind) {
    case 'office':
      return 'office';
    case 'eachMember':
      return 'members';
    case 'eachNetwork':
      return `network:${networkId}`;
  }
}

/**
 * The scope as this rule reads it. Cards posted before reports had an owner said 'members' for the
 * office's reports (then every municipality was wrongly asked): such a card now collects the office's
 * "Klart", and is drawn as the office's card when it is refreshed.
 */
export function readScope(rule: ReminderRule, scope: string): string {
  return rule.owedBy.kind === 'office' && scope === 'members' ? OFFICE : scope;
}

/** Whether the rule's cards ever have this scope (anything else is a forged or stale press). */
export function ruleHasScope(rule: ReminderRule, scope: string, setting: Setting, isProject: (id: string) => boolean): boolean {
  if (scope === OFFICE) return rule.owedBy.kind === 'office';
  if (scope === 'members') return rule.owedBy.kind === 'eachMember';
  if (scope.startsWith('network:')) return rule.owedBy.kind === 'eachNetwork' && targetNetworks(rule, setting).includes(scope.slice(8));
  if (scope.startsWith('project:')) return !!rule.projectInput && isProject(scope.slice(8));
  return false;
}

/**
 * The municipalities a report goes to, whose social chiefs (and deputies) are told it is sent: every
 * municipality when the members receive it, or the steering group (the municipalities' social chiefs);
 * none when the office receives it.
 */
export function reportReceivers(rule: Pick<ReminderRule, 'receivedBy'>, setting: Setting): string[] {
  return rule.receivedBy.kind === 'members' || rule.receivedBy.kind === 'steeringGroup' ? [...setting.municipalityIds] : [];
}

/** The parties a card of this scope waits for (party ids as their "Klart" is recorded). */
export function scopeParties(scope: string, setting: Setting): string[] {
  if (scope === 'members') return setting.municipalityIds.map((id) => `member:${id}`);
  return [scope];
}

/** Who a card of this scope is addressed to by name: the coordinators for the office, the contact person for a project; else the channel. */
export function addressedTo(scope: string, people: readonly Who[], project?: { contactPersonId: string }): string[] {
  if (scope === OFFICE) return people.filter((p) => p.roles.includes('coordinator')).map((p) => p.id);
  if (scope.startsWith('project:') && project) return [project.contactPersonId];
  return [];
}

/** Whether a project is asked for its input to a report: only while it can start or runs (an ended project gets nothing). */
export function asksProjectInput(status: ProjectStatus): boolean {
  return isLive(status);
}

/**
 * Why a person may not press "Klart" on a card of this scope: the office's report is the coordinators'
 * ('officeOnly'); a project's input its contact person's or a coordinator's ('projectOnly'); a
 * municipality or network reports for itself ('notYours').
 */
export type DoneRefusal = 'officeOnly' | 'projectOnly' | 'notYours';

/** For which party the person presses "Klart" on a card of this scope, or why not. */
export function donePartyFor(
  person: Who | undefined,
  scope: string,
  project?: { contactPersonId: string },
): { ok: true; party: string } | { ok: false; reason: DoneRefusal } {
  if (scope === OFFICE) return authorize(person, 'reportDoneForOffice').ok ? { ok: true, party: OFFICE } : { ok: false, reason: 'officeOnly' };
  if (scope === 'members') {
    const memberId = person?.member ?? '';
    return authorize(person, 'reportDoneForMember', { memberId }).ok ? { ok: true, party: `member:${memberId}` } : { ok: false, reason: 'notYours' };
  }
  if (scope.startsWith('network:'))
    return authorize(person, 'reportDoneForNetwork', { networkId: scope.slice(8) }).ok ? { ok: true, party: scope } : { ok: false, reason: 'notYours' };
  if (scope.startsWith('project:') && project)
    return authorize(person, 'reportDoneForProject', project).ok ? { ok: true, party: scope } : { ok: false, reason: 'projectOnly' };
  return { ok: false, reason: 'notYours' };
}

/**
 * Whether `påminnelser` lists the rule's report for the person: those who owe it and those who
 * receive it. Not a permission (the list is open to everyone): coordinators and people the
 * partnership does not know see every rule.
 */
export function reportConcerns(person: Who | undefined, rule: ReminderRule, setting: Setting): boolean {
  if (!person || person.roles.includes('coordinator')) return true;
  const inSteeringGroup = person.networks.includes(steeringGroupId(setting) ?? '');
  const receives = rule.receivedBy.kind === 'members' ? !!person.member : rule.receivedBy.kind === 'steeringGroup' && inSteeringGroup;
  if (receives) return true;
  switch (rule.owedBy.kind) {
    case 'office':
      return false;
    case 'eachMember':
      return !!person.member;
    case 'eachNetwork':
      return targetNetworks(rule, setting).some((id) => person.networks.includes(id));
  }
}

/** Whether `påminnelser` lists the projects' input to a report for the person: coordinators, and the contact persons of live projects. */
export function inputConcerns(person: Who | undefined, liveContactIds: readonly string[]): boolean {
  return !person || person.roles.includes('coordinator') || liveContactIds.includes(person.id);
}
