import type { Md } from '../../domain/text.js';
import { featureTexts } from '../kit/texts.js';

export const texts = featureTexts({
  sv: {
    consultationsHeading: (member: string) => `Remisser som väntar på yttrande från ${member}`,
    consultationLine: (id: string, subject: Md, date: string, passed: boolean) =>
      `**${id}** ${subject} — ${passed ? `svarsdatumet ${date} har passerat; svara snarast eller kontakta samordnaren` : `svara senast ${date}`}`,
  },
  en: {
    consultationsHeading: (member: string) => `Consultations waiting for a statement from ${member}`,
    consultationLine: (id: string, subject: Md, date: string, passed: boolean) =>
      `**${id}** ${subject} — ${passed ? `the answer date ${date} has passed; answer soon or contact the coordinator` : `answer by ${date}`}`,
  },
});
