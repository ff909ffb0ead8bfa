/** What a BEID card is, from tag 0x0F of the identity file (REFERENCE §1.6). */
export type BeidDocumentKind =
  | 'belgian_eid'
  | 'kids_id'
  | 'bootstrap'
  | 'habilitation'
  | 'foreigner'
  | 'foreigner_kids'
  | 'unknown';

/** A decoded document type: `card` is the residence-card letter for foreigner cards ('A', 'E+', 'EU+'…). */
export interface BeidDocumentType {
  code: number;
  kind: BeidDocumentKind;
  card: string | null;
}

const CITIZEN: ReadonlyMap<number, BeidDocumentKind> = new Map([
  [1, 'belgian_eid'],
  [6, 'kids_id'],
  [7, 'bootstrap'],
  [8, 'habilitation'],
]);

const FOREIGNER_CARDS: ReadonlyMap<number, string> = new Map([
  [11, 'A'], [12, 'B'], [13, 'C'], [14, 'D'],
  [15, 'E'], [16, 'E+'], [17, 'F'], [18, 'F+'],
  [19, 'H'], [20, 'I'], [21, 'J'], [22, 'M'], [23, 'N'],
  [27, 'K'], [28, 'L'], [31, 'EU'], [32, 'EU+'],
  // 2021 layout
  [33, 'A'], [34, 'B'], [35, 'F'], [36, 'F+'],
]);

const FOREIGNER_KIDS_CARDS: ReadonlyMap<number, string> = new Map([
  [61, 'EU'], [62, 'EU+'], [63, 'A'], [64, 'B'], [65, 'K'], [66, 'L'], [67, 'F'], [68, 'F+'], [69, 'M'],
]);

/** Decodes a document-type code; unlisted codes come back as kind `unknown`. */
export function describeDocumentType(code: number): BeidDocumentType {
  const citizen = CITIZEN.get(code);
  if (citizen) return { code, kind: citizen, card: null };
  const foreigner = FOREIGNER_CARDS.get(code);
  if (foreigner) return { code, kind: 'foreigner', card: foreigner };
  const kids = FOREIGNER_KIDS_CARDS.get(code);
  if (kids) return { code, kind: 'foreigner_kids', card: kids };
  return { code, kind: 'unknown', card: null };
}
