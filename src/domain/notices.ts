import type { Partnership, Person } from '../config/partnership.js';
import { authorize } from './authorization.js';

/**
 * Personal notices (issue #16): who is told of what. One table, `noticeRecipients`, turns an event
 * into the people it concerns; the feature then reaches each of them once, in their personal chat
 * with the bot or, where that is not possible, by a mention in the channel. Nothing here reads the
 * store or the clock.
 */

/** The kinds of notice a person gets, and may turn off one by one (`aviseringar`). */
export const NOTICE_KINDS = ['newProposal', 'answerDeadlineSoon', 'gateSubmitted', 'gateDecided', 'projectCancelled', 'memberJoined', 'memberLeft', 'reportDone', 'consultationOpened'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** How a person was reached: in their personal chat, or named with a Teams mention in a channel. */
export const NOTICE_PATHS = ['personal', 'mention'] as const;
export type NoticePath = (typeof NOTICE_PATHS)[number];

/** The project an event is about: enough to find who it concerns. */
export interface ProjectRef {
  id: string;
  /** The network it was proposed in. */
  networkId: string;
  /** The tactical steering group owning it (its portfolio), when named. */
  ownerNetworkId?: string | undefined;
  contactPersonId: string;
}

/**
 * What happened. `id` identifies the event for good: a person is told of one event once, whatever
 * runs again (a re-delivered press, a restart, the next tick of a job). `actorId` caused it and is
 * not told of their own doing.
 */
export type NoticeEvent =
  /** A proposal waits for the answer of `members` (every municipality). */
  | { kind: 'newProposal'; id: string; actorId?: string; project: ProjectRef; members: readonly string[] }
  /** The answer deadline is near and `waiting` have not answered. */
  | { kind: 'answerDeadlineSoon'; id: string; actorId?: string; project: ProjectRef; waiting: readonly string[] }
  /** A gate's document was handed in; `participants` take part in the project. */
  | { kind: 'gateSubmitted'; id: string; actorId?: string; project: ProjectRef; participants: readonly string[] }
  | { kind: 'gateDecided' | 'projectCancelled'; id: string; actorId?: string; project: ProjectRef; participants: readonly string[] }
  /** `memberId` joined or left; `participants` as they are after it (the one who left is told too). */
  | { kind: 'memberJoined' | 'memberLeft'; id: string; actorId?: string; project: ProjectRef; participants: readonly string[]; memberId: string }
  /** A report was sent to `receivers` (member ids): their chiefs receive it. */
  | { kind: 'reportDone'; id: string; actorId?: string; receivers: readonly string[] }
  /** A consultation round (remiss) waits for the statements of `asked` (member ids of any kind). */
  | { kind: 'consultationOpened'; id: string; actorId?: string; asked: readonly string[] };

/** One person to tell, and the municipality they are told for (if it is about one). */
export interface Recipient {
  personId: string;
  memberId?: string;
}

type People = Pick<Partnership, 'people'>;

/** Those who may answer for `memberId` on a proposal of `networkId`: the same rule the answer buttons ask. */
export function answerersFor(p: People, memberId: string, networkId: string, ownerNetworkId?: string): Person[] {
  return p.people.filter((person) => authorize(person, 'answer', { memberId, networkId, ownerNetworkId }).ok);
}

/**
 * Those who may decide a gate of the project: the owning group's members from participating
 * municipalities (coordinators do not decide gates). One function, so the
 * gate rule can change in one place.
 */
export function gateDecidersFor(p: People, project: ProjectRef, participants: readonly string[]): Person[] {
  return p.people.filter((person) => {
    return authorize(person, 'decideGate', { networkId: project.ownerNetworkId ?? project.networkId, participants }).ok;
  });
}

/**
 * Those who may give `memberId`'s statement in a consultation round: for a municipality its social
 * chief, the chief's deputy and anyone the file names its representative; for any other member (a
 * region, an agency, an association) the people the file names its representative. The rule the
 * answer buttons ask.
 */
export function consultationAnswerersFor(p: People, memberId: string): Person[] {
  return p.people.filter((person) => authorize(person, 'answerConsultation', { memberId }).ok);
}

/** Those who receive a report sent to a municipality: its social chief and the chief's deputy. */
export function reportReceiversFor(p: People, memberId: string): Person[] {
  return p.people.filter((person) => person.member === memberId && (person.roles.includes('socialChief') || person.roles.includes('deputyChief')));
}

/** THE TABLE: whom an event concerns. Each person once (with the first municipality found), never the actor. */
export function noticeRecipients(p: People, event: NoticeEvent): Recipient[] {
  const out: Recipient[] = [];
  const add = (people: readonly Person[], memberId?: string) => {
    for (const person of people) {
      if (person.id === event.actorId || out.some((r) => r.personId === person.id)) continue;
      out.push(memberId ? { personId: person.id, memberId } : { personId: person.id });
    }
  };
  const representatives = (project: ProjectRef, members: readonly string[]) => {
    add(p.people.filter((person) => person.id === project.contactPersonId));
    for (const memberId of members) add(answerersFor(p, memberId, project.networkId, project.ownerNetworkId), memberId);
  };
  switch (event.kind) {
    case 'newProposal':
      for (const memberId of event.members) add(answerersFor(p, memberId, event.project.networkId, event.project.ownerNetworkId), memberId);
      break;
    case 'answerDeadlineSoon':
      for (const memberId of event.waiting) add(answerersFor(p, memberId, event.project.networkId, event.project.ownerNetworkId), memberId);
      break;
    case 'gateSubmitted':
      add(gateDecidersFor(p, event.project, event.participants));
      break;
    case 'gateDecided':
    case 'projectCancelled':
      representatives(event.project, event.participants);
      break;
    case 'memberJoined':
    case 'memberLeft':
      representatives(event.project, [...event.participants.filter((m) => m !== event.memberId), event.memberId]);
      break;
    case 'reportDone':
      for (const memberId of event.receivers) add(reportReceiversFor(p, memberId), memberId);
      break;
    case 'consultationOpened':
      for (const memberId of event.asked) add(consultationAnswerersFor(p, memberId), memberId);
      break;
  }
  return out;
}

/** The recipients who have not turned this kind off. */
export function wanted(recipients: readonly Recipient[], kind: NoticeKind, turnedOff: (personId: string) => readonly NoticeKind[]): Recipient[] {
  return recipients.filter((r) => !turnedOff(r.personId).includes(kind));
}

/**
 * How a person can be reached: personally when the bot has a personal chat with them in a tenant the
 * partnership serves (an empty list: any), else only by a mention where the event is posted.
 */
export function pathFor(chat: { tenantId?: string } | undefined, tenants: readonly string[]): NoticePath {
  if (!chat) return 'mention';
  if (tenants.length === 0) return 'personal';
  const tenant = chat.tenantId?.toLowerCase();
  return tenant && tenants.some((t) => t.toLowerCase() === tenant) ? 'personal' : 'mention';
}

/** A Teams mention: `<at>Name</at>` in the text, and this entity beside it. */
export interface MentionEntity {
  type: 'mention';
  text: string;
  mentioned: { id: string; name: string };
}

/**
 * The mention of a person by their AAD object id. The name is the partnership file's, without the
 * characters that would end the tag early; the text in the message and the entity are the same string.
 */
export function mentionOf(person: Pick<Person, 'name' | 'aadObjectId'>): { text: string; entity: MentionEntity } {
  const name = person.name.replace(/[<>]/g, '').trim() || person.aadObjectId;
  const text = `<at>${name}</at>`;
  return { text, entity: { type: 'mention', text, mentioned: { id: person.aadObjectId, name } } };
}

/**
 * When the answer deadline reminder is due: N Swedish working days before the deadline day, at the
 * time given, as the instant `dueAt` computes (the feature passes the working-day arithmetic in).
 * A reminder whose day had already passed when the proposal was made is not one anyone needs.
 */
export function deadlineReminderDue(input: { due: Date; createdAt: Date; now: Date; open: boolean }): boolean {
  return input.open && input.due.getTime() > input.createdAt.getTime() && input.due.getTime() <= input.now.getTime();
}
