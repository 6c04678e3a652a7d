import { csvField } from './csv.js';

/** One project as the coordinators report it to the municipalities (Q1, Q2, annual report). */
export interface ProjectExportRow {
  id: string;
  title: string;
  network: string;
  status: string;
  /** The project's place in projektstegen, e.g. 'BG2 godkänd', 'BG3 väntar på beslut', 'avbrutet'. */
  gate: string;
  participants: string[];
  declined: string[];
  unanswered: string[];
  estimatedCostSek: number | null;
  jointFundsSek: number | null;
  jointFundsDecision: string;
  answerDeadline: string;
  contact: string;
  createdAt: string;
  /** Joins and leaves after the answer deadline (who, from when, why), as one text. */
  participationChanges: string;
  /**
   * The period of the cost split this row shows (a project whose participation changed has a row per
   * period, rule 8): its first and last day, empty for the project's start and for a period running on.
   */
  periodFrom: string;
  periodTo: string;
  /** Each municipality's share of the estimated cost in the period, in the column order of `members`. */
  costShares: (number | null)[];
}

/** CSV for Swedish Excel: UTF-8 with BOM, ';', CRLF, quoted where needed, formula-safe. */
export function renderProjectsCsv(rows: readonly ProjectExportRow[], members: readonly string[]): string {
  const header = [
    'Nummer', 'Titel', 'Nätverk', 'Status', 'Grind', 'Deltar (antal)', 'Deltar', 'Deltar inte', 'Ej svarat',
    'Beräknad kostnad (kr)', 'Gemensamma medel sökta (kr)', 'Gemensamma medel beviljade', 'Sista svarsdag',
    'Kontaktperson', 'Skapat', 'Ändrat deltagande', 'Period från', 'Period till', ...members.map((m) => `Kostnadsandel ${m} (kr)`),
  ];
  const n = (v: number | null) => (v === null ? '' : String(v));
  const lines = [header, ...rows.map((r) => [
    r.id, r.title, r.network, r.status, r.gate, String(r.participants.length), r.participants.join(', '), r.declined.join(', '),
    r.unanswered.join(', '), n(r.estimatedCostSek), n(r.jointFundsSek), r.jointFundsDecision, r.answerDeadline, r.contact,
    r.createdAt, r.participationChanges, r.periodFrom, r.periodTo, ...r.costShares.map(n),
  ])];
  return `\ufeff${lines.map((cells) => cells.map((c) => csvField(c)).join(';')).join('\r\n')}\r\n`;
}
