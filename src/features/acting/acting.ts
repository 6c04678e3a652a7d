import { escapeMarkdown } from '../../domain/text.js';
import type { Person } from '../../config/partnership.js';
import type { AppContext } from '../context.js';
import { fold } from '../../domain/text.js';
import type { Actor } from '../kit/identity.js';
import { memberName } from '../kit/views.js';
import { texts } from './texts.js';

/**
 * Local mode only: the one signed-in user of the local Teams client tries every role by acting as
 * a demo person. "agera som Eksjö" picks Eksjö's social chief; a person's name or id works too.
 */
export function findDemoPerson(ctx: AppContext, who: string): Person | undefined {
  const f = fold(who);
  const { people, members } = ctx.partnership;
  const byPerson = people.find((p) => fold(p.id) === f || fold(p.name) === f);
  if (byPerson) return byPerson;
  if (['samordnare', 'koordinator', 'coordinator'].includes(f)) return people.find((p) => p.roles.includes('coordinator'));
  const deputy = /^(ersattare|deputy) (.+)$/.exec(f);
  const member = members.find((m) => fold(m.name) === (deputy ? deputy[2] : f) || m.id === (deputy ? deputy[2] : f));
  if (!member) return undefined;
  const role = deputy ? 'deputyChief' : 'socialChief';
  return people.find((p) => p.member === member.id && p.roles.includes(role)) ?? people.find((p) => p.member === member.id);
}

export async function actAs(ctx: AppContext, actor: Actor, who: string): Promise<string> {
  const { m } = actor;
  const t = texts(m);
  if (!ctx.env.local) return m.unknownCommand;
  if (!actor.aadObjectId) return t.onlyLocal;
  if (['mig', 'mig sjalv', 'me', 'myself'].includes(fold(who))) {
    await ctx.repo.setActingAs(actor.aadObjectId, null);
    return t.reset;
  }
  const person = findDemoPerson(ctx, who);
  if (!person) return t.unknown(escapeMarkdown(who));
  await ctx.repo.setActingAs(actor.aadObjectId, person.id);
  ctx.log.info({ aadObjectId: actor.aadObjectId, actingAs: person.id }, 'local mode: acting as demo person');
  const roles = [...person.roles.map((r) => t.roles[r]), ...(person.networks.length && !person.roles.length ? [t.roles.networkMember] : [])].join(', ');
  return t.now(person.name, t.roleOf(person.member && memberName(ctx, person.member), roles));
}
