import { z } from 'zod/v4';
import { authorize } from '../../domain/authorization.js';
import { CONSULTATION_ID, idPattern } from '../../domain/ids.js';
import type { CommandSpec, Feature } from '../feature.js';
import { cardActivity } from '../kit/views.js';
import { sendConsultationReminders } from './reminders.js';
import { consultationList, consultationVerbs, newConsultationForm, registerConsultationPosts, renderRoundCompilation, showConsultation } from './rounds.js';
import { registerCompilationRoute } from './route.js';
import { texts } from './texts.js';

/**
 * Consultation rounds (remiss och yttranden, rule 7): a coordinator opens a round, each asked member
 * (municipality, region, agency or association) sends its statement, abstains or asks for more time,
 * reminders go to those who have not answered, and the closed round gives the compilation for PKS.
 */

const NewConsultation = z.object({ kind: z.literal('newConsultation') });
const Consultations = z.object({ kind: z.literal('consultations') });
const Consultation = z.object({ kind: z.literal('consultation'), id: z.string().regex(CONSULTATION_ID).transform((s) => s.toUpperCase()) });

const SHOW = new RegExp(`^(?:remiss|consultation) (${idPattern('consultation')})$`, 'i');

const newConsultation: CommandSpec<z.infer<typeof NewConsultation>> = {
  kind: 'newConsultation',
  schema: NewConsultation,
  recognise: ({ folded }) => (/^(ny remiss|new consultation)$/.test(folded) ? { kind: 'newConsultation' } : undefined),
  help: (m) => texts(m).help.open,
  run: async (ctx, context, actor) => {
    const t = texts(actor.m);
    if (!authorize(actor.person, 'openConsultation').ok) {
      await context.sendActivity(t.openRefused);
      return;
    }
    await context.sendActivity(cardActivity(newConsultationForm(ctx, actor), t.form.heading));
  },
};

const consultations: CommandSpec<z.infer<typeof Consultations>> = {
  kind: 'consultations',
  schema: Consultations,
  recognise: ({ folded }) => (/^(remisser|consultations)$/.test(folded) ? { kind: 'consultations' } : undefined),
  help: (m) => texts(m).help.list,
  run: async (ctx, context, actor) => void (await context.sendActivity(consultationList(ctx, actor.m))),
};

const consultation: CommandSpec<z.infer<typeof Consultation>> = {
  kind: 'consultation',
  schema: Consultation,
  recognise: ({ folded }) => {
    const found = SHOW.exec(folded);
    if (found) return { kind: 'consultation', id: found[1]!.toUpperCase() };
    return CONSULTATION_ID.test(folded) ? { kind: 'consultation', id: folded.toUpperCase() } : undefined;
  },
  run: (ctx, context, actor, command) => showConsultation(ctx, context, actor, command.id),
};

export const consultationsFeature = {
  name: 'consultations',
  commands: [newConsultation, consultations, consultation],
  cardVerbs: consultationVerbs,
  jobs: [{ name: 'consultation reminders', run: sendConsultationReminders }],
  setup: (ctx) => registerConsultationPosts(ctx),
  routes: (server, ctx) =>
    registerCompilationRoute(server, {
      find: (id) => ctx.repo.consultation(id),
      render: (round) => renderRoundCompilation(ctx, round),
      secret: ctx.links.secret,
      now: () => ctx.clock.now(),
      log: ctx.log,
    }),
} satisfies Feature;

export { consultationsWaitingFor } from './rounds.js';
