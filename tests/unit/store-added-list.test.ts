import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyStore } from '../../src/store/schema.js';
import { Store } from '../../src/store/store.js';

/**
 * A list added to the store's schema after a snapshot was written (with a default, so the old file
 * still reads) must take records and keep them across a restart: the running bot journals the first
 * record as an append to the list, which the old snapshot does not hold.
 */
describe('a list the snapshot does not hold yet', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'samverkan-added-list-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads as empty, takes appends, and the journal with them opens again', async () => {
    const file = path.join(dir, 'store.json');
    const old: Record<string, unknown> = { ...emptyStore(), journalSeq: 0 };
    delete old.postedConsultationCards;
    await writeFile(file, JSON.stringify(old));

    const store = await Store.open(file);
    expect(store.data.postedConsultationCards).toEqual([]);
    await store.update((d) => void d.postedConsultationCards.push({ consultationId: 'R-2026-001', conversationId: 'c', activityId: 'a', postedAt: '2026-11-23T09:00:00.000Z' }));
    await store.close();

    const again = await Store.open(file);
    expect(again.data.postedConsultationCards.map((c) => c.consultationId)).toEqual(['R-2026-001']);
    await again.close();
  });
});
