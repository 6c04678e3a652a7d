import type { Member, Person } from '../../config/partnership.js';
import { formatLocalDateTime } from '../../domain/calendar.js';
import { hasAnswered, type ConsultationAnswer, type ConsultationRecord, type MemberStatus } from '../../domain/consultation.js';
import { escapeMarkdown, safeUrl } from '../../domain/text.js';
import type { ConsultationTexts } from './texts.js';

/**
 * The compilation of a consultation round (sammanställning av remissvar), the paper that goes to the
 * recipient (PKS): every asked member's position, the full text of its statement, the decision behind
 * it (body, §, dnr, date), who did not answer, and the changes and extensions on the way. As a
 * printable HTML page and as Markdown. Pure: everything it shows comes from its input.
 */

export interface CompilationInput {
  round: ConsultationRecord;
  /** Every answer of the round, in the order recorded. */
  answers: readonly ConsultationAnswer[];
  /** memberStatuses of the round over the same answers. */
  statuses: readonly MemberStatus[];
  members: readonly Member[];
  people: readonly Person[];
  t: ConsultationTexts;
  /** 'sv' or 'en': the page's language. */
  lang: string;
  timeZone: string;
  generatedAt: Date;
}

export interface RenderedCompilation {
  html: string;
  markdown: string;
  /** Without extension. */
  filename: string;
}

/** The content once, in words (not yet escaped); the two formats draw it. */
interface Content {
  title: string;
  facts: [string, string][];
  question: string;
  documents: { title: string; url?: string }[];
  summary: { head: string[]; rows: string[][] };
  statements: { heading: string; lines: [string, string, string?][]; text: string }[];
  notAnswered: string[];
  history: { head: string[]; rows: string[][] };
  footer: string;
}

const time = (at: string | Date, zone: string) => formatLocalDateTime(at, zone);

/** "16 (13 kommuner, 1 region, 2 statliga myndigheter)": how many are asked, by kind, in the order kinds first appear. */
export function askedText(t: ConsultationTexts, asked: readonly string[], members: readonly Pick<Member, 'id' | 'kind'>[]): string {
  const counts = new Map<Member['kind'], number>();
  for (const id of asked) {
    const kind = members.find((m) => m.id === id)?.kind;
    if (kind) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return t.card.asked(asked.length, [...counts].map(([kind, n]) => t.kindCount(n, kind)).join(', '));
}

/** A member's answer in a word or two: its position, or where it stands without one. */
export function statusWord(t: ConsultationTexts, s: MemberStatus): string {
  switch (s.state) {
    case 'answered':
      return t.positions[s.answer!.position!];
    case 'abstained':
      return t.positions.abstain;
    case 'extended':
      return t.extendedTo(s.deadline);
    case 'askedForTime':
      return t.askedFor(s.request!.until!);
    default:
      return t.states[s.state];
  }
}

function content(input: CompilationInput): Content {
  const { round, t, timeZone } = input;
  const c = t.compilation;
  const member = (id: string) => input.members.find((m) => m.id === id);
  const memberName = (id: string) => member(id)?.name ?? id;
  const kindOf = (id: string) => {
    const kind = member(id)?.kind;
    return kind ? t.kinds[kind] : '';
  };
  const personName = (id: string) => input.people.find((p) => p.id === id)?.name ?? id;
  const recordedBy = (a: ConsultationAnswer) => (a.capacity === 'coordinator' ? t.onBehalf(personName(a.personId)) : `${personName(a.personId)} (${t.capacity[a.capacity]})`);
  const positionOf = (a: ConsultationAnswer) => t.positions[a.kind === 'abstain' ? 'abstain' : a.position!];

  const answered = input.statuses.filter(hasAnswered);
  const tally = new Map<string, number>();
  for (const s of answered) tally.set(positionOf(s.answer!), (tally.get(positionOf(s.answer!)) ?? 0) + 1);
  const order = [t.positions.approve, t.positions.approveWithComments, t.positions.reject, t.positions.abstain];
  const counts = order.filter((p) => tally.has(p)).map((p) => `${p} ${tally.get(p)}`).join(', ');

  const facts: [string, string][] = [
    [c.facts.subject, round.subject],
    [c.facts.consultation, round.id],
    [c.facts.openedBy, c.openedBy(personName(round.createdBy), time(round.createdAt, timeZone))],
    [c.facts.answerDate, round.answerDate],
    [c.facts.recipient, round.recipient],
    [c.facts.asked, askedText(t, round.asked, input.members)],
    [c.facts.closed, round.closed ? c.closedBy(time(round.closed.at, timeZone), personName(round.closed.personId)) : c.notClosed],
    [c.facts.answers, c.answers(answered.length, round.asked.length, counts)],
  ];

  const summary = {
    head: [c.columns.member, c.columns.kind, c.columns.position, c.columns.body, c.columns.paragraph, c.columns.dnr, c.columns.date, c.columns.received],
    rows: input.statuses.map((s) => {
      const a = s.answer;
      if (!a) return [memberName(s.memberId), kindOf(s.memberId), statusWord(t, s), '', '', '', '', ''];
      const d = a.decision;
      return [
        memberName(s.memberId),
        kindOf(s.memberId),
        statusWord(t, s) + (s.late ? ` (${t.late})` : ''),
        d?.body ?? '',
        d?.paragraph ?? '',
        d?.dnr ?? '',
        d?.date ?? '',
        time(a.at, timeZone),
      ];
    }),
  };

  const statements = answered.map((s) => {
    const a = s.answer!;
    const lines: [string, string, string?][] = [[c.lines.position, positionOf(a)]];
    if (a.decision) lines.push([c.lines.decision, c.decisionRef(a.decision.body, a.decision.paragraph, a.decision.dnr, a.decision.date)]);
    if (a.documentUrl) lines.push([c.lines.document, a.documentUrl, a.documentUrl]);
    lines.push([c.lines.recordedBy, `${recordedBy(a)}, ${time(a.at, timeZone)}`]);
    if (s.deadline !== round.answerDate) lines.push([c.lines.extended, s.deadline]);
    if (s.late) lines.push([c.lines.late, '']);
    return { heading: `${memberName(s.memberId)} (${kindOf(s.memberId)})`, lines, text: a.text ?? '' };
  });

  const events: { at: string; row: string[] }[] = [];
  // A replaced answer is an event when the answer that replaced it came, by whoever gave that.
  for (const s of input.statuses)
    s.replaced.forEach((earlier, i) => {
      const next = s.replaced[i + 1] ?? s.answer!;
      events.push({ at: next.at, row: [time(next.at, timeZone), memberName(s.memberId), c.events.replaced(positionOf(earlier), time(earlier.at, timeZone)), recordedBy(next)] });
    });
  for (const a of input.answers)
    if (a.kind === 'moreTime') events.push({ at: a.at, row: [time(a.at, timeZone), memberName(a.memberId), c.events.requested(a.until ?? ''), recordedBy(a)] });
  for (const e of round.extensions) events.push({ at: e.at, row: [time(e.at, timeZone), memberName(e.memberId), c.events.granted(e.until), personName(e.personId)] });
  events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

  return {
    title: c.title(round.id),
    facts,
    question: round.question,
    documents: round.documents.map((d) => ({ title: d.title, url: safeUrl(d.url) })),
    summary,
    statements,
    notAnswered: input.statuses.filter((s) => !hasAnswered(s)).map((s) => `${memberName(s.memberId)} (${kindOf(s.memberId)})`),
    history: { head: [c.columns.at, c.columns.member, c.columns.what, c.columns.by], rows: events.map((e) => e.row) },
    footer: c.footer(timeZone, time(input.generatedAt, timeZone)),
  };
}

export function renderCompilation(input: CompilationInput): RenderedCompilation {
  // An unknown zone would print every time wrong; refuse it instead.
  new Intl.DateTimeFormat('sv-SE', { timeZone: input.timeZone });
  const c = content(input);
  return { html: renderHtml(input, c), markdown: renderMarkdown(input, c), filename: `remissvar-${input.round.id.replace(/[^A-Za-z0-9-]/g, '_')}` };
}

// ---------------------------------------------------------------------------------------------
// Markdown (read in CommonMark viewers: a backslash escapes < and >)

const lines = (text: string) => text.split(/\r\n|\r|\n/);
const mdInline = (text: string) => escapeMarkdown(text.replace(/\r\n|\r|\n/g, ' ').trim(), { angles: 'backslash', lineStarts: false });
const mdCell = (text: string) => lines(text).map((l) => escapeMarkdown(l.trim(), { angles: 'backslash', lineStarts: false })).join('<br>');
const mdQuote = (text: string) => lines(text.trim()).map((l) => (l.trim() ? `> ${escapeMarkdown(l.trim(), { angles: 'backslash', lineStarts: true })}` : '>'));
const mdRow = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
const mdTable = (head: readonly string[], rows: readonly (readonly string[])[]) => [mdRow(head.map(mdCell)), mdRow(head.map(() => '---')), ...rows.map((r) => mdRow(r.map(mdCell)))];

function renderMarkdown(input: CompilationInput, c: Content): string {
  const t = input.t.compilation;
  const out: string[] = [`# ${mdInline(c.title)}`, ''];
  out.push(...c.facts.map(([label, value]) => `- **${mdInline(label)}:** ${mdInline(value)}`), '');
  out.push(`## ${t.question}`, '', ...mdQuote(c.question), '');
  if (c.documents.length) {
    out.push(`## ${t.documents}`, '');
    for (const d of c.documents) out.push(d.url ? `- [${mdInline(d.title)}](${d.url})` : `- ${mdInline(d.title)}`);
    out.push('');
  }
  out.push(`## ${t.summary}`, '', ...mdTable(c.summary.head, c.summary.rows), '');
  out.push(`## ${t.statements}`, '');
  for (const s of c.statements) {
    out.push(`### ${mdInline(s.heading)}`, '');
    for (const [label, value, url] of s.lines) {
      const shown = url ? `[${mdInline(value)}](${safeUrl(url) ?? ''})` : mdInline(value);
      out.push(value ? `- **${mdInline(label)}:** ${shown}` : `- **${mdInline(label)}**`);
    }
    out.push('', ...(s.text.trim() ? mdQuote(s.text) : [t.noText]), '');
  }
  out.push(`## ${t.notAnswered}`, '');
  out.push(...(c.notAnswered.length ? c.notAnswered.map((n) => `- ${mdInline(n)}`) : [t.everyoneAnswered]), '');
  out.push(`## ${t.history}`, '');
  out.push(...(c.history.rows.length ? mdTable(c.history.head, c.history.rows) : [t.historyEmpty]), '');
  out.push('---', '', mdInline(c.footer), '');
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// HTML: a page to read and print, with headings and tables with header cells

const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const htmlLines = (text: string) => lines(text.trim()).map(html).join('<br>');
/** Paragraphs at blank lines, line breaks kept. */
const htmlParagraphs = (text: string) =>
  text
    .trim()
    .split(/(?:\r\n|\r|\n)\s*(?:\r\n|\r|\n)/)
    .filter((p) => p.trim())
    .map((p) => `<p>${htmlLines(p)}</p>`)
    .join('\n');

function htmlTable(head: readonly string[], rows: readonly (readonly string[])[], caption: string, className: string): string {
  return [
    `<table class="${className}">`,
    `<caption>${html(caption)}</caption>`,
    `<thead><tr>${head.map((h) => `<th scope="col">${html(h)}</th>`).join('')}</tr></thead>`,
    '<tbody>',
    // The first cell names the row (the member, or the time of the event).
    ...rows.map((r) => `<tr>${r.map((cell, i) => (i === 0 ? `<th scope="row">${htmlLines(cell)}</th>` : `<td>${htmlLines(cell)}</td>`)).join('')}</tr>`),
    '</tbody>',
    '</table>',
  ].join('\n');
}

const STYLE = `
body { font-family: "Segoe UI", Arial, sans-serif; font-size: 11pt; line-height: 1.45; color: #111; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #999; } h3 { font-size: 1.05rem; margin-top: 1.5rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; } dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0; }
/* The caption names the table for screen readers; the heading above already shows it. */
caption { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
table.summary td:nth-child(5), table.summary td:nth-child(7), table.summary td:nth-child(8), table.history th { white-space: nowrap; }
th, td { border: 1px solid #999; padding: 0.25rem 0.4rem; text-align: left; vertical-align: top; } thead th { background: #eee; }
blockquote { margin: 0.5rem 0 0.5rem 1rem; padding-left: 0.75rem; border-left: 3px solid #999; }
section { break-inside: avoid-page; } footer { margin-top: 2rem; font-size: 0.9rem; color: #444; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; } }
`.trim();

function renderHtml(input: CompilationInput, c: Content): string {
  const t = input.t.compilation;
  const link = (label: string, url: string | undefined) => (url ? `<a href="${html(url)}">${html(label)}</a>` : html(label));
  const out: string[] = [
    '<!doctype html>',
    `<html lang="${html(input.lang)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${html(c.title)}</title>`,
    `<style>\n${STYLE}\n</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<h1>${html(c.title)}</h1>`,
    '<dl class="facts">',
    ...c.facts.map(([label, value]) => `<dt>${html(label)}</dt><dd>${htmlLines(value)}</dd>`),
    '</dl>',
    `<h2>${html(t.question)}</h2>`,
    htmlParagraphs(c.question),
  ];
  if (c.documents.length) out.push(`<h2>${html(t.documents)}</h2>`, '<ul>', ...c.documents.map((d) => `<li>${link(d.title, d.url)}</li>`), '</ul>');
  out.push(`<h2>${html(t.summary)}</h2>`, htmlTable(c.summary.head, c.summary.rows, t.summary, 'summary'));
  out.push(`<h2>${html(t.statements)}</h2>`);
  for (const s of c.statements) {
    out.push('<section>', `<h3>${html(s.heading)}</h3>`, '<dl class="facts">');
    for (const [label, value, url] of s.lines) out.push(`<dt>${html(label)}</dt><dd>${url ? link(value, safeUrl(url)) : html(value)}</dd>`);
    out.push('</dl>', s.text.trim() ? `<blockquote>\n${htmlParagraphs(s.text)}\n</blockquote>` : `<p>${html(t.noText)}</p>`, '</section>');
  }
  out.push(`<h2>${html(t.notAnswered)}</h2>`);
  out.push(c.notAnswered.length ? ['<ul>', ...c.notAnswered.map((n) => `<li>${html(n)}</li>`), '</ul>'].join('\n') : `<p>${html(t.everyoneAnswered)}</p>`);
  out.push(`<h2>${html(t.history)}</h2>`);
  out.push(c.history.rows.length ? htmlTable(c.history.head, c.history.rows, t.history, 'history') : `<p>${html(t.historyEmpty)}</p>`);
  out.push('</main>', `<footer><p>${html(c.footer)}</p></footer>`, '</body>', '</html>', '');
  return out.join('\n');
}
