import type { NoticeKind } from '../../domain/notices.js';
import type { Md } from '../../domain/text.js';
import { featureTexts } from '../kit/texts.js';

/** What a project notice names: its number, title and owning network (Markdown-safe). */
export interface ProjectWords {
  id: string;
  title: Md;
  network: Md;
}

/** What a consultation notice names: the round's number and subject (Markdown-safe). */
export interface RoundWords {
  id: string;
  subject: Md;
}

/** What the personal notices and `aviseringar` say, in the reader's language. */
export const texts = featureTexts({
  sv: {
    help: ['aviseringar', 'Vad boten skriver till dig personligen; slå av eller på varje slag.'],
    // One line each, the message that goes with the card or stands alone.
    personal: {
      newProposal: (p: ProjectWords, member: Md, deadline: string) =>
        `**Nytt projektförslag** ${p.id} «${p.title}» (${p.network}) väntar på svar från ${member} senast ${deadline}. Svara med knapparna på kortet.`,
      answerDeadlineSoon: (p: ProjectWords, member: Md, deadline: string) =>
        `**Påminnelse:** ${member} har inte svarat på ${p.id} «${p.title}» (${p.network}). Svarstiden går ut ${deadline}.`,
      gateSubmitted: (p: ProjectWords, gate: Md) => `**${gate} är inlämnad för beslut** i ${p.id} «${p.title}» (${p.network}).`,
      gateApproved: (p: ProjectWords, gate: Md) => `**${gate} är godkänd** i ${p.id} «${p.title}» (${p.network}).`,
      gateSentBack: (p: ProjectWords, gate: Md, reason: Md) => `**${gate} är återremitterad** i ${p.id} «${p.title}» (${p.network})${reason ? `: ${reason}` : '.'}`,
      projectCancelled: (p: ProjectWords, reason: Md) => `**Projektet ${p.id} «${p.title}» är avbrutet** (${p.network})${reason ? `: ${reason}` : '.'}`,
      memberJoined: (p: ProjectWords, member: Md) => `**${member} går med** i ${p.id} «${p.title}» (${p.network}).`,
      memberLeft: (p: ProjectWords, member: Md) => `**${member} lämnar** ${p.id} «${p.title}» (${p.network}).`,
      reportDone: (title: Md, link: Md | undefined) => `**${title} är skickad till medlemskommunerna.**${link ? ` ${link}` : ''}`,
      reportLink: 'Rapporten',
      consultationOpened: (r: RoundWords, member: Md, answerDate: string) =>
        `**Ny remiss** ${r.id} «${r.subject}» väntar på yttrande från ${member} senast ${answerDate}. Svara med knapparna på kortet.`,
    },
    // The same events as one post in the channel, for everyone there.
    channel: {
      newProposal: (p: ProjectWords, deadline: string) => `**Nytt projektförslag** ${p.id} «${p.title}» (${p.network}). Svara senast ${deadline}.`,
      answerDeadlineSoon: (p: ProjectWords, deadline: string) => `**Påminnelse:** svarstiden för ${p.id} «${p.title}» (${p.network}) går ut ${deadline}.`,
      consultationOpened: (r: RoundWords, answerDate: string) => `**Ny remiss** ${r.id} «${r.subject}». Yttra er senast ${answerDate}.`,
    },
    mention: {
      awaited: 'Väntar på svar från',
      to: 'Till',
      /** The municipality and the people who may answer for it. */
      line: (member: Md, people: string) => `**${member}:** ${people}`,
      nobody: 'ingen i partnerskapsfilen',
    },
    prefs: {
      heading: 'Aviseringar',
      intro: 'Det här skriver boten till dig personligen. Slå av det du inte vill ha; det slås på igen med samma knapp.',
      personal: 'Boten har en personlig chatt med dig: aviseringarna kommer hit.',
      noPersonal: 'Boten kan inte skriva till dig personligen ännu (appen är inte tillagd för dig, eller du är gäst från en annan organisation). Du nämns i kanalen i stället.',
      unknown: 'Du finns inte i partnerskapsfilen, så boten skickar inga aviseringar till dig.',
      on: 'På',
      off: 'Av',
      turnOn: (kind: string) => `Slå på aviseringar om ${kind}`,
      turnOff: (kind: string) => `Slå av aviseringar om ${kind}`,
      turnedOn: (kind: string) => `${kind}: på.`,
      turnedOff: (kind: string) => `${kind}: av.`,
      kinds: {
        newProposal: 'Nytt projektförslag som väntar på din kommuns svar',
        answerDeadlineSoon: 'Påminnelse före svarstiden när din kommun inte har svarat',
        gateSubmitted: 'Beslutsgrind inlämnad, när du får besluta den',
        gateDecided: 'Beslutsgrind beslutad i ett projekt som rör dig',
        projectCancelled: 'Projekt som rör dig avbrutet',
        memberJoined: 'En kommun går med i ett projekt som rör dig',
        memberLeft: 'En kommun lämnar ett projekt som rör dig',
        reportDone: 'Rapport skickad till medlemskommunerna',
        consultationOpened: 'Ny remiss som väntar på yttrande från din kommun eller organisation',
      } satisfies Record<NoticeKind, string>,
      /** What a button turns on or off, said so that it reads without the card around it. */
      short: {
        newProposal: 'nya projektförslag',
        answerDeadlineSoon: 'svarspåminnelser',
        gateSubmitted: 'inlämnade beslutsgrindar',
        gateDecided: 'beslutade beslutsgrindar',
        projectCancelled: 'avbrutna projekt',
        memberJoined: 'kommuner som går med i projekt',
        memberLeft: 'kommuner som lämnar projekt',
        reportDone: 'skickade rapporter',
        consultationOpened: 'nya remisser',
      } satisfies Record<NoticeKind, string>,
      deadlineNote: (days: number, time: string, preliminary: boolean) =>
        `Påminnelsen före svarstiden kommer ${days} arbetsdagar före sista svarsdagen kl. ${time}${preliminary ? ' (preliminärt: det står inte i avtalet och är ännu inte fastställt)' : ''}.`,
    },
  },
  en: {
    help: ['notices', 'What the bot writes to you personally; turn each kind off or on.'],
    personal: {
      newProposal: (p: ProjectWords, member: Md, deadline: string) =>
        `**New project proposal** ${p.id} «${p.title}» (${p.network}) waits for ${member}'s answer by ${deadline}. Answer with the buttons on the card.`,
      answerDeadlineSoon: (p: ProjectWords, member: Md, deadline: string) =>
        `**Reminder:** ${member} has not answered ${p.id} «${p.title}» (${p.network}). Answers close ${deadline}.`,
      gateSubmitted: (p: ProjectWords, gate: Md) => `**${gate} is submitted for decision** in ${p.id} «${p.title}» (${p.network}).`,
      gateApproved: (p: ProjectWords, gate: Md) => `**${gate} is approved** in ${p.id} «${p.title}» (${p.network}).`,
      gateSentBack: (p: ProjectWords, gate: Md, reason: Md) => `**${gate} is sent back** in ${p.id} «${p.title}» (${p.network})${reason ? `: ${reason}` : '.'}`,
      projectCancelled: (p: ProjectWords, reason: Md) => `**Project ${p.id} «${p.title}» is cancelled** (${p.network})${reason ? `: ${reason}` : '.'}`,
      memberJoined: (p: ProjectWords, member: Md) => `**${member} joins** ${p.id} «${p.title}» (${p.network}).`,
      memberLeft: (p: ProjectWords, member: Md) => `**${member} leaves** ${p.id} «${p.title}» (${p.network}).`,
      reportDone: (title: Md, link: Md | undefined) => `**${title} has been sent to the member municipalities.**${link ? ` ${link}` : ''}`,
      reportLink: 'The report',
      consultationOpened: (r: RoundWords, member: Md, answerDate: string) =>
        `**New consultation** ${r.id} «${r.subject}» waits for ${member}'s statement by ${answerDate}. Answer with the buttons on the card.`,
    },
    channel: {
      newProposal: (p: ProjectWords, deadline: string) => `**New project proposal** ${p.id} «${p.title}» (${p.network}). Answer by ${deadline}.`,
      answerDeadlineSoon: (p: ProjectWords, deadline: string) => `**Reminder:** answers to ${p.id} «${p.title}» (${p.network}) close ${deadline}.`,
      consultationOpened: (r: RoundWords, answerDate: string) => `**New consultation** ${r.id} «${r.subject}». Statements by ${answerDate}.`,
    },
    mention: {
      awaited: 'Waiting for an answer from',
      to: 'To',
      line: (member: Md, people: string) => `**${member}:** ${people}`,
      nobody: 'nobody in the partnership file',
    },
    prefs: {
      heading: 'Notices',
      intro: 'This is what the bot writes to you personally. Turn off what you do not want; the same button turns it on again.',
      personal: 'The bot has a personal chat with you: notices come here.',
      noPersonal: 'The bot cannot write to you personally yet (the app is not added for you, or you are a guest from another organisation). You are mentioned in the channel instead.',
      unknown: 'You are not in the partnership file, so the bot sends you no notices.',
      on: 'On',
      off: 'Off',
      turnOn: (kind: string) => `Turn on notices of ${kind}`,
      turnOff: (kind: string) => `Turn off notices of ${kind}`,
      turnedOn: (kind: string) => `${kind}: on.`,
      turnedOff: (kind: string) => `${kind}: off.`,
      kinds: {
        newProposal: "A new project proposal waiting for your municipality's answer",
        answerDeadlineSoon: 'A reminder before answers close when your municipality has not answered',
        gateSubmitted: 'A gate submitted, when you may decide it',
        gateDecided: 'A gate decided in a project that concerns you',
        projectCancelled: 'A project that concerns you cancelled',
        memberJoined: 'A municipality joining a project that concerns you',
        memberLeft: 'A municipality leaving a project that concerns you',
        reportDone: 'A report sent to the member municipalities',
        consultationOpened: 'A new consultation waiting for the statement of your municipality or organisation',
      } satisfies Record<NoticeKind, string>,
      short: {
        newProposal: 'new project proposals',
        answerDeadlineSoon: 'reminders before answers close',
        gateSubmitted: 'gates submitted',
        gateDecided: 'gates decided',
        projectCancelled: 'cancelled projects',
        memberJoined: 'municipalities joining projects',
        memberLeft: 'municipalities leaving projects',
        reportDone: 'reports sent',
        consultationOpened: 'new consultations',
      } satisfies Record<NoticeKind, string>,
      deadlineNote: (days: number, time: string, preliminary: boolean) =>
        `The reminder before answers close comes ${days} working days before the last day at ${time}${preliminary ? ' (preliminary: not in the agreement and not yet settled)' : ''}.`,
    },
  },
});
