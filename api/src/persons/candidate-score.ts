/**
 * Scoring of persons-register candidates (issue 5): pure, so the figures an operator reads can be
 * tested without a database. The repository supplies the pg_trgm similarities of the name keys; this
 * turns them and the other fields into a 0–100 score whose parts add up to it.
 *
 * Weights: surname 40, given names 25, birth date 20, nationality 10, sex 5.
 */

export const SCORE_WEIGHTS = { surname: 40, givenNames: 25, birthDate: 20, nationality: 10, sex: 5 } as const;

/** A particle-free match ("Bossche" for "Van den Bossche") counts slightly less than a full one. */
const CORE_MATCH_FACTOR = 0.9;
/** Surname and given names found swapped (trigrams of name keys ignore word order). */
const SWAPPED_MATCH_FACTOR = 0.9;

export type Sex = 'M' | 'F';
export interface PartialDate {
  year: number;
  month: number | null;
  day: number | null;
}

export interface CandidateQuery {
  birthDate: PartialDate | null;
  sex: Sex | null;
  /** ISO alpha-3 (or whatever the document says; compared through {@link nationalityCode}). */
  nationality: string | null;
  /** 11 digits, check digits verified, or null. */
  nationalNumber: string | null;
}

/** One row of the trigram search: the stored fields and the similarities (0–1) of its keys. */
export interface CandidateRow {
  nationalNumber: string | null;
  /** YYYY-MM-DD or null. */
  birthDate: string | null;
  sex: string | null;
  nationality: string | null;
  surnameSimilarity: number;
  surnameCoreSimilarity: number;
  givenNamesSimilarity: number;
  /** Similarity of the order-free name keys (surname core + given names). */
  nameSimilarity: number;
}

export type BirthDateAgreement = 'exact' | 'partial_match' | 'day_month_swapped' | 'one_part_differs' | 'same_year' | 'different' | 'unknown';

export interface ScoreParts {
  surname: number;
  givenNames: number;
  birthDate: number;
  nationality: number;
  sex: number;
}

export interface CandidateScore {
  /** 0–100: the sum of `parts`, or 100 for a national-number match. */
  score: number;
  parts: ScoreParts;
  /** How the birth dates compare, for the operator. */
  birthDateAgreement: BirthDateAgreement;
  /** The searched national number is this person's. */
  nationalNumberMatch: boolean;
  /** Surname and given names matched the other way round. */
  namesSwapped: boolean;
}

const round = (value: number) => Math.round(value);

export function scoreCandidate(query: CandidateQuery, row: CandidateRow): CandidateScore {
  const direct = {
    surname: SCORE_WEIGHTS.surname * Math.max(row.surnameSimilarity, CORE_MATCH_FACTOR * row.surnameCoreSimilarity),
    givenNames: SCORE_WEIGHTS.givenNames * row.givenNamesSimilarity,
  };
  const swappedFactor = SWAPPED_MATCH_FACTOR * row.nameSimilarity;
  const namesSwapped = swappedFactor * (SCORE_WEIGHTS.surname + SCORE_WEIGHTS.givenNames) > direct.surname + direct.givenNames + 1e-9;
  const names = namesSwapped ? { surname: SCORE_WEIGHTS.surname * swappedFactor, givenNames: SCORE_WEIGHTS.givenNames * swappedFactor } : direct;

  const birthDateAgreement = compareBirthDates(query.birthDate, row.birthDate);
  const parts: ScoreParts = {
    surname: round(names.surname),
    givenNames: round(names.givenNames),
    birthDate: round(SCORE_WEIGHTS.birthDate * BIRTH_DATE_FACTOR[birthDateAgreement]),
    nationality: agree(nationalityCode(query.nationality), nationalityCode(row.nationality)) ? SCORE_WEIGHTS.nationality : 0,
    sex: agree(query.sex, row.sex) ? SCORE_WEIGHTS.sex : 0,
  };
  const nationalNumberMatch = query.nationalNumber !== null && query.nationalNumber === row.nationalNumber;
  const sum = parts.surname + parts.givenNames + parts.birthDate + parts.nationality + parts.sex;
  return { score: nationalNumberMatch ? 100 : Math.min(100, sum), parts, birthDateAgreement, nationalNumberMatch, namesSwapped };
}

const BIRTH_DATE_FACTOR: Record<BirthDateAgreement, number> = {
  exact: 1,
  partial_match: 0.6,
  day_month_swapped: 0.7,
  one_part_differs: 0.5,
  same_year: 0.2,
  different: 0,
  unknown: 0,
};

/** How a searched (possibly partial) birth date compares with a stored complete one. */
export function compareBirthDates(query: PartialDate | null, stored: string | null): BirthDateAgreement {
  if (!query || !stored) return 'unknown';
  const [year, month, day] = stored.split('-').map(Number) as [number, number, number];
  if (query.month === null || query.day === null) {
    if (query.year !== year) return 'different';
    if (query.month === null) return 'partial_match';
    return query.month === month ? 'partial_match' : 'same_year';
  }
  if (query.year === year && query.month === month && query.day === day) return 'exact';
  if (query.year === year && query.month === day && query.day === month) return 'day_month_swapped';
  const differing = [query.year !== year, query.month !== month, query.day !== day].filter(Boolean).length;
  // One part wrong: a typo in the day or month, or a year off (by one digit or by one).
  if (differing === 1 && (query.year === year || Math.abs(query.year - year) <= 1 || sameButOneDigit(query.year, year))) return 'one_part_differs';
  return query.year === year ? 'same_year' : 'different';
}

function sameButOneDigit(a: number, b: number): boolean {
  const [x, y] = [String(a), String(b)];
  return x.length === y.length && [...x].filter((char, i) => char !== y[i]).length === 1;
}

const agree = (a: string | null, b: string | null): boolean => a !== null && b !== null && a === b;

/** Nationality spellings seen on Belgian documents and card reads, folded to ISO alpha-3. */
const NATIONALITY_ALIASES: Record<string, string> = {
  BE: 'BEL', BELGE: 'BEL', BELG: 'BEL', BELGIER: 'BEL', BELGIAN: 'BEL', BELGISCH: 'BEL',
  FR: 'FRA', FRANCAIS: 'FRA', FRANCAISE: 'FRA', NL: 'NLD', NEDERLANDER: 'NLD', NEDERLANDSE: 'NLD', DE: 'DEU', D: 'DEU',
  DEUTSCH: 'DEU', DEUTSCHE: 'DEU', LU: 'LUX', IT: 'ITA', ES: 'ESP', PT: 'PRT', PL: 'POL', RO: 'ROU', MA: 'MAR', TR: 'TUR',
};

/** "bel", "Belge", "BE" → "BEL"; null for nothing. */
export function nationalityCode(value: string | null | undefined): string | null {
  if (!value) return null;
  const folded = value.normalize('NFD').replace(/\p{M}+/gu, '').toUpperCase().replace(/[^A-Z]/g, '');
  if (!folded) return null;
  return NATIONALITY_ALIASES[folded] ?? folded;
}

export interface ScoredCandidate extends CandidateScore {
  strong: boolean;
}

export interface Thresholds {
  autoIdentifyMinScore: number;
  candidateMinScore: number;
}

/**
 * Marks strong candidates. A national-number match is strong only when the names also agree (the
 * score without the number reaches the candidate minimum) and the birth dates do not contradict each
 * other: a valid number typed for the wrong person must not identify them. (The check digits cannot
 * catch everything: moving the second digit of the year by 6 gives a valid number of someone born
 * 94 years apart, `docs/reliability.md`.)
 */
export function isStrong(candidate: CandidateScore, thresholds: Thresholds): boolean {
  const byParts = candidate.parts.surname + candidate.parts.givenNames + candidate.parts.birthDate + candidate.parts.nationality + candidate.parts.sex;
  if (candidate.nationalNumberMatch) return byParts >= thresholds.candidateMinScore && candidate.birthDateAgreement !== 'different';
  return candidate.score >= thresholds.autoIdentifyMinScore;
}

export type AutoIdentification =
  | { decision: 'identified'; index: number; reason: 'national_number_match' | 'single_strong_candidate' }
  | { decision: 'pending'; reason: 'no_strong_candidate' | 'several_strong_candidates' };

/** Automatic identification: a strong national-number match, else exactly one strong candidate. */
export function decideAutoIdentification(candidates: readonly ScoredCandidate[]): AutoIdentification {
  const byNumber = candidates.findIndex((c) => c.nationalNumberMatch && c.strong);
  if (byNumber !== -1) return { decision: 'identified', index: byNumber, reason: 'national_number_match' };
  const strong = candidates.flatMap((c, index) => (c.strong ? [index] : []));
  if (strong.length === 1) return { decision: 'identified', index: strong[0]!, reason: 'single_strong_candidate' };
  return { decision: 'pending', reason: strong.length === 0 ? 'no_strong_candidate' : 'several_strong_candidates' };
}
