import { z } from 'zod/v4';
import { onlyMunicipalities } from '../../config/partnership.js';
import type { CommandSpec, Feature } from '../feature.js';
import { Arg } from '../kit/command-args.js';
import { actAs } from './acting.js';
import { texts } from './texts.js';

/** Local mode only: `agera som <kommun>`, to try the bot as another demo person. */

const ActAs = z.object({ kind: z.literal('actAs'), who: Arg });

const actAsCommand: CommandSpec<z.infer<typeof ActAs>> = {
  kind: 'actAs',
  schema: ActAs,
  recognise: ({ folded, rest }) => (/^(agera som|act as) .+$/.test(folded) ? { kind: 'actAs', who: rest(2) } : undefined),
  // A body with members of other kinds: an example of such a member, from the file.
  help: (m, p) => (onlyMunicipalities(p) ? texts(m).help : texts(m).helpOfBody(p.members.find((x) => x.kind !== 'municipality')!.name)),
  localOnly: true,
  run: async (ctx, context, actor, command) => void (await context.sendActivity(await actAs(ctx, actor, command.who))),
};

export const acting = {
  name: 'acting',
  commands: [actAsCommand],
} satisfies Feature;
