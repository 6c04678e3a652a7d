import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import type { Activity, CloudAdapter } from 'botbuilder';
import { Notifier } from '../../src/teams/notify.js';
import { createLogger } from '../../src/log.js';
import type { Store } from '../../src/store/store.js';

const card = (text: string): Partial<Activity> => ({
  type: 'message',
  summary: 'P-2026-001',
  attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text }] } }],
});

/** A Notifier on a fake adapter that records each update it is asked to send, and can be made to refuse them. */
function fakeNotifier() {
  const updates: { conversationId: string; id?: string; text: string }[] = [];
  const logs: string[] = [];
  let refuse = false;
  const adapter = {
    continueConversationAsync: async (_appId: string, reference: { conversation: { id: string } }, logic: (context: unknown) => Promise<void>) => {
      await logic({
        updateActivity: async (a: Partial<Activity>) => {
          if (refuse) throw Object.assign(new Error('Bad Request'), { statusCode: 400 });
          updates.push({ conversationId: reference.conversation.id, id: a.id, text: JSON.stringify(a.attachments) });
        },
      });
    },
  } as unknown as CloudAdapter;
  const store = { data: { conversations: ['c1', 'c2'].map((id) => ({ id, reference: { conversation: { id } } })) } } as unknown as Store;
  const sink = new Writable({ write: (chunk, _enc, done) => (logs.push(String(chunk)), done()) });
  const notifier = new Notifier(adapter, 'app', store, createLogger('debug', sink), async () => undefined);
  return { notifier, updates, logs, refuse: (on: boolean) => (refuse = on) };
}

describe('Notifier.update: a copy is not sent what it already shows', () => {
  it('sends a change once; the same content again is not sent, a different one is', async () => {
    const { notifier, updates, logs } = fakeNotifier();
    expect(await notifier.update('c1', 'm1', card('1 av 13'))).toBe(true);
    expect(await notifier.update('c1', 'm1', card('1 av 13'))).toBe(true);
    expect(updates).toHaveLength(1);
    expect(logs.join('')).toContain('card copy already up to date');
    // Another copy with the same content is its own copy.
    await notifier.update('c2', 'm1', card('1 av 13'));
    await notifier.update('c1', 'm2', card('1 av 13'));
    expect(updates.map((u) => `${u.conversationId}/${u.id}`)).toEqual(['c1/m1', 'c2/m1', 'c1/m2']);
    await notifier.update('c1', 'm1', card('2 av 13'));
    await notifier.update('c1', 'm1', card('1 av 13'));
    expect(updates.map((u) => u.text.includes('2 av 13'))).toEqual([false, false, false, true, false]);
  });

  it('a copy marked as showing some content is not sent it, but is sent anything else', async () => {
    const { notifier, updates } = fakeNotifier();
    notifier.markShown('c1', 'm1', card('2 av 13'));
    await notifier.update('c1', 'm1', card('2 av 13'));
    expect(updates).toEqual([]);
    await notifier.update('c1', 'm1', card('3 av 13'));
    expect(updates).toHaveLength(1);
  });

  it('after a failed update the copy counts as unknown: the same content is tried again', async () => {
    const { notifier, updates, refuse } = fakeNotifier();
    await notifier.update('c1', 'm1', card('1 av 13'));
    refuse(true);
    expect(await notifier.update('c1', 'm1', card('2 av 13'))).toBe(false);
    refuse(false);
    expect(await notifier.update('c1', 'm1', card('2 av 13'))).toBe(true);
    expect(updates.map((u) => u.text.includes('2 av 13'))).toEqual([false, true]);
  });

  it('an update that finishes after a newer mark leaves the copy to be updated again (the newer content may not be on it)', async () => {
    const { notifier, updates } = fakeNotifier();
    const sending = notifier.update('c1', 'm1', card('1 av 13'));
    notifier.markShown('c1', 'm1', card('2 av 13'));
    await sending;
    await notifier.update('c1', 'm1', card('2 av 13'));
    expect(updates.map((u) => u.text.includes('2 av 13'))).toEqual([false, true]);
  });
});
