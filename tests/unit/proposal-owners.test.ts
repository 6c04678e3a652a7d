import { describe, expect, it } from 'vitest';
import { assignProposalOwners } from '../../src/store/proposal-owners.js';

const PORTFOLIOS = ['ifo', 'aldreomsorg', 'hsv', 'funktionsstod'];

describe('stored proposals get their owning group (issue 15 item 6)', () => {
  it.each([
    ['made in a portfolio network: that network', { id: 'P-2026-001', networkId: 'aldreomsorg' }, 'aldreomsorg', []],
    ['already owned: kept', { id: 'P-2026-002', networkId: 'psykiatri', ownerNetworkId: 'hsv' }, 'hsv', []],
    ['made in a network without a portfolio: none, listed', { id: 'P-2026-003', networkId: 'psykiatri' }, undefined, ['P-2026-003']],
  ])('%s', (_name, proposal, owner, unowned) => {
    const raw = { schemaVersion: 2, proposals: [proposal], votes: [] };
    const frozen = JSON.stringify(raw);
    const out = assignProposalOwners(raw, PORTFOLIOS);
    expect((out.store.proposals as { ownerNetworkId?: string }[])[0]!.ownerNetworkId).toBe(owner);
    expect(out.unowned).toEqual(unowned);
    expect(out.store.votes).toBe(raw.votes);
    expect(JSON.stringify(raw)).toBe(frozen);
  });

  it('a store without proposals is left as it is', () => {
    const raw = { schemaVersion: 2 };
    expect(assignProposalOwners(raw, PORTFOLIOS)).toEqual({ store: raw, unowned: [] });
  });
});
