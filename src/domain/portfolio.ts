/**
 * Portfolios (domain brief: each tactical steering group has its own project portfolio). Only a network
 * the partnership file marks `ownsPortfolio` owns projects and decides their gates; a proposal made in
 * another network names the group that owns it. A file from before the mark (no network marked) keeps
 * working as it did: every network but the steering group owns projects.
 */

export interface PortfolioNetwork {
  id: string;
  kind: 'steeringGroup' | 'tacticalSteeringGroup' | 'network';
  ownsPortfolio?: boolean;
}

/** The networks that own a project portfolio, in the file's order. */
export function portfolioNetworks<N extends PortfolioNetwork>(networks: readonly N[]): N[] {
  const marked = networks.filter((n) => n.ownsPortfolio);
  return marked.length ? marked : networks.filter((n) => n.kind !== 'steeringGroup');
}

export function ownsPortfolio(networks: readonly PortfolioNetwork[], networkId: string): boolean {
  return portfolioNetworks(networks).some((n) => n.id === networkId);
}

/**
 * The group that owns a proposal: the one it names, else the network it was made in when that owns a
 * portfolio (a proposal stored before portfolios); undefined when it has none (it must name one).
 */
export function owningNetworkOf(proposal: { networkId: string; ownerNetworkId?: string | undefined }, networks: readonly PortfolioNetwork[]): string | undefined {
  if (proposal.ownerNetworkId) return proposal.ownerNetworkId;
  return ownsPortfolio(networks, proposal.networkId) ? proposal.networkId : undefined;
}
