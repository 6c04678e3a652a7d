import { constants } from 'node:fs';
import { copyFile, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { syncDirectory } from './durable-file.js';
import { assignProposalOwners } from './proposal-owners.js';

/**
 * Store schema migrations, one step per version. A store written by an older bot is copied to a
 * backup beside it (`store.json.v1.bak`) before it is migrated and written back in the new version.
 */

type Raw = Record<string, unknown>;

/** What a step may need from the partnership file, and where it tells what it could not do (for the log). */
export interface MigrationContext {
  /** The ids of the networks that own a project portfolio (domain/portfolio.ts portfolioNetworks). */
  portfolios: readonly string[];
  notes: string[];
}

/** `MIGRATIONS[n]` turns a version-n store into a version-(n+1) store. */
const MIGRATIONS: Record<number, (raw: Raw, context: MigrationContext) => Raw> = {
  /**
   * Version 2 keeps its changes in a journal beside the snapshot (`journalSeq` says how far the
   * snapshot goes) and holds every list; lists added while version 1 was in use may be missing.
   */
  1: (raw) => {
    const lists = ['decisions', 'votes', 'postedDecisionCards', 'reminderSends', 'reminderCards', 'reminderDone', 'gateEvents', 'pausedRules'];
    const out: Raw = { ...raw, schemaVersion: 2, journalSeq: 0 };
    for (const key of lists) if (!Array.isArray(out[key])) out[key] = [];
    return out;
  },
  /**
   * Version 3 (issue #15): projects belong to a portfolio. Each stored proposal made in a network that
   * owns a portfolio gets it written down as its owner, so a later change of the file does not move a
   * project to another group; one made elsewhere keeps none (its card asks for one) and is named in the
   * log. Join/leave, gate votes, report links and the other records of version 3 are additive (their
   * lists and fields default), and a project's status is computed from its history: nothing else changes,
   * so reminders already sent keep counting as sent.
   */
  2: (raw, context) => {
    const { store, unowned } = assignProposalOwners(raw, context.portfolios);
    if (unowned.length) context.notes.push(`proposals without an owning group (made outside a portfolio network; their cards ask for one): ${unowned.join(', ')}`);
    return { ...store, schemaVersion: 3 };
  },
};

export function migrate(raw: Raw, from: number, to: number, context: MigrationContext = { portfolios: [], notes: [] }): Raw {
  let data = raw;
  for (let version = from; version < to; version++) {
    const step = MIGRATIONS[version];
    if (!step) throw new Error(`no migration from schema version ${version}`);
    data = step(data, context);
  }
  return data;
}

/** Copies the store file, as it is, to a backup beside it that does not exist yet; returns its path. */
export async function backupBeside(file: string, version: number): Promise<string> {
  for (let n = 0; ; n++) {
    const backup = `${file}.v${version}${n ? `.${n}` : ''}.bak`;
    try {
      await copyFile(file, backup, constants.COPYFILE_EXCL);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw err;
    }
    const handle = await open(backup, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await syncDirectory(dirname(file));
    return backup;
  }
}
