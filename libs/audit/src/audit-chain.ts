import { AuditEntry } from '@sesame/database';
import type { DataSource } from 'typeorm';
import { auditHash, GENESIS_HASH } from './audit-hash';

export type ChainVerdict =
  | { ok: true; rows: number }
  | { ok: false; rows: number; firstBrokenId: string; reason: 'content_changed' | 'chain_broken' };

/** Walks the whole trail in id order, in pages, and names the first row whose hash does not hold. */
export async function verifyAuditChain(dataSource: DataSource, pageSize = 5000): Promise<ChainVerdict> {
  const repository = dataSource.getRepository(AuditEntry);
  let prevHash = GENESIS_HASH;
  let lastId = '0';
  let rows = 0;
  for (;;) {
    const page = await repository
      .createQueryBuilder('a')
      .where('a.id > :lastId', { lastId })
      .orderBy('a.id', 'ASC')
      .limit(pageSize)
      .getMany();
    if (page.length === 0) return { ok: true, rows };
    for (const entry of page) {
      rows += 1;
      if (entry.prevHash !== prevHash) {
        return { ok: false, rows, firstBrokenId: entry.id, reason: 'chain_broken' };
      }
      if (auditHash(prevHash, entry) !== entry.hash) {
        return { ok: false, rows, firstBrokenId: entry.id, reason: 'content_changed' };
      }
      prevHash = entry.hash;
      lastId = entry.id;
    }
  }
}
