import { z } from 'zod/v4';
import { authorize } from '../../domain/authorization.js';
import { registerProtocolRoutes } from '../../http/protocol-route.js';
import type { CommandSpec, Feature } from '../feature.js';
import { DecisionIdArg } from '../kit/command-args.js';
import { DECISION_ID, idPattern } from '../../domain/ids.js';
import { cardActivity } from '../kit/views.js';
import { decisionMessages } from './texts.js';
import { bodyMessages, decisionList, decisionVerbs, newDecisionForm, registerDecisionPosts, renderDecisionProtocol, showDecision, sweepDecisions } from './decisions.js';
import { sendDecisionReminders } from './reminders.js';

/**
 * Consensus decisions of the body's voting members (the partnership's social chiefs, or every member's
 * representative where the file says `consensusMembers: allMembers`): the form, the card and its votes,
 * reminders, the record.
 */

const NewDecision = z.object({ kind: z.literal('newDecision') });
const Decisions = z.object({ kind: z.literal('decisions') });
const Decision = z.object({ kind: z.literal('decision'), id: DecisionIdArg });

const DECISION_COMMAND = new RegExp(`^(?:beslut|decisions|decision) (${idPattern('decision')})$`, 'i');

const newDecision: CommandSpec<z.infer<typeof NewDecision>> = {
  kind: 'newDecision',
  schema: NewDecision,
  recognise: ({ folded }) => (/^(nytt beslut|new decision)$/.test(folded) ? { kind: 'newDecision' } : undefined),
  help: (m, p) => decisionMessages(p, m).help.commands.decide,
  run: async (ctx, context, actor) => {
    const m = bodyMessages(ctx, actor.m);
    if (!authorize(actor.person, 'openDecision').ok) {
      await context.sendActivity(m.decision.openRefused);
      return;
    }
    await context.sendActivity(cardActivity(newDecisionForm(ctx, actor), m.decision.formHeading));
  },
};

const decisions: CommandSpec<z.infer<typeof Decisions>> = {
  kind: 'decisions',
  schema: Decisions,
  recognise: ({ folded }) => (/^(beslut|decisions|decision)$/.test(folded) ? { kind: 'decisions' } : undefined),
  help: (m, p) => decisionMessages(p, m).help.commands.decisions,
  run: async (ctx, context, actor) => void (await context.sendActivity(decisionList(ctx, actor.m))),
};

const decision: CommandSpec<z.infer<typeof Decision>> = {
  kind: 'decision',
  schema: Decision,
  recognise: ({ folded }) => {
    const found = DECISION_COMMAND.exec(folded);
    if (found) return { kind: 'decision', id: found[1]!.toUpperCase() };
    return DECISION_ID.test(folded) ? { kind: 'decision', id: folded.toUpperCase() } : undefined;
  },
  run: (ctx, context, actor, command) => showDecision(ctx, context, actor, command.id),
};

export const decisionsFeature = {
  name: 'decisions',
  commands: [newDecision, decisions, decision],
  cardVerbs: decisionVerbs,
  jobs: [
    { name: 'decision closings', run: sweepDecisions },
    { name: 'decision reminders', run: sendDecisionReminders },
  ],
  setup: (ctx) => registerDecisionPosts(ctx),
  routes: (server, ctx) =>
    registerProtocolRoutes(server, {
      findDecision: (id) => ctx.repo.decision(id),
      render: (d) => renderDecisionProtocol(ctx, d),
      secret: ctx.links.secret,
      now: () => ctx.clock.now(),
      log: ctx.log,
    }),
} satisfies Feature;

export { bodyMessages, decisionsWaitingFor, tallyOf } from './decisions.js';
