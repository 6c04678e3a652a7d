import { featureTexts } from '../kit/texts.js';

/** Swedish possessive: "Habos", "Jönköpings"; a name ending in s, x or z takes no second s. */
const svOf = (name: string) => (/[sxz]$/i.test(name) ? name : `${name}s`);
const enOf = (name: string) => (/s$/i.test(name) ? `${name}'` : `${name}'s`);

export interface OverviewTexts {
  help: {
    municipality: readonly [string, string];
    overview: readonly [string, string];
    yearly: readonly [string, string];
    /** In a body whose members are not all municipalities. */
    municipalityOfBody: readonly [string, string];
    overviewOfBody: readonly [string, string];
    yearlyOfBody: readonly [string, string];
  };
  unknownPerson: string;
  noMember: string;
  unknownMunicipality: (typed: string, names: string) => string;
  /** In a body whose members are not all municipalities. */
  noMemberOfBody: (example: string) => string;
  refusedOfBody: string;
  unknownMember: (typed: string, names: string) => string;
  refused: string;
  unknownYear: (typed: string, first: number, last: number) => string;
  links: (year: number, html: string, csv: string) => string;
  municipality: {
    heading: (name: string) => string;
    intro: (year: number, date: string) => string;
    /** A member that is not a municipality: what waits for it. */
    memberIntro: (date: string, votes: boolean) => string;
    projectsHeading: (year: number) => string;
    noProjects: (year: number) => string;
    columns: { project: string; status: string; gate: string; share: (year: number) => string };
    sharesTotal: (year: number, amount: string) => string;
    sharesFootnote: string;
    /** A project the municipality left during the year: the status column's addition, and the footnote. */
    leftUntil: (lastDay: string) => string;
    leftFootnote: string;
    feeHeading: (year: number) => string;
    feeYear: string;
    feeQuarters: string;
    noFee: (year: number) => string;
    proposalsHeading: (name: string) => string;
    noProposals: (name: string) => string;
    proposalDeadline: (deadline: string) => string;
    decisionsHeading: (name: string) => string;
    noDecisions: (name: string) => string;
    decisionCloses: (closes: string, referred: boolean) => string;
    /** In a body whose every member votes: a referral is to the member's own deciding body. */
    decisionClosesOfBody: (closes: string, referred: boolean) => string;
    roundsHeading: (name: string) => string;
    noRounds: (name: string) => string;
    roundDate: (date: string, passed: boolean) => string;
    moreRounds: (n: number) => string;
    reportsHeading: string;
    noReports: string;
    report: (title: string, period: string) => string;
    reportSent: (date: string) => string;
    more: (n: number) => string;
  };
  gate: { passed: (gate: string) => string; pending: (gate: string) => string; none: string };
  noShare: string;
  overview: {
    heading: (year: number) => string;
    intro: (date: string) => string;
    portfolioHeading: string;
    groupHeading: (name: string, n: number) => string;
    groupEmpty: string;
    statusChart: (name: string, year: number) => string;
    gateLine: (parts: string) => string;
    gateNone: string;
    gatesHeading: string;
    gatesChart: (year: number) => string;
    participationHeading: string;
    participationChart: (year: number) => string;
    decisionsHeading: (year: number) => string;
    decisionsChart: (year: number) => string;
    noDecisions: (year: number) => string;
    decisionLine: (outcome: string, approved: number, total: number) => string;
    moneyHeading: string;
    moneyChart: (year: number) => string;
    moneyFootnote: string;
    yearlyHint: (year: number) => string;
    nothingYet: (year: number) => string;
  };
  yearly: {
    title: (year: number) => string;
    generated: (partnership: string, at: string) => string;
    contents: string;
    sections: { portfolio: string; projects: string; gates: string; decisions: string; participation: string; money: string };
    groupCaption: (name: string, year: number) => string;
    noProjects: string;
    noGates: string;
    noDecisions: string;
    columns: {
      id: string;
      title: string;
      group: string;
      status: string;
      gate: string;
      passed: string;
      participants: string;
      cost: string;
      date: string;
      project: string;
      gatePassed: string;
      question: string;
      kind: string;
      closes: string;
      outcome: string;
      approved: string;
      member: string;
      participates: string;
      declined: string;
      fee: string;
      shares: string;
      total: string;
      count: string;
    };
    totalRow: string;
    approvedOf: (n: string, total: string) => string;
    chartDesc: (pairs: string) => string;
    moneyNote: string;
    csvSections: { projects: string; gates: string; decisions: string; participation: string; money: string };
  };
}

export const texts = featureTexts<OverviewTexts>({
  sv: {
    help: {
      municipality: ['min kommun, kommun <namn>', 'En kommuns projekt, avgift och det som väntar på dess svar; alla kan se alla kommuner.'],
      overview: ['översikt [år]', 'Partnerskapets portfölj, deltagande, beslut och pengar, med diagram (samordnare och socialchefer).'],
      municipalityOfBody: ['min organisation, medlem <namn>', 'En medlems projekt, avgift och det som väntar på dess svar, röst eller yttrande; alla kan se alla medlemmar.'],
      overviewOfBody: ['översikt [år]', 'Portfölj, deltagande, beslut och pengar, med diagram (samordnare och medlemmarnas företrädare).'],
      yearly: ['årsöversikt <år>', 'Årets siffror som utskriftsvänlig sida och CSV, till verksamhetsberättelsen (samordnare och socialchefer).'],
      yearlyOfBody: ['årsöversikt <år>', 'Årets siffror som utskriftsvänlig sida och CSV, till verksamhetsberättelsen (samordnare och medlemmarnas företrädare).'],
    },
    unknownPerson: 'Du finns inte med i partnerskapets förteckning. Kontakta samordnaren.',
    noMember: 'Du hör inte till någon kommun. Skriv kommun och namnet, till exempel: kommun Habo.',
    unknownMunicipality: (typed, names) => `Det finns ingen kommun som heter ”${typed}” i partnerskapet. Kommunerna är: ${names}.`,
    noMemberOfBody: (example) => `Du är inte knuten till någon medlem. Skriv medlem och namnet, till exempel: medlem ${example}.`,
    refusedOfBody: 'Översikten och årsöversikten är för samordnare, socialchefer och medlemmarnas företrädare. En medlems läge ser du med: medlem och namnet.',
    unknownMember: (typed, names) => `Det finns ingen medlem som heter ”${typed}”. Medlemmarna är: ${names}.`,
    refused: 'Översikten och årsöversikten är för samordnare och socialchefer. Din kommuns läge ser du med: min kommun.',
    unknownYear: (typed, first, last) => `Det finns ingen översikt för ”${typed}”: skriv ett år från ${first} till ${last}, till exempel årsöversikt ${last}.`,
    links: (year, html, csv) => `Årsöversikt ${year}: [utskriftsvänlig sida](${html}) · [Excel (CSV)](${csv}). Länkarna gäller i 24 timmar.`,
    municipality: {
      heading: (name) => `${name} i partnerskapet`,
      intro: (year, date) => `Kommunens del ${year}, läget ${date}.`,
      memberIntro: (date, votes) => `Det som väntar på medlemmens ${votes ? 'röst och yttrande' : 'yttrande'}, läget ${date}.`,
      projectsHeading: (year) => `Projekt som kommunen deltar i ${year}`,
      noProjects: (year) => `Kommunen deltar inte i något projekt ${year}.`,
      columns: { project: 'Projekt', status: 'Status', gate: 'Grind', share: (year) => `Andel ${year}` },
      sharesTotal: (year, amount) => `Kommunens andelar av projektens kostnad ${year}: ${amount}`,
      sharesFootnote:
        'Andelen är kommunens del av projektets beräknade kostnad, fördelad efter befolkning mellan de deltagande kommunerna. Den räknas för projekt som kan starta, pågår eller avslutas under året.',
      leftUntil: (lastDay) => `deltog t.o.m. ${lastDay}`,
      leftFootnote: 'Ett projekt som kommunen lämnade under året står utan andel: projektets kort visar vem som bar vilken andel under vilken period.',
      feeHeading: (year) => `Gemensam avgift ${year}`,
      feeYear: 'Helår',
      feeQuarters: 'Per kvartal, i förskott',
      noFee: (year) => `Ingen gemensam avgift för ${year} i partnerskapets konfiguration.`,
      proposalsHeading: (name) => `Förslag som väntar på ${svOf(name)} svar`,
      noProposals: (name) => `Inget förslag väntar på svar från ${name}.`,
      proposalDeadline: (deadline) => ` — svara senast ${deadline}`,
      decisionsHeading: (name) => `Beslut som väntar på ${svOf(name)} röst`,
      noDecisions: (name) => `Inget beslut väntar på ${svOf(name)} röst.`,
      decisionCloses: (closes, referred) => ` — ${referred ? 'hos nämnden, ' : ''}röstningen stänger ${closes}`,
      decisionClosesOfBody: (closes, referred) => ` — ${referred ? 'hos eget beslutsorgan, ' : ''}röstningen stänger ${closes}`,
      roundsHeading: (name) => `Remisser som väntar på ${svOf(name)} yttrande`,
      noRounds: (name) => `Ingen remiss väntar på ${svOf(name)} yttrande.`,
      roundDate: (date, passed) => (passed ? ` — svarsdatumet ${date} har passerat` : ` — svara senast ${date}`),
      moreRounds: (n) => `… och ${n} till: skriv remisser för att se alla.`,
      reportsHeading: 'Rapporter till medlemskommunerna',
      noReports: 'Ingen rapport är markerad som skickad i år eller i fjol.',
      report: (title, period) => `${title} (${period})`,
      reportSent: (date) => ` — skickad ${date}`,
      more: (n) => `… och ${n} till: hela listan finns i årsöversikten.`,
    },
    gate: { passed: (gate) => `${gate} godkänd`, pending: (gate) => `${gate} väntar på beslut`, none: 'Ingen än' },
    noShare: '–',
    overview: {
      heading: (year) => `Översikt ${year}`,
      intro: (date) => `Partnerskapets läge ${date}. Varje diagram har sina siffror som text i appar som inte ritar diagram.`,
      portfolioHeading: 'Portfölj per taktisk styrgrupp',
      groupHeading: (name, n) => `${name}: ${n} projekt`,
      groupEmpty: 'Inga projekt i år.',
      statusChart: (name, year) => `${name}: projekt efter status ${year}`,
      gateLine: (parts) => `Senast godkända grind — ${parts}.`,
      gateNone: 'ingen än',
      gatesHeading: 'Grindar',
      gatesChart: (year) => `Godkända grindar ${year}, antal per grind`,
      participationHeading: 'Deltagande per kommun',
      participationChart: (year) => `Antal projekt som varje kommun deltar i ${year}`,
      decisionsHeading: (year) => `Beslut ${year} och utfall`,
      decisionsChart: (year) => `Beslut ${year} efter utfall`,
      noDecisions: (year) => `Inga beslut öppnade ${year}.`,
      decisionLine: (outcome, approved, total) => ` — ${outcome} (${approved} av ${total} godkände)`,
      moneyHeading: 'Pengar per kommun',
      moneyChart: (year) => `Avgift och projektandelar per kommun ${year}, kronor`,
      moneyFootnote: 'Kommunens del av den gemensamma avgiften plus dess andelar av projektens beräknade kostnad. En kommuns delar: skriv kommun och namnet, till exempel kommun Habo.',
      yearlyHint: (year) => `Hela året som utskriftsvänlig sida och CSV: skriv årsöversikt ${year}.`,
      nothingYet: (year) => `Inget att visa för ${year} än: alla siffror är 0.`,
    },
    yearly: {
      title: (year) => `Årsöversikt ${year}`,
      generated: (partnership, at) => `${partnership}. Sammanställd ur Samverkan ${at}.`,
      contents: 'Innehåll',
      sections: {
        portfolio: 'Portfölj per taktisk styrgrupp',
        projects: 'Projekt under året',
        gates: 'Grindar godkända under året',
        decisions: 'Beslut och utfall',
        participation: 'Deltagande per kommun',
        money: 'Pengar per kommun',
      },
      groupCaption: (name, year) => `${name}: projekt efter status ${year}`,
      noProjects: 'Inga projekt under året.',
      noGates: 'Ingen grind godkändes under året.',
      noDecisions: 'Inga beslut öppnades under året.',
      columns: {
        id: 'Nummer',
        title: 'Titel',
        group: 'Styrgrupp',
        status: 'Status',
        gate: 'Senast godkända grind',
        passed: 'Godkänt under året',
        participants: 'Deltagande kommuner',
        cost: 'Beräknad kostnad (kr)',
        date: 'Datum',
        project: 'Projekt',
        gatePassed: 'Grind',
        question: 'Fråga',
        kind: 'Typ',
        closes: 'Röstningen stänger',
        outcome: 'Utfall',
        approved: 'Godkänt av',
        member: 'Kommun',
        participates: 'Deltar i projekt',
        declined: 'Avböjt',
        fee: 'Gemensam avgift (kr)',
        shares: 'Projektandelar (kr)',
        total: 'Summa (kr)',
        count: 'Antal',
      },
      totalRow: 'Totalt',
      approvedOf: (n, total) => `${n} av ${total}`,
      chartDesc: (pairs) => `Siffrorna i diagrammet: ${pairs}. Samma siffror står i tabellen nedan.`,
      moneyNote:
        'Projektandelen är kommunens del av projektens beräknade kostnad, fördelad efter befolkning mellan de deltagande kommunerna, för projekt som kan starta, pågår eller avslutas under året. Avgiften är fördelad efter befolkning i hela kronor.',
      csvSections: { projects: 'Projekt', gates: 'Grindar godkända', decisions: 'Beslut och utfall', participation: 'Deltagande per kommun', money: 'Pengar per kommun' },
    },
  },
  en: {
    help: {
      municipality: ['my municipality, municipality <name>', 'A municipality’s projects, fee and what waits for its answer; anyone may look at any municipality.'],
      overview: ['overview [year]', 'The partnership’s portfolio, participation, decisions and money, with charts (coordinators and chiefs).'],
      yearly: ['annual overview <year>', 'The year’s figures as a printable page and CSV, for the annual report (coordinators and chiefs).'],
      municipalityOfBody: ['my organisation, member <name>', 'A member’s projects, fee and what waits for its answer, vote or statement; anyone may look at any member.'],
      overviewOfBody: ['overview [year]', 'Portfolio, participation, decisions and money, with charts (coordinators and members’ representatives).'],
      yearlyOfBody: ['annual overview <year>', 'The year’s figures as a printable page and CSV, for the annual report (coordinators and members’ representatives).'],
    },
    unknownPerson: 'You are not in the partnership’s list of people. Contact the coordinator.',
    noMember: 'You do not belong to a municipality. Write municipality and the name, e.g.: municipality Habo.',
    unknownMunicipality: (typed, names) => `No municipality called “${typed}” is in the partnership. The municipalities are: ${names}.`,
    noMemberOfBody: (example) => `You are not linked to any member. Write member and the name, e.g.: member ${example}.`,
    refusedOfBody: 'The overview and the annual overview are for coordinators, chiefs and the members’ representatives. A member’s part: member and the name.',
    unknownMember: (typed, names) => `No member is called “${typed}”. The members are: ${names}.`,
    refused: 'The overview and the annual overview are for coordinators and chiefs. Your municipality’s part: my municipality.',
    unknownYear: (typed, first, last) => `There is no overview for “${typed}”: write a year from ${first} to ${last}, e.g. annual overview ${last}.`,
    links: (year, html, csv) => `Annual overview ${year}: [printable page](${html}) · [Excel (CSV)](${csv}). The links are valid for 24 hours.`,
    municipality: {
      heading: (name) => `${name} in the partnership`,
      intro: (year, date) => `The municipality’s part in ${year}, as of ${date}.`,
      memberIntro: (date, votes) => `What waits for the member’s ${votes ? 'vote and statement' : 'statement'}, as of ${date}.`,
      projectsHeading: (year) => `Projects the municipality takes part in, ${year}`,
      noProjects: (year) => `The municipality takes part in no project in ${year}.`,
      columns: { project: 'Project', status: 'Status', gate: 'Gate', share: (year) => `Share ${year}` },
      sharesTotal: (year, amount) => `The municipality’s shares of project costs in ${year}: ${amount}`,
      sharesFootnote:
        'The share is the municipality’s part of the project’s estimated cost, split by population between the participating municipalities. It counts for projects that can start, run or finish during the year.',
      leftUntil: (lastDay) => `took part until ${lastDay}`,
      leftFootnote: 'A project the municipality left during the year has no share here: the project’s card shows who carried which share for which period.',
      feeHeading: (year) => `Joint fee ${year}`,
      feeYear: 'Whole year',
      feeQuarters: 'Per quarter, in advance',
      noFee: (year) => `No joint fee for ${year} in the partnership’s configuration.`,
      proposalsHeading: (name) => `Proposals waiting for ${enOf(name)} answer`,
      noProposals: (name) => `No proposal waits for an answer from ${name}.`,
      proposalDeadline: (deadline) => ` — answer by ${deadline}`,
      decisionsHeading: (name) => `Decisions waiting for ${enOf(name)} vote`,
      noDecisions: (name) => `No decision waits for ${enOf(name)} vote.`,
      decisionCloses: (closes, referred) => ` — ${referred ? 'with the committee, ' : ''}voting closes ${closes}`,
      decisionClosesOfBody: (closes, referred) => ` — ${referred ? 'with its own deciding body, ' : ''}voting closes ${closes}`,
      roundsHeading: (name) => `Consultations waiting for ${enOf(name)} statement`,
      noRounds: (name) => `No consultation waits for ${enOf(name)} statement.`,
      roundDate: (date, passed) => (passed ? ` — the answer date ${date} has passed` : ` — answer by ${date}`),
      moreRounds: (n) => `… and ${n} more: write consultations to see them all.`,
      reportsHeading: 'Reports to the member municipalities',
      noReports: 'No report is marked as sent this year or last year.',
      report: (title, period) => `${title} (${period})`,
      reportSent: (date) => ` — sent ${date}`,
      more: (n) => `… and ${n} more: the full list is in the annual overview.`,
    },
    gate: { passed: (gate) => `${gate} approved`, pending: (gate) => `${gate} awaits decision`, none: 'None yet' },
    noShare: '–',
    overview: {
      heading: (year) => `Overview ${year}`,
      intro: (date) => `The partnership as of ${date}. Every chart has its figures as text in apps that do not draw charts.`,
      portfolioHeading: 'Portfolio per tactical steering group',
      groupHeading: (name, n) => `${name}: ${n} ${n === 1 ? 'project' : 'projects'}`,
      groupEmpty: 'No projects this year.',
      statusChart: (name, year) => `${name}: projects by status, ${year}`,
      gateLine: (parts) => `Last gate approved — ${parts}.`,
      gateNone: 'none yet',
      gatesHeading: 'Gates',
      gatesChart: (year) => `Gates approved in ${year}, count per gate`,
      participationHeading: 'Participation per municipality',
      participationChart: (year) => `Number of projects each municipality takes part in, ${year}`,
      decisionsHeading: (year) => `Decisions ${year} and outcomes`,
      decisionsChart: (year) => `Decisions ${year} by outcome`,
      noDecisions: (year) => `No decisions opened in ${year}.`,
      decisionLine: (outcome, approved, total) => ` — ${outcome} (${approved} of ${total} approved)`,
      moneyHeading: 'Money per municipality',
      moneyChart: (year) => `Fee and project shares per municipality, ${year}, SEK`,
      moneyFootnote: 'The municipality’s part of the joint fee plus its shares of the projects’ estimated cost. One municipality’s parts: write municipality and the name, e.g. municipality Habo.',
      yearlyHint: (year) => `The whole year as a printable page and CSV: write annual overview ${year}.`,
      nothingYet: (year) => `Nothing to show for ${year} yet: every figure is 0.`,
    },
    yearly: {
      title: (year) => `Annual overview ${year}`,
      generated: (partnership, at) => `${partnership}. Compiled from Samverkan ${at}.`,
      contents: 'Contents',
      sections: {
        portfolio: 'Portfolio per tactical steering group',
        projects: 'Projects during the year',
        gates: 'Gates approved during the year',
        decisions: 'Decisions and outcomes',
        participation: 'Participation per municipality',
        money: 'Money per municipality',
      },
      groupCaption: (name, year) => `${name}: projects by status, ${year}`,
      noProjects: 'No projects during the year.',
      noGates: 'No gate was approved during the year.',
      noDecisions: 'No decisions were opened during the year.',
      columns: {
        id: 'Number',
        title: 'Title',
        group: 'Steering group',
        status: 'Status',
        gate: 'Last gate approved',
        passed: 'Approved during the year',
        participants: 'Participating municipalities',
        cost: 'Estimated cost (SEK)',
        date: 'Date',
        project: 'Project',
        gatePassed: 'Gate',
        question: 'Question',
        kind: 'Kind',
        closes: 'Voting closes',
        outcome: 'Outcome',
        approved: 'Approved by',
        member: 'Municipality',
        participates: 'Takes part in',
        declined: 'Declined',
        fee: 'Joint fee (SEK)',
        shares: 'Project shares (SEK)',
        total: 'Total (SEK)',
        count: 'Count',
      },
      totalRow: 'Total',
      approvedOf: (n, total) => `${n} of ${total}`,
      chartDesc: (pairs) => `The chart’s figures: ${pairs}. The same figures are in the table below.`,
      moneyNote:
        'The project share is the municipality’s part of the projects’ estimated cost, split by population between the participating municipalities, for projects that can start, run or finish during the year. The fee is split by population in whole kronor.',
      csvSections: { projects: 'Projects', gates: 'Gates approved', decisions: 'Decisions and outcomes', participation: 'Participation per municipality', money: 'Money per municipality' },
    },
  },
});
