import { z } from 'zod/v4';
import { registerExportRoute } from '../../http/export-route.js';
import type { CommandSpec, Feature } from '../feature.js';
import { Arg } from '../kit/command-args.js';
import { cardActivity } from '../kit/views.js';
import { allocationReply } from './allocation.js';
import { exportReply, projectExport } from './export.js';

/** The money: the joint fee split by population (`fördelning`), and the coordinators' project export. */

const Allocation = z.object({ kind: z.literal('allocation'), year: Arg.optional() });
const Export = z.object({ kind: z.literal('export') });

const allocation: CommandSpec<z.infer<typeof Allocation>> = {
  kind: 'allocation',
  schema: Allocation,
  recognise: ({ folded }) => {
    const found = /^(?:fordelning|allocation)(?: (\S+))?$/.exec(folded);
    if (!found) return undefined;
    return found[1] ? { kind: 'allocation', year: found[1] } : { kind: 'allocation' };
  },
  help: (m) => m.help.commands.allocation,
  run: async (ctx, context, actor, command) => {
    const { m } = actor;
    const result = allocationReply(ctx, m, command.year);
    await context.sendActivity(typeof result === 'string' ? result : cardActivity(result, m.allocation.heading(Number(command.year ?? 0))));
  },
};

const exportCommand: CommandSpec<z.infer<typeof Export>> = {
  kind: 'export',
  schema: Export,
  recognise: ({ folded }) => (/^(export|exportera)$/.test(folded) ? { kind: 'export' } : undefined),
  help: (m) => m.help.commands.export,
  run: async (ctx, context, actor) => void (await context.sendActivity(exportReply(ctx, actor))),
};

export const money = {
  name: 'money',
  commands: [allocation, exportCommand],
  routes: (server, ctx) => registerExportRoute(server, { render: () => projectExport(ctx), secret: ctx.links.secret, now: () => ctx.clock.now(), log: ctx.log }),
} satisfies Feature;
