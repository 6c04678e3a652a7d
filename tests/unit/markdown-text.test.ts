import { describe, expect, it } from 'vitest';
import { escapeMarkdown, safeLink, safeUrl } from '../../src/domain/text.js';

/** What a Markdown link or an HTML tag/mention made from user input looks like once it survived. */
const LIVE_LINK = /(?<!\\)\[[^\]]*(?<!\\)\]\(/;
const LIVE_TAG = /<\/?[a-z]/i;

describe('escapeMarkdown: user text shows literally in Teams Markdown', () => {
  it.each([
    ['[x](https://evil.example)', '\\[x\\](https://evil.example)'],
    ['[klicka](javascript:alert(1))', '\\[klicka\\](javascript:alert(1))'],
    ['<at>Boss</at>', '&lt;at&gt;Boss&lt;/at&gt;'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['&lt;at&gt;', '&amp;lt;at&amp;gt;'],
    ['**fet**', '\\*\\*fet\\*\\*'],
    ['_kursiv_', '\\_kursiv\\_'],
    ['~~struken~~', '\\~\\~struken\\~\\~'],
    ['`kod`', '\\`kod\\`'],
    ['a | b', 'a \\| b'],
    ['C:\\Projekt\\fil.docx', 'C:\\\\Projekt\\\\fil.docx'],
    ['# Rubrik', '\\# Rubrik'],
    ['## Rubrik', '\\## Rubrik'],
    ['> citat', '&gt; citat'],
    ['- punkt', '\\- punkt'],
    ['+ punkt', '\\+ punkt'],
    ['---', '\\---'],
    ['1. första', '1\\. första'],
    ['12) tolfte', '12\\) tolfte'],
    ['rad ett\n# rad två\n2. tre', 'rad ett\n\\# rad två\n2\\. tre'],
    ['Rubrik\n===', 'Rubrik\n\\==='],
    // Harmless text is left as it is.
    ['Trygg hemgång för äldre – 2026.', 'Trygg hemgång för äldre – 2026.'],
    ['Hälso- och sjukvård (Region Jönköpings län)', 'Hälso- och sjukvård (Region Jönköpings län)'],
    ['-5 kr eller 1.5 miljoner', '-5 kr eller 1.5 miljoner'],
    ['Åre, Örebro & Älmhult!', 'Åre, Örebro & Älmhult!'],
    ['👩‍💻 🇸🇪 😀', '👩‍💻 🇸🇪 😀'],
    ['https://samverkan.example.se/BG0.docx', 'https://samverkan.example.se/BG0.docx'],
    ['§ 42, SN 2026/123', '§ 42, SN 2026/123'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it('leaves no link and no tag alive, whatever the text', () => {
    for (const hostile of ['[a](b)', '![img](https://x/y.png)', '<a href="javascript:x">y</a>', '<at>Samverkan</at>', '[[x]](y)', '\\[x](y)']) {
      expect(escapeMarkdown(hostile)).not.toMatch(LIVE_LINK);
      expect(escapeMarkdown(hostile)).not.toMatch(LIVE_TAG);
    }
  });

  it('escapes < and > with backslashes for documents, and can leave line starts alone inside a line', () => {
    expect(escapeMarkdown('# <b>x</b>', { angles: 'backslash', lineStarts: false })).toBe('# \\<b\\>x\\</b\\>');
  });
});

describe('safeUrl and safeLink: a document link only when it is https', () => {
  it.each([
    ['https://samverkan.example.se/BG0.docx', 'https://samverkan.example.se/BG0.docx'],
    ['https://samverkan.example.se/a b(1).docx', 'https://samverkan.example.se/a%20b%281%29.docx'],
    ['https://x.example/a)](javascript:alert(1))', 'https://x.example/a%29%5D%28javascript:alert%281%29%29'],
    ['javascript:alert(1)', undefined],
    ['JavaScript:alert(1)', undefined],
    ['data:text/html,<b>x</b>', undefined],
    ['http://samverkan.example.se/BG0.docx', undefined],
    ['file:///etc/passwd', undefined],
    ['//evil.example/x', undefined],
    ['https://', undefined],
    ['inte en länk', undefined],
  ])('safeUrl(%j) is %j', (url, expected) => {
    expect(safeUrl(url)).toBe(expected);
  });

  it('builds the link from an escaped title, or shows the title alone', () => {
    expect(safeLink('Dokument: Plan', 'https://a.example/p.docx')).toBe('[Dokument: Plan](https://a.example/p.docx)');
    expect(safeLink('Dokument: x](javascript:alert(1)) [y', 'https://a.example/p.docx')).toBe('[Dokument: x\\](javascript:alert(1)) \\[y](https://a.example/p.docx)');
    expect(safeLink('[link](javascript:alert(1))', 'javascript:alert(1)')).toBe('\\[link\\](javascript:alert(1))');
    expect(safeLink('Plan', 'data:text/html,x')).toBe('Plan');
    expect(safeLink('Plan', 'http://a.example/p.docx')).toBe('Plan');
    expect(safeLink('<at>Boss</at>', 'https://a.example/')).toBe('[&lt;at&gt;Boss&lt;/at&gt;](https://a.example/)');
  });
});
