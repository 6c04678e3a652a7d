import type { TurnContext } from 'botbuilder';
import { z } from 'zod/v4';
import { onlyMunicipalities } from '../../config/partnership.js';
import { authorize } from '../../domain/authorization.js';
import { localYear } from '../../domain/calendar.js';
import { escapeMarkdown } from '../../domain/text.js';
import { registerYearlyRoute, signedYearlyPath } from '../../http/yearly-route.js';
import { messages } from '../../i18n/index.js';
import type { CommandSpec, CommandText, Feature } from '../feature.js';
import type { AppContext } from '../context.js';
import { Arg } from '../kit/command-args.js';
import type { Actor } from '../kit/identity.js';
import { cardActivity } from '../kit/views.js';
import { currentYear, findMember } from './figures.js';
import { municipalityReply } from './municipality.js';
import { overviewReply } from './overview.js';
import { renderYearly } from './yearly.js';
import { texts } from './texts.js';

/**
 * Each municipality's part and the partnership's year: `min kommun` / `kommun <namn>` (anyone in the
 * partnership, any municipality), `översikt [år]` with charts and `årsöversikt <år>` as a signed
 * printable page and CSV (coordinators and chiefs).
 */

const Municipality = z.object({ kind: z.literal('municipality'), name: Arg.optional() });
const Overview = z.object({ kind: z.literal('overview'), year: Arg.optional() });
const Yearly = z.object({ kind: z.literal('yearly'), year: Arg.optional() });

/** The years there are figures for: from the first proposal, decision or fee year to this year. */
function years(ctx: AppContext): { first: number; last: number } {
  const tz = ctx.partnership.timeZone;
  const last = currentYear(ctx);
  const firstRecord = [ctx.repo.proposals()[0]?.createdAt, ctx.repo.decisions()[0]?.createdAt].filter((at): at is string => !!at).map((at) => localYear(new Date(at), tz));
  const first = Math.min(last, ctx.partnership.fee?.baseYear ?? last, ...firstRecord);
  return { first, last };
}

/** The year a command names (this year when none), or the message saying which years there are. */
function yearOf(ctx: AppContext, actor: Actor, typed: string | undefined): number | string {
  const { first, last } = years(ctx);
  if (typed === undefined) return last;
  const year = /^\d{4}$/.test(typed) ? Number(typed) : NaN;
  return year >= first && year <= last ? year : texts(actor.m).unknownYear(escapeMarkdown(typed), first, last);
}

/** `<words>` or `<words> <år>` by a pattern whose first group is the words and second the year. */
function recogniseYearCommand<K extends string>(kind: K, pattern: RegExp): (input: CommandText) => { kind: K; year?: string } | undefined {
  return ({ folded, rest }) => {
    const found = pattern.exec(folded);
    if (!found) return undefined;
    return found[2] ? { kind, year: rest(found[1]!.split(' ').length) } : { kind };
  };
}

/**
 * The year a coordinator or chief asked for; undefined when the person may not see the overview or
 * the year is not one there are figures for (the reply is sent). `what` names the view in the log.
 */
async function allowedYear(ctx: AppContext, context: TurnContext, actor: Actor, typed: string | undefined, what: string): Promise<number | undefined> {
  if (!authorize(actor.person, 'viewOverview').ok) {
    ctx.log.info({ aadObjectId: actor.aadObjectId }, `${what} refused: not a coordinator, chief or member's representative`);
    await context.sendActivity(onlyMunicipalities(ctx.partnership) ? texts(actor.m).refused : texts(actor.m).refusedOfBody);
    return undefined;
  }
  const year = yearOf(ctx, actor, typed);
  if (typeof year === 'string') {
    await context.sendActivity(year);
    return undefined;
  }
  return year;
}

const municipality: CommandSpec<z.infer<typeof Municipality>> = {
  kind: 'municipality',
  schema: Municipality,
  recognise: ({ folded, rest }) => {
    if (/^(min kommun|var kommun|kommun|min organisation|medlem|my municipality|municipality|my organisation|member)$/.test(folded)) return { kind: 'municipality' };
    if (/^(kommun|medlem|municipality|member) \S/.test(folded)) return { kind: 'municipality', name: rest(1) };
    return undefined;
  },
  help: (m, p) => (onlyMunicipalities(p) ? texts(m).help.municipality : texts(m).help.municipalityOfBody),
  run: async (ctx, context, actor, command) => {
    const t = texts(actor.m);
    if (!authorize(actor.person, 'viewMunicipality').ok) {
      ctx.log.info({ aadObjectId: actor.aadObjectId }, 'municipality view refused: not in the partnership');
      await context.sendActivity(t.unknownPerson);
      return;
    }
    // Any member of the body: in a samordningsförbund also the Region and the state agencies.
    const { members } = ctx.partnership;
    const member = command.name === undefined ? members.find((x) => x.id === actor.person!.member) : findMember(ctx, command.name);
    if (!member && command.name === undefined) {
      await context.sendActivity(onlyMunicipalities(ctx.partnership) ? t.noMember : t.noMemberOfBody(members.find((x) => x.kind !== 'municipality')!.name));
      return;
    }
    if (!member) {
      ctx.log.info({ aadObjectId: actor.aadObjectId, typed: command.name!.slice(0, 60) }, 'municipality view: no such member');
      const names = members.map((x) => x.name).join(', ');
      await context.sendActivity(onlyMunicipalities(ctx.partnership) ? t.unknownMunicipality(escapeMarkdown(command.name!), names) : t.unknownMember(escapeMarkdown(command.name!), names));
      return;
    }
    const started = performance.now();
    const card = municipalityReply(ctx, actor.m, member);
    ctx.log.info({ aadObjectId: actor.aadObjectId, memberId: member.id, ms: Math.round(performance.now() - started) }, 'municipality view given');
    await context.sendActivity(cardActivity(card, t.municipality.heading(member.name)));
  },
};

const overview: CommandSpec<z.infer<typeof Overview>> = {
  kind: 'overview',
  schema: Overview,
  recognise: recogniseYearCommand('overview', /^(oversikt|overview)(?: (\S+))?$/),
  help: (m, p) => (onlyMunicipalities(p) ? texts(m).help.overview : texts(m).help.overviewOfBody),
  run: async (ctx, context, actor, command) => {
    const year = await allowedYear(ctx, context, actor, command.year, 'overview');
    if (year === undefined) return;
    const started = performance.now();
    const card = overviewReply(ctx, actor.m, year);
    ctx.log.info({ aadObjectId: actor.aadObjectId, year, ms: Math.round(performance.now() - started) }, 'overview given');
    await context.sendActivity(cardActivity(card, texts(actor.m).overview.heading(year)));
  },
};

const yearly: CommandSpec<z.infer<typeof Yearly>> = {
  kind: 'yearly',
  schema: Yearly,
  recognise: recogniseYearCommand('yearly', /^(arsoversikt|annual overview|yearly overview)(?: (\S+))?$/),
  help: (m, p) => (onlyMunicipalities(p) ? texts(m).help.yearly : texts(m).help.yearlyOfBody),
  run: async (ctx, context, actor, command) => {
    const year = await allowedYear(ctx, context, actor, command.year, 'yearly overview');
    if (year === undefined) return;
    const expires = new Date(ctx.clock.now().getTime() + 24 * 3600_000);
    const url = (format: 'html' | 'csv') => `${ctx.links.baseUrl}${signedYearlyPath(year, format, ctx.links.secret, expires)}`;
    ctx.log.info({ aadObjectId: actor.aadObjectId, year }, 'yearly overview links given');
    await context.sendActivity(texts(actor.m).links(year, url('html'), url('csv')));
  },
};

export const overviewFeature = {
  name: 'overview',
  commands: [municipality, overview, yearly],
  routes: (server, ctx) =>
    registerYearlyRoute(server, {
      hasYear: (year) => {
        const { first, last } = years(ctx);
        return year >= first && year <= last;
      },
      // The page is in the partnership's language, as the decision record is.
      render: (year) => renderYearly(ctx, messages(ctx.partnership.locale), year),
      secret: ctx.links.secret,
      now: () => ctx.clock.now(),
      log: ctx.log,
    }),
} satisfies Feature;
