import { z } from 'zod/v4';
import { authorize } from '../../domain/authorization.js';
import { fold } from '../../domain/text.js';
import { ANSWER_VERB, EDIT_VERB } from '../../../cards/proposal.js';
import { PROPOSAL_SUBMIT_VERB } from '../../../cards/proposal-form.js';
import type { CommandSpec, Feature } from '../feature.js';
import { Arg, ProposalIdArg } from '../kit/command-args.js';
import { PROPOSAL_ID } from '../../domain/ids.js';
import { conversationIdOf } from '../kit/conversation.js';
import { cardActivity } from '../kit/views.js';
import { handleAnswer, handleEdit, handleSubmit, newProposalForm, projectList, registerProposalPosts, showProposal } from './actions.js';
import { sweepDeadlines } from './deadlines.js';
import { joinLeaveVerbs, sweepShortages } from './join-leave.js';

/** Proposals (the BG0 form and card) and each municipality's participation. */

const Propose = z.object({ kind: z.literal('propose') });
const Projects = z.object({ kind: z.literal('projects'), filter: Arg.optional() });
const Project = z.object({ kind: z.literal('project'), id: ProposalIdArg });

const propose: CommandSpec<z.infer<typeof Propose>> = {
  kind: 'propose',
  schema: Propose,
  recognise: ({ folded }) => (/^(nytt forslag|nytt projektforslag|foresla|propose|new proposal)$/.test(folded) ? { kind: 'propose' } : undefined),
  help: (m) => m.help.commands.propose,
  run: async (ctx, context, actor) => {
    const { m } = actor;
    if (!authorize(actor.person, 'propose').ok) {
      ctx.log.info({ aadObjectId: actor.aadObjectId }, 'propose refused: not a member of the partnership');
      await context.sendActivity(m.propose.refused);
      return;
    }
    await context.sendActivity(cardActivity(newProposalForm(ctx, actor, conversationIdOf(context.activity)), m.form.heading));
  },
};

/** `projekt`, `projekt <nätverk>`, `projekt P-2026-007`, and a bare proposal number. */
function recogniseProjects({ folded, text, rest }: Parameters<CommandSpec['recognise']>[0]) {
  if (PROPOSAL_ID.test(folded)) return { kind: 'project' as const, id: text.toUpperCase() };
  if (!/^(projekt|projects|project|forslag|proposals)( .+)?$/.test(folded)) return undefined;
  const arg = rest(1);
  if (!arg) return { kind: 'projects' as const };
  return PROPOSAL_ID.test(fold(arg)) ? { kind: 'project' as const, id: arg.toUpperCase() } : { kind: 'projects' as const, filter: arg };
}

const projects: CommandSpec<z.infer<typeof Projects>> = {
  kind: 'projects',
  schema: Projects,
  recognise: (input) => {
    const found = recogniseProjects(input);
    return found?.kind === 'projects' ? found : undefined;
  },
  help: (m) => m.help.commands.projects,
  run: async (ctx, context, actor, command) => void (await context.sendActivity(projectList(ctx, actor.m, command.filter))),
};

const project: CommandSpec<z.infer<typeof Project>> = {
  kind: 'project',
  schema: Project,
  recognise: (input) => {
    const found = recogniseProjects(input);
    return found?.kind === 'project' ? found : undefined;
  },
  help: (m) => m.help.commands.project,
  run: (ctx, context, actor, command) => showProposal(ctx, context, actor, command.id),
};

export const proposals = {
  name: 'proposals',
  commands: [propose, projects, project],
  cardVerbs: [
    { verb: PROPOSAL_SUBMIT_VERB, handle: handleSubmit },
    { verb: ANSWER_VERB, handle: handleAnswer },
    { verb: EDIT_VERB, handle: handleEdit },
    ...joinLeaveVerbs,
  ],
  jobs: [
    { name: 'answer deadlines', run: sweepDeadlines },
    { name: 'too few participants', run: sweepShortages },
  ],
  setup: (ctx) => registerProposalPosts(ctx),
} satisfies Feature;

export { projectList, waitingForMe } from './actions.js';
export { costPeriodsOf, participationChangesText, periodLabel } from './participation-view.js';
export { projectCostSplit, proposalView, refreshPostedCards, sharedProposalActivity, statusOf, viabilityOf } from './views.js';
