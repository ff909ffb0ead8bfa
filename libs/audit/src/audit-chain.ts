import { AuditEntry } from '@sesame/database';
import type { DataSource } from 'typeorm';
import { auditHash, GENESIS_HASH } from './audit-hash';

export type ChainVerdict =
  | { ok: true; rows: number; chains: number }
  | { ok: false; rows: number; firstBrokenId: string; reason: 'content_changed' | 'chain_broken' };

/**
 * Walks the whole trail in id order, in pages, following each row's chain (within a chain, id order
 * is commit order: ids are drawn under the chain's lock), and names the first row whose hash does not
 * hold: its content changed, or it does not follow the last row of its chain (a row removed, moved or
 * inserted).
 */
export async function verifyAuditChain(dataSource: DataSource, pageSize = 5000): Promise<ChainVerdict> {
  const repository = dataSource.getRepository(AuditEntry);
  const last = new Map<number, string>();
  let lastId = '0';
  let rows = 0;
  for (;;) {
    const page = await repository
      .createQueryBuilder('a')
      .where('a.id > :lastId', { lastId })
      .orderBy('a.id', 'ASC')
      .limit(pageSize)
      .getMany();
    if (page.length === 0) return { ok: true, rows, chains: last.size };
    for (const entry of page) {
      rows += 1;
      const prevHash = last.get(entry.chain) ?? GENESIS_HASH;
      if (entry.prevHash !== prevHash) {
        return { ok: false, rows, firstBrokenId: entry.id, reason: 'chain_broken' };
      }
      if (auditHash(prevHash, entry) !== entry.hash) {
        return { ok: false, rows, firstBrokenId: entry.id, reason: 'content_changed' };
      }
      last.set(entry.chain, entry.hash);
      lastId = entry.id;
    }
  }
}
