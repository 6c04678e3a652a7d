import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Partnership, Person } from '../../src/config/partnership.js';
import { recordGateEvent } from '../../src/store/gates.js';
import { createProposal, recordAnswer } from '../../src/store/repository.js';
import { Store } from '../../src/store/store.js';
import { loadRealPartnership, person, PROPOSAL_DRAFT } from './_support.js';

/** The store appends what the rules decide, judged inside its write queue: presses at once see each other. */

const NOW = new Date('2026-06-01T08:00:00Z');
const DRAFT = PROPOSAL_DRAFT;

let partnership: Partnership;
let chiefEksjo: Person;
let deputyEksjo: Person;
let coordinator: Person;
beforeAll(async () => {
  partnership = await loadRealPartnership();
  chiefEksjo = person(partnership, 'chief-eksjo');
  deputyEksjo = person(partnership, 'deputy-eksjo');
  coordinator = person(partnership, 'anna-lindqvist');
});

let dir: string;
let store: Store;
let proposalId: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'samverkan-decided-'));
  store = await Store.open(path.join(dir, 'store.json'));
  proposalId = (await createProposal(store, { draft: DRAFT, by: coordinator, year: 2026, now: NOW })).proposal.id;
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('rules judged inside the write queue', () => {
  it('the same answer pressed by two people at once: recorded once, the other unchanged', async () => {
    const press = (p: Person, activityId: string) =>
      recordAnswer(store, { proposalId, memberId: 'eksjo', answer: 'participates', person: p, capacity: 'socialChief', now: NOW, activityId, stillOpen: () => true });
    expect(await Promise.all([press(chiefEksjo, 'a1'), press(deputyEksjo, 'a2')])).toEqual(['recorded', 'unchanged']);
    expect(store.data.participation.map((r) => r.activityId)).toEqual(['a1']);
  });

  it('a gate decision queued behind the submit it needs is judged after it, not refused early', async () => {
    const submit = recordGateEvent(store, proposalId, { kind: 'submit', gate: 'BG0', at: NOW.toISOString(), by: 'aldre-jonkoping', document: { title: 'Projektdirektiv', url: 'https://exempel.se/bg0.docx' } }, 'g1');
    const approve = recordGateEvent(store, proposalId, { kind: 'approve', gate: 'BG0', at: NOW.toISOString(), by: 'anna-lindqvist' }, 'g2');
    const sendBack = recordGateEvent(store, proposalId, { kind: 'sendBack', gate: 'BG0', at: NOW.toISOString(), by: 'anna-lindqvist', reason: 'Komplettera' }, 'g3');
    expect(await Promise.all([submit, approve, sendBack])).toEqual([{ ok: true }, { ok: true }, { ok: false, reason: 'notPending' }]);
    expect(store.data.gateEvents.map((e) => [e.kind, e.activityId])).toEqual([['submit', 'g1'], ['approve', 'g2']]);
  });
});
