import { Document } from '@sesame/database';
import type { EntityManager } from 'typeorm';

export const DAY_MS = 24 * 60 * 60 * 1000;
/** A request's document is kept while its ticket waits for an answer; the answer shortens it. */
export const OPEN_TICKET_RETENTION_DAYS = 3650;

/**
 * Keeps a request's document `days` more (NISS_DOCUMENT_RETENTION_DAYS after a final answer; 0 for a
 * deleted request or a replaced document: the next maintenance sweep purges it).
 */
export async function setDocumentRetention(manager: EntityManager, documentId: string | null, days: number): Promise<void> {
  if (!documentId) return;
  await manager.getRepository(Document).update({ id: documentId }, { retainUntil: new Date(Date.now() + days * DAY_MS) });
}
