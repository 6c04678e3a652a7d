import { describe, expect, it } from 'vitest';
import { cleanText, isBlank } from '../../src/domain/text.js';
import { checkProposalForm } from '../../src/domain/proposal.js';
import { checkDecisionForm } from '../../src/domain/decision-form.js';
import { applyGateEvent } from '../../src/domain/gates.js';
import { loadRealPartnership } from './_support.js';

describe('free text from forms', () => {
  it.each([
    ['', true],
    ['   ', true],
    ['\u200b', true],
    ['\u200b\u200c\u200d\u2060\ufeff', true],
    ['\u202e\u202d', true],
    ['\u00ad', true],
    ['\ud800', true],
    ['\u0000\u0007', true],
    ['\u00a0\u3000', true],
    ['a', false],
    ['👩‍💻', false],
    ['Trygg hemgång', false],
  ])('isBlank(%j) is %s', (text, blank) => {
    expect(isBlank(text)).toBe(blank);
  });

  it('cleanText drops controls, direction overrides, BOMs and broken surrogates, keeps joiners and line breaks', () => {
    expect(cleanText('  Trygg\u202e hemgång\u0007 ')).toBe('Trygg hemgång');
    expect(cleanText('\ufeffRad 1\nRad 2\ud800')).toBe('Rad 1\nRad 2');
    expect(cleanText('👩‍💻 Digital')).toBe('👩‍💻 Digital');
  });

  it('a form field holding only invisible characters counts as empty', async () => {
    const partnership = await loadRealPartnership();
    const result = checkProposalForm(
      {
        title: '\u200b\u202e',
        background: 'Bakgrund',
        goals: 'Mål',
        regionalValue: 'Värde',
        networkId: 'aldreomsorg',
        contactPersonId: 'aldre-jonkoping',
        plannedStart: '',
        estimatedCostSek: '',
        jointFundsRequested: 'false',
        jointFundsSek: '',
        answerDeadline: '2026-12-30',
      } as never,
      partnership,
      '2026-11-23',
    );
    expect(result).toMatchObject({ ok: false, errors: { title: 'required' } });
    const decision = checkDecisionForm({ question: '\u200b', kind: 'other', background: '', amountSek: '', closesDate: '2026-12-10', closesTime: '16:00' } as never, new Date('2026-11-23T09:00:00Z'), 'Europe/Stockholm');
    expect(decision).toMatchObject({ ok: false, errors: { question: 'required' } });
    const pending = { passed: [], pending: 'BG0', cancelled: false } as never;
    expect(applyGateEvent(pending, { kind: 'sendBack', gate: 'BG0', reason: '\u200b\u2060' } as never)).toEqual({ ok: false, reason: 'reasonRequired' });
    expect(applyGateEvent(pending, { kind: 'cancel', reason: '\u202e' } as never)).toEqual({ ok: false, reason: 'reasonRequired' });
  });
});
