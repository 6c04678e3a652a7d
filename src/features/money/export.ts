import { municipalities } from '../../config/partnership.js';
import { authorize } from '../../domain/authorization.js';
import { localDate } from '../../domain/calendar.js';
import { renderProjectsCsv } from '../../domain/project-export.js';
import { signedExportPath } from '../../http/export-route.js';
import type { AppContext } from '../context.js';
import type { Actor } from '../kit/identity.js';
import { memberName, networkName, personName } from '../kit/views.js';
import { costPeriodsOf, participationChangesText, statusOf, viabilityOf } from '../proposals/index.js';
import { messages } from '../../i18n/index.js';
import { gateStateOf, type GateState } from '../../domain/gates.js';

function gateLabel(state: GateState): string {
  if (state.cancelled) return 'avbrutet';
  if (state.pending) return `${state.pending} väntar på beslut`;
  const last = state.passed.at(-1);
  return last ? `${last} godkänd` : '';
}

/**
 * Every proposal and project with status, participants, costs and each municipality's share; a project
 * whose participation changed after its deadline has a row per period of its cost split (rule 8).
 */
export function projectExport(ctx: AppContext): { csv: string; filename: string } {
  const members = municipalities(ctx.partnership);
  const m = messages(ctx.partnership.locale);
  const rows = [...ctx.repo.proposals()]
    .sort((a, b) => a.id.localeCompare(b.id))
    .flatMap((p) => {
      const v = viabilityOf(ctx, p);
      const periods = costPeriodsOf(ctx, p) ?? [{ participants: v.participants, split: [] }];
      const names = (ids: string[]) => ids.map((id) => memberName(ctx, id));
      const changes = participationChangesText(ctx, m, p);
      return periods.map((period) => ({
        id: p.id,
        title: p.title,
        network: networkName(ctx, p.networkId),
        status: m.proposal.status[statusOf(ctx, p, v)],
        gate: gateLabel(gateStateOf(ctx.repo.gateHistory(p.id))),
        participants: names(periods.length > 1 ? period.participants : v.participants),
        declined: names(v.declined),
        unanswered: names(v.unanswered),
        estimatedCostSek: p.estimatedCostSek,
        jointFundsSek: p.jointFundsRequested ? p.jointFundsSek : null,
        jointFundsDecision: p.jointFundsApproved?.decisionId ?? '',
        answerDeadline: p.answerDeadline,
        contact: personName(ctx, p.contactPersonId),
        createdAt: localDate(new Date(p.createdAt), ctx.partnership.timeZone),
        participationChanges: changes,
        periodFrom: period.from ?? '',
        periodTo: period.to ?? '',
        costShares: members.map((mm) => period.split.find((s) => s.id === mm.id)?.amount ?? null),
      }));
    });
  return { csv: renderProjectsCsv(rows, members.map((mm) => mm.name)), filename: `projekt-${localDate(ctx.clock.now(), ctx.partnership.timeZone)}.csv` };
}

/** `export`: a coordinator gets a signed link, valid a day, to the CSV. */
export function exportReply(ctx: AppContext, actor: Actor): string {
  if (!authorize(actor.person, 'exportProjects').ok) return actor.m.export.refused;
  const url = `${ctx.links.baseUrl}${signedExportPath(ctx.links.secret, new Date(ctx.clock.now().getTime() + 24 * 3600_000))}`;
  ctx.log.info({ aadObjectId: actor.aadObjectId }, 'project export link given');
  return actor.m.export.link(url, ctx.repo.proposals().length);
}
