import type { ChangeRefusal } from '../../domain/join-leave.js';
import type { Refusal } from '../../domain/authorization.js';
import type { Md } from '../../domain/text.js';
import { featureTexts } from '../kit/texts.js';

const kommuner = (n: number) => (n === 1 ? 'kommun' : 'kommuner');
const municipalities = (n: number) => (n === 1 ? 'municipality' : 'municipalities');

/** Joining and leaving a project after its answer deadline (rule 8), its cost periods and its participation history. */
export const texts = featureTexts({
  sv: {
    buttons: { join: 'Gå med', leave: 'Lämna projektet', confirmLeave: 'Lämna' },
    leaveDate: 'Från och med (första dagen utan er kommun)',
    leaveReason: 'Skäl',
    recorded: {
      join: (member: string, from: string) => `Registrerat: ${member} deltar i projektet från och med ${from}.`,
      leave: (member: string, from: string) => `Registrerat: ${member} lämnar projektet från och med ${from}. Kostnadsandelen fördelas på de andra från den dagen.`,
    },
    refused: {
      unknownProposal: 'Projektet finns inte längre. Inget är ändrat.',
      ended: 'Projektet är avslutat eller avbrutet, så deltagandet kan inte ändras. Inget är ändrat.',
      notFeasible: 'Projektet är ej genomförbart: svarstiden gick ut utan tillräckligt många deltagande kommuner. Inget är ändrat.',
      answersOpen: (deadline: string) => `Svarstiden pågår till och med ${deadline}: svara med knapparna Vi deltar / Vi deltar inte. Inget är ändrat.`,
      notStarted: 'Projektet kan inte starta än, så det går inte att gå med eller lämna. Inget är ändrat.',
      alreadyParticipating: (member: string) => `${member} deltar redan i projektet. Inget är ändrat.`,
      leaving: (member: string, from: string) => `${member} lämnar projektet från och med ${from} och deltar fram till dess. Det går att gå med igen från den dagen. Inget är ändrat.`,
      notParticipating: (member: string) => `${member} deltar inte i projektet, så det finns inget att lämna. Inget är ändrat.`,
      alreadyLeaving: (member: string, from: string) => `${member} lämnar redan projektet från och med ${from}. Inget är ändrat.`,
      reasonRequired: 'Ange ett skäl till att kommunen lämnar projektet. Inget är ändrat.',
      reasonTooLong: (max: number) => `Skälet är för långt (högst ${max} tecken). Inget är ändrat.`,
      badDate: 'Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2027-03-01. Inget är ändrat.',
      pastDate: (today: string) => `Datumet har redan passerat: välj i dag (${today}) eller ett senare datum. Inget är ändrat.`,
      beforeJoin: (joined: string) => `Datumet ligger före dagen kommunen gick med (${joined}). Inget är ändrat.`,
      tooFarAhead: (latest: string) => `Datumet ligger för långt fram: välj senast ${latest}. Inget är ändrat.`,
    } satisfies Record<ChangeRefusal, unknown>,
    access: {
      unknownPerson: 'Du finns inte med i partnerskapets förteckning, så du kan inte ändra deltagandet för en kommun. Kontakta samordnaren.',
      noMember: 'Du är inte knuten till någon kommun och kan därför inte ändra en kommuns deltagande.',
      otherMember: 'Du kan bara ändra deltagandet för din egen kommun.',
      noRole: 'Du kan inte ändra din kommuns deltagande i detta nätverks projekt. Det gör socialchefen, dennes ersättare eller kommunens ledamot i nätverket.',
    } satisfies Record<Refusal, string>,
    rows: {
      joined: (from: string) => `Deltar (gick med ${from})`,
      leaving: (from: string) => `Deltar (lämnar fr.o.m. ${from})`,
      left: (from: string) => `Har lämnat (fr.o.m. ${from})`,
    },
    shortage: (n: number, min: number) =>
      `Bara ${n} ${kommuner(n)} deltar nu (minst ${min} krävs). Projektet kan inte passera nästa grind förrän minst ${min} deltar igen, eller så avbryts det.`,
    shortageAhead: (from: string, n: number, min: number) =>
      `Från och med ${from} deltar bara ${n} ${kommuner(n)} (minst ${min} krävs): då kan projektet inte passera nästa grind förrän minst ${min} deltar igen.`,
    shortageNotice: (id: string, title: Md, n: number, min: number) =>
      `**${id} ${title}** har nu bara ${n} deltagande ${kommuner(n)} (minst ${min} krävs). Projektet kan inte passera nästa grind förrän minst ${min} kommuner deltar igen, eller så avbryts det.`,
    gateBlocked: (min: number) => `Grinden kan inte godkännas: färre än ${min} kommuner deltar.`,
    history: {
      heading: 'Ändrat deltagande efter svarstiden',
      join: (member: string, from: string, who: string, at: string) => `${from}: ${member} gick med — registrerat av ${who}, ${at}`,
      leave: (member: string, from: string, who: string, at: string) => `${member} lämnar fr.o.m. ${from} — registrerat av ${who}, ${at}. Skäl: `,
    },
    periods: {
      heading: 'Kostnadsfördelning per period',
      note: (total: string) =>
        `Den beräknade kostnaden (${total}) fördelas efter invånartal mellan de kommuner som deltar under perioden. Beloppen är i hela kronor och summerar exakt till kostnaden i varje period.`,
      first: (to: string) => `Till och med ${to}`,
      between: (from: string, to: string) => `${from} – ${to}`,
      onwards: (from: string) => `Från och med ${from}`,
      whole: 'Hela projektet',
      nobody: 'Ingen kommun deltar under perioden.',
    },
    export: { joined: 'gick med', leaves: 'lämnar fr.o.m.', reason: 'skäl' },
  },
  en: {
    buttons: { join: 'Join', leave: 'Leave the project', confirmLeave: 'Leave' },
    leaveDate: 'From (the first day without your municipality)',
    leaveReason: 'Reason',
    recorded: {
      join: (member: string, from: string) => `Recorded: ${member} takes part in the project from ${from}.`,
      leave: (member: string, from: string) => `Recorded: ${member} leaves the project from ${from}. Its cost share moves to the others from that day.`,
    },
    refused: {
      unknownProposal: 'The project no longer exists. Nothing changed.',
      ended: 'The project is finished or cancelled, so participation cannot change. Nothing changed.',
      notFeasible: 'The project is not feasible: the answer deadline passed without enough participating municipalities. Nothing changed.',
      answersOpen: (deadline: string) => `Answers are open until ${deadline}: use the buttons We take part / We decline. Nothing changed.`,
      notStarted: 'The project cannot start yet, so there is nothing to join or leave. Nothing changed.',
      alreadyParticipating: (member: string) => `${member} already takes part in the project. Nothing changed.`,
      leaving: (member: string, from: string) => `${member} leaves the project from ${from} and takes part until then. It can join again from that day. Nothing changed.`,
      notParticipating: (member: string) => `${member} does not take part in the project, so there is nothing to leave. Nothing changed.`,
      alreadyLeaving: (member: string, from: string) => `${member} already leaves the project from ${from}. Nothing changed.`,
      reasonRequired: 'Give a reason why the municipality leaves the project. Nothing changed.',
      reasonTooLong: (max: number) => `The reason is too long (at most ${max} characters). Nothing changed.`,
      badDate: 'Give the date as YYYY-MM-DD, e.g. 2027-03-01. Nothing changed.',
      pastDate: (today: string) => `The date has passed: choose today (${today}) or later. Nothing changed.`,
      beforeJoin: (joined: string) => `The date is before the day the municipality joined (${joined}). Nothing changed.`,
      tooFarAhead: (latest: string) => `The date is too far ahead: choose ${latest} at the latest. Nothing changed.`,
    } satisfies Record<ChangeRefusal, unknown>,
    access: {
      unknownPerson: 'You are not in the partnership’s register, so you cannot change a municipality’s participation. Contact the coordinator.',
      noMember: 'You are not linked to a municipality, so you cannot change a municipality’s participation.',
      otherMember: 'You can only change the participation of your own municipality.',
      noRole: 'You cannot change your municipality’s participation in this network’s projects. Its social chief, the deputy or its network member can.',
    } satisfies Record<Refusal, string>,
    rows: {
      joined: (from: string) => `Takes part (joined ${from})`,
      leaving: (from: string) => `Takes part (leaves from ${from})`,
      left: (from: string) => `Has left (from ${from})`,
    },
    shortage: (n: number, min: number) =>
      `Only ${n} ${municipalities(n)} take part now (at least ${min} needed). The project cannot pass its next gate until at least ${min} take part again, or it is cancelled.`,
    shortageAhead: (from: string, n: number, min: number) =>
      `From ${from} only ${n} ${municipalities(n)} take part (at least ${min} needed): the project then cannot pass its next gate until at least ${min} take part again.`,
    shortageNotice: (id: string, title: Md, n: number, min: number) =>
      `**${id} ${title}** now has only ${n} participating ${municipalities(n)} (at least ${min} needed). The project cannot pass its next gate until at least ${min} municipalities take part again, or it is cancelled.`,
    gateBlocked: (min: number) => `The gate cannot be approved: fewer than ${min} municipalities take part.`,
    history: {
      heading: 'Participation changed after the deadline',
      join: (member: string, from: string, who: string, at: string) => `${from}: ${member} joined — recorded by ${who}, ${at}`,
      leave: (member: string, from: string, who: string, at: string) => `${member} leaves from ${from} — recorded by ${who}, ${at}. Reason: `,
    },
    periods: {
      heading: 'Cost split per period',
      note: (total: string) =>
        `The estimated cost (${total}) is split by population among the municipalities taking part during the period. Amounts are whole kronor and add up exactly to the cost in each period.`,
      first: (to: string) => `Until ${to}`,
      between: (from: string, to: string) => `${from} – ${to}`,
      onwards: (from: string) => `From ${from}`,
      whole: 'The whole project',
      nobody: 'No municipality takes part during the period.',
    },
    export: { joined: 'joined', leaves: 'leaves from', reason: 'reason' },
  },
});
