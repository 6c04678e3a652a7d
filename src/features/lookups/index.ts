import { z } from 'zod/v4';
import { onlyMunicipalities } from '../../config/partnership.js';
import { authorize } from '../../domain/authorization.js';
import { formatLocalDateTime } from '../../domain/calendar.js';
import { escapeMarkdown } from '../../domain/text.js';
import type { CommandSpec, Feature } from '../feature.js';
import type { AppContext } from '../context.js';
import type { Actor } from '../kit/identity.js';
import { memberName } from '../kit/views.js';
import { waitingForMe } from '../proposals/index.js';
import { bodyMessages, decisionsWaitingFor, tallyOf } from '../decisions/index.js';
import { consultationsWaitingFor } from '../consultations/index.js';
import { deadlinePassed, memberDeadline } from '../../domain/consultation.js';
import { texts } from './texts.js';

/** `mina`: what waits for the sender's member, across proposals, decisions and consultation rounds. */

const Mine = z.object({ kind: z.literal('mine') });

/** For those who cast the member's voice: the decisions waiting for it. */
function decisionSection(ctx: AppContext, actor: Actor, memberId: string): string | undefined {
  if (!authorize(actor.person, 'vote', { memberId }).ok) return undefined;
  const decisions = decisionsWaitingFor(ctx, memberId);
  if (!decisions.length) return undefined;
  // In the body's words: a member of a samordningsförbund refers to its own deciding body, not a nämnd.
  const m = bodyMessages(ctx, actor.m);
  const lines = decisions.map((d) => {
    const referred = tallyOf(ctx, d).referred.includes(memberId);
    return `- ${m.mine.decisionLine(d.id, escapeMarkdown(d.question), formatLocalDateTime(d.closesAt, ctx.partnership.timeZone), referred)}`;
  });
  return `**${m.mine.decisionsHeading(memberName(ctx, memberId))}**\n\n${lines.join('\n')}`;
}

/** For those who answer for the member: the open rounds still without its statement, by its own answer date. */
function consultationSection(ctx: AppContext, actor: Actor, memberId: string): string | undefined {
  if (!authorize(actor.person, 'answerConsultation', { memberId }).ok) return undefined;
  const now = ctx.clock.now();
  const tz = ctx.partnership.timeZone;
  const rounds = consultationsWaitingFor(ctx, memberId)
    .map((round) => ({ round, date: memberDeadline(round, memberId) }))
    .sort((a, b) => a.date.localeCompare(b.date) || a.round.id.localeCompare(b.round.id));
  if (!rounds.length) return undefined;
  const t = texts(actor.m);
  const lines = rounds.map(({ round, date }) => `- ${t.consultationLine(round.id, escapeMarkdown(round.subject), date, deadlinePassed(round, memberId, now, tz))}`);
  return `**${t.consultationsHeading(memberName(ctx, memberId))}**\n\n${lines.join('\n')}`;
}

/** Proposals waiting for the sender's member, then decisions and rounds waiting for it. */
function mine(ctx: AppContext, actor: Actor): string {
  const proposals = waitingForMe(ctx, actor);
  const memberId = actor.person?.member;
  if (!memberId) return proposals;
  const more = [decisionSection(ctx, actor, memberId), consultationSection(ctx, actor, memberId)].filter((s): s is string => s !== undefined);
  if (!more.length) return proposals;
  // "Nothing waits" is not true when a decision or a round does: then only what waits is said.
  const head = proposals === actor.m.mine.none(memberName(ctx, memberId)) ? [] : [proposals];
  return [...head, ...more].join('\n\n');
}

const mineCommand: CommandSpec<z.infer<typeof Mine>> = {
  kind: 'mine',
  schema: Mine,
  recognise: ({ folded }) => (/^(mina|mine|my)$/.test(folded) ? { kind: 'mine' } : undefined),
  help: (m, p) => (onlyMunicipalities(p) ? m.help.commands.mine : texts(m).helpOfBody),
  run: async (ctx, context, actor) => void (await context.sendActivity(mine(ctx, actor))),
};

export const lookups = {
  name: 'lookups',
  commands: [mineCommand],
} satisfies Feature;
