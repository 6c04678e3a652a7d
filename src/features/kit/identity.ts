import type { Activity } from 'botbuilder';
import type { Person } from '../../config/partnership.js';
import { findPersonByAad } from '../../domain/access.js';
import { messages, type Locale, type Messages } from '../../i18n/index.js';
import type { AppContext } from '../context.js';

export interface Actor {
  aadObjectId?: string;
  tenantId?: string;
  /** The person the bot acts for: from the activity's AAD id, never from card data. */
  person?: Person;
  /** In local mode the signed-in user may act as a demo person; this is who they really are. */
  self?: Person;
  actingAs: boolean;
  /** Set when the tenant is not one the partnership serves. */
  foreignTenant: boolean;
  locale: Locale;
  m: Messages;
}

export function tenantOf(activity: Partial<Activity>): string | undefined {
  const channelTenant = (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
  return activity.conversation?.tenantId ?? channelTenant;
}

export function resolveActor(ctx: AppContext, activity: Partial<Activity>): Actor {
  const { partnership, repo } = ctx;
  const aadObjectId = activity.from?.aadObjectId;
  const tenantId = tenantOf(activity);
  const allowed = partnership.tenants.map((t) => t.toLowerCase());
  const foreignTenant = allowed.length > 0 && !(tenantId && allowed.includes(tenantId.toLowerCase()));
  if (foreignTenant) ctx.log.warn({ tenantId, aadObjectId }, 'activity from a tenant outside the partnership: treated as unknown person');
  const self = foreignTenant ? undefined : findPersonByAad(partnership, aadObjectId);
  let person = self;
  let actingAs = false;
  if (ctx.env.local && aadObjectId && !foreignTenant) {
    const override = repo.actingAs(aadObjectId);
    const demo = override && partnership.people.find((p) => p.id === override);
    if (demo) {
      person = demo;
      actingAs = true;
    }
  }
  const locale: Locale = person?.locale ?? partnership.locale;
  return { aadObjectId, tenantId, person, self, actingAs, foreignTenant, locale, m: messages(locale) };
}
