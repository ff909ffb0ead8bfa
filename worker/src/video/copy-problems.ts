import type { Document } from '@sesame/database';

/** Message keys of the reasons an ID copy is refused (libs/i18n `video.copy.*`). */
export const COPY_PROBLEM_KEYS: Record<string, string> = {
  too_small: 'video.copy.too_small',
  greyscale: 'video.copy.greyscale',
  blurred: 'video.copy.blurred',
};

export interface CopyVerdict {
  accepted: boolean;
  /** Message keys, each once, in a stable order. */
  problems: string[];
  /** Whether an MRZ was read on some page: recorded for the agent, never a reason to refuse. */
  mrzFound: boolean;
}

/**
 * Whether an analysed ID copy confirms a booking. Only the picture's quality decides (size,
 * colour, sharpness of every page); a document the worker could not read is refused as unreadable.
 * A missing MRZ is no refusal: many identity cards carry it on the back only, and the agent checks
 * the document in the call anyway — the agent sees whether one was found.
 */
export function judgeCopy(document: Pick<Document, 'status' | 'analysis' | 'failureCode'>): CopyVerdict {
  if (document.status === 'failed' || !document.analysis) return { accepted: false, problems: ['video.copy.unreadable'], mrzFound: false };
  const keys = new Set<string>();
  for (const page of document.analysis.pages) for (const problem of page.problems) keys.add(COPY_PROBLEM_KEYS[problem] ?? 'video.copy.poor_quality');
  if (!document.analysis.pages.length) keys.add('video.copy.unreadable');
  const order = [...Object.values(COPY_PROBLEM_KEYS), 'video.copy.poor_quality', 'video.copy.unreadable'];
  const problems = [...keys].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return { accepted: problems.length === 0, problems, mrzFound: document.analysis.mrz?.found === true };
}
