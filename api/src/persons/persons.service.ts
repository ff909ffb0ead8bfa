import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@sesame/config';
import { Person } from '@sesame/database';
import { makeBisNumber, nextBisCounter, normalizeNationalNumber, parseNationalNumber, personNameKeys } from '@sesame/domain';
import type { EntityManager } from 'typeorm';
import {
  AutoIdentification,
  decideAutoIdentification,
  isStrong,
  nationalityCode,
  PartialDate,
  scoreCandidate,
  ScoredCandidate,
  Sex,
  Thresholds,
} from './candidate-score';
import { CandidateRecord, PersonsRepository } from './persons.repository';

export interface CandidateQueryInput {
  surname: string;
  givenNames?: string | null;
  /** YYYY-MM-DD, YYYY-MM or YYYY. */
  birthDate?: string | null;
  sex?: Sex | null;
  nationality?: string | null;
  /** Separators allowed; ignored unless its check digits are right. */
  nationalNumber?: string | null;
  limit?: number;
}

export type Candidate = Omit<CandidateRecord, 'surnameSimilarity' | 'surnameCoreSimilarity' | 'givenNamesSimilarity' | 'nameSimilarity'> & ScoredCandidate;

export interface CandidateResult {
  candidates: Candidate[];
  autoIdentification: AutoIdentification;
}

export interface NewBisPersonInput {
  surname: string;
  givenNames: string;
  /** Year required; month and day may be unknown. */
  birthDate: PartialDate;
  sex: Sex | null;
  nationality?: string | null;
  birthPlace?: string | null;
  language?: string;
  address?: { street: string | null; postalCode: string | null; municipality: string | null; country: string | null } | null;
}

/** Rows the SQL hands over for exact scoring; generous beside the 10–20 an operator reads. */
const CANDIDATE_POOL = 50;
const DEFAULT_LIMIT = 10;

/** The persons register: candidate search for NISS identification and new BIS numbers. */
@Injectable()
export class PersonsService {
  constructor(
    private readonly repository: PersonsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get thresholds(): Thresholds {
    return { autoIdentifyMinScore: this.config.NISS_AUTO_IDENTIFY_MIN_SCORE, candidateMinScore: this.config.NISS_CANDIDATE_MIN_SCORE };
  }

  /** Ranked candidates for the entered identity, best first, with the automatic decision they allow. */
  async findCandidates(input: CandidateQueryInput): Promise<CandidateResult> {
    const birthDate = parsePartialDate(input.birthDate ?? null);
    const compact = input.nationalNumber ? normalizeNationalNumber(input.nationalNumber) : null;
    const nationalNumber = compact && parseNationalNumber(compact) ? compact : null;
    const keys = personNameKeys(input.surname, input.givenNames ?? '');
    const rows = await this.repository.findCandidates({
      keys,
      birthDate: birthDate && birthDate.month !== null && birthDate.day !== null ? formatDate(birthDate) : null,
      birthYear: birthDate?.year ?? null,
      nationalNumber,
      similarityThreshold: this.config.NISS_NAME_SIMILARITY_THRESHOLD,
      poolSize: CANDIDATE_POOL,
    });
    const query = { birthDate, sex: input.sex ?? null, nationality: nationalityCode(input.nationality), nationalNumber };
    const thresholds = this.thresholds;
    const candidates = rows
      .map(({ surnameSimilarity, surnameCoreSimilarity, givenNamesSimilarity, nameSimilarity, ...person }) => {
        const score = scoreCandidate(query, { ...person, surnameSimilarity, surnameCoreSimilarity, givenNamesSimilarity, nameSimilarity });
        return { ...person, ...score, strong: isStrong(score, thresholds) };
      })
      .filter((c) => c.score >= thresholds.candidateMinScore || c.nationalNumberMatch)
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
      .slice(0, input.limit ?? DEFAULT_LIMIT);
    return { candidates, autoIdentification: decideAutoIdentification(candidates) };
  }

  /**
   * A new person with a new BIS number (REFERENCE §2: month + 40 when the sex is known, + 20 when
   * not; odd counters for men, even for women; check digits with the 2 prefix from 2000). Runs in
   * the caller's transaction when given one (a ticket decision), else in its own.
   * @throws RangeError when the counters of that date and sex are exhausted or the date is impossible.
   */
  createWithBisNumber(input: NewBisPersonInput, manager?: EntityManager): Promise<Person> {
    return manager ? this.allocate(manager, input) : this.repository.transaction((m) => this.allocate(m, input));
  }

  private async allocate(manager: EntityManager, input: NewBisPersonInput): Promise<Person> {
    const { birthDate, sex } = input;
    // Validates the date and sex before a counter is spent.
    const probe = makeBisNumber({ birthDate, sex, counter: nextBisCounter(sex, null) });
    const prefix = probe.slice(0, 6);
    const step = sex === null ? 1 : 2;
    const key = { year: birthDate.year, month: birthDate.month ?? 0, day: birthDate.day ?? 0, sex: sex ?? ('U' as const) };
    const fields = {
      surname: input.surname,
      givenNames: input.givenNames,
      ...personNameKeys(input.surname, input.givenNames),
      birthDate: birthDate.month !== null && birthDate.day !== null ? formatDate(birthDate) : null,
      birthDateText: formatPartialDate(birthDate),
      sex,
      nationality: input.nationality ?? null,
      birthPlace: input.birthPlace ?? null,
      addressStreet: input.address?.street ?? null,
      addressPostalCode: input.address?.postalCode ?? null,
      addressMunicipality: input.address?.municipality ?? null,
      addressCountry: input.address?.country ?? null,
      language: input.language ?? 'fr',
    };
    // A counter can meet a number already in the register (inserted without the counter, e.g. read
    // from a card after the counter row was made): take the next one.
    for (;;) {
      const counter = await this.repository.takeBisCounter(manager, key, prefix, nextBisCounter(sex, null), step);
      if (counter > 998) throw new RangeError(`BIS counters exhausted for ${prefix} sex ${key.sex}`);
      const nationalNumber = makeBisNumber({ birthDate, sex, counter });
      const person = await this.repository.insertPersonIfNumberFree(manager, { ...fields, nationalNumber });
      if (person) return person;
    }
  }
}

/** "1985-07-30", "1985-07", "1985" → a partial date; null for nothing or nonsense. */
export function parsePartialDate(value: string | null): PartialDate | null {
  if (!value) return null;
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), match[2] ? Number(match[2]) : null, match[3] ? Number(match[3]) : null];
  if (month !== null && (month < 1 || month > 12)) return null;
  if (day !== null && (day < 1 || day > 31)) return null;
  return { year, month, day };
}

const pad = (n: number) => String(n).padStart(2, '0');
const formatDate = (d: PartialDate) => `${d.year}-${pad(d.month ?? 0)}-${pad(d.day ?? 0)}`;
/** As birth_date_text keeps partial dates: 00 for the unknown parts. */
const formatPartialDate = (d: PartialDate) => formatDate(d);
