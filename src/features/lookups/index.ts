import { z } from 'zod/v4';
import { authorize } from '../../domain/authorization.js';
import { formatLocalDateTime } from '../../domain/calendar.js';
import { escapeMarkdown } from '../../domain/text.js';
import type { CommandSpec, Feature } from '../feature.js';
import type { AppContext } from '../context.js';
import type { Actor } from '../kit/identity.js';
import { memberName } from '../kit/views.js';
import { waitingForMe } from '../proposals/index.js';
import { decisionsWaitingFor, tallyOf } from '../decisions/index.js';

/** `mina`: what waits for the sender's municipality, across proposals and decisions. */

const Mine = z.object({ kind: z.literal('mine') });

/** Proposals waiting for the sender's municipality, and for chiefs the decisions waiting for its vote. */
function mine(ctx: AppContext, actor: Actor): string {
  const proposals = waitingForMe(ctx, actor);
  const memberId = actor.person?.member;
  if (!memberId || !authorize(actor.person, 'vote', { memberId }).ok) return proposals;
  const decisions = decisionsWaitingFor(ctx, memberId);
  if (!decisions.length) return proposals;
  const { m } = actor;
  const lines = decisions.map((d) => {
    const referred = tallyOf(ctx, d).referred.includes(memberId);
    return `- ${m.mine.decisionLine(d.id, escapeMarkdown(d.question), formatLocalDateTime(d.closesAt, ctx.partnership.timeZone), referred)}`;
  });
  return `${proposals}\n\n**${m.mine.decisionsHeading(memberName(ctx, memberId))}**\n\n${lines.join('\n')}`;
}

const mineCommand: CommandSpec<z.infer<typeof Mine>> = {
  kind: 'mine',
  schema: Mine,
  recognise: ({ folded }) => (/^(mina|mine|my)$/.test(folded) ? { kind: 'mine' } : undefined),
  help: (m) => m.help.commands.mine,
  run: async (ctx, context, actor) => void (await context.sendActivity(mine(ctx, actor))),
};

export const lookups = {
  name: 'lookups',
  commands: [mineCommand],
} satisfies Feature;
