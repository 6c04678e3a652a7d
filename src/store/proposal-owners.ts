/**
 * A store step for portfolios (issue #15 item 6), for the lead to wire into MIGRATIONS: each stored
 * proposal without an owning group gets the network it was made in, when that network owns a
 * portfolio (`portfolios`: the ids of the partnership file's portfolio networks). A proposal made in
 * a network without one keeps no owner: nothing says which group it belongs to, so its card asks for
 * one ("Ägande styrgrupp: Saknas", chosen with Ändra förslag) and its gates wait for it. Reading a
 * store without the step gives the same owners (domain/portfolio.ts); the step writes them down, so a
 * later change of the file's portfolios does not move a project to another group.
 *
 * Pure: returns a new store object and changes nothing it is given; the proposals it could not give
 * an owner are listed, for the log.
 */

type Raw = Record<string, unknown>;

export function assignProposalOwners(raw: Raw, portfolios: readonly string[]): { store: Raw; unowned: string[] } {
  if (!Array.isArray(raw.proposals)) return { store: raw, unowned: [] };
  const unowned: string[] = [];
  const proposals = raw.proposals.map((p: Raw) => {
    if (typeof p.ownerNetworkId === 'string' && p.ownerNetworkId) return p;
    if (typeof p.networkId === 'string' && portfolios.includes(p.networkId)) return { ...p, ownerNetworkId: p.networkId };
    unowned.push(String(p.id));
    return p;
  });
  return { store: { ...raw, proposals }, unowned };
}
