import { CandidateQuery, CandidateRow, compareBirthDates, decideAutoIdentification, isStrong, nationalityCode, scoreCandidate, ScoredCandidate } from './candidate-score';

const query: CandidateQuery = { birthDate: { year: 1985, month: 7, day: 30 }, sex: 'M', nationality: 'BEL', nationalNumber: null };
const row = (overrides: Partial<CandidateRow> = {}): CandidateRow => ({
  nationalNumber: '85073003328',
  birthDate: '1985-07-30',
  sex: 'M',
  nationality: 'BEL',
  surnameSimilarity: 1,
  surnameCoreSimilarity: 1,
  givenNamesSimilarity: 1,
  nameSimilarity: 1,
  ...overrides,
});
const thresholds = { autoIdentifyMinScore: 90, candidateMinScore: 40 };

describe('scoreCandidate', () => {
  it('gives 100 to a person agreeing on everything, with parts that add up', () => {
    const result = scoreCandidate(query, row());
    expect(result).toEqual({
      score: 100,
      parts: { surname: 40, givenNames: 25, birthDate: 20, nationality: 10, sex: 5 },
      birthDateAgreement: 'exact',
      nationalNumberMatch: false,
      namesSwapped: false,
    });
  });

  it('weighs name similarities and counts a particle-free match at 90 %', () => {
    const result = scoreCandidate(query, row({ surnameSimilarity: 0.4, surnameCoreSimilarity: 1, givenNamesSimilarity: 0.5, nameSimilarity: 0.6 }));
    expect(result.parts.surname).toBe(36);
    expect(result.parts.givenNames).toBe(13);
    expect(result.score).toBe(36 + 13 + 20 + 10 + 5);
  });

  it('recognises surname and given names swapped', () => {
    const result = scoreCandidate(query, row({ surnameSimilarity: 0.1, surnameCoreSimilarity: 0.1, givenNamesSimilarity: 0.1, nameSimilarity: 1 }));
    expect(result.namesSwapped).toBe(true);
    expect(result.parts).toMatchObject({ surname: 36, givenNames: 23 });
  });

  it('gives nothing for disagreeing or unknown sex and nationality', () => {
    expect(scoreCandidate(query, row({ sex: 'F', nationality: 'FRA' })).parts).toMatchObject({ sex: 0, nationality: 0 });
    expect(scoreCandidate({ ...query, sex: null, nationality: null }, row()).parts).toMatchObject({ sex: 0, nationality: 0 });
    expect(scoreCandidate(query, row({ sex: null, nationality: null })).parts).toMatchObject({ sex: 0, nationality: 0 });
  });

  it('folds nationality spellings to alpha-3', () => {
    expect(scoreCandidate({ ...query, nationality: 'Belge' }, row({ nationality: 'bel' })).parts.nationality).toBe(10);
  });

  it('makes a national-number match 100 whatever the parts, and keeps the parts readable', () => {
    const result = scoreCandidate({ ...query, nationalNumber: '85073003328' }, row({ surnameSimilarity: 0.2, surnameCoreSimilarity: 0.2, givenNamesSimilarity: 0.2, nameSimilarity: 0.2 }));
    expect(result.score).toBe(100);
    expect(result.nationalNumberMatch).toBe(true);
    expect(result.parts.surname).toBe(8);
  });
});

describe('compareBirthDates', () => {
  const full = (year: number, month: number, day: number) => ({ year, month, day });
  it.each([
    [full(1985, 7, 30), '1985-07-30', 'exact'],
    [full(1985, 7, 3), '1985-03-07', 'day_month_swapped'],
    [full(1985, 7, 31), '1985-07-30', 'one_part_differs'],
    [full(1985, 8, 30), '1985-07-30', 'one_part_differs'],
    [full(1986, 7, 30), '1985-07-30', 'one_part_differs'],
    [full(1995, 7, 30), '1985-07-30', 'one_part_differs'],
    [full(1975, 7, 30), '1985-07-30', 'one_part_differs'],
    [full(1958, 7, 30), '1985-07-30', 'different'],
    [full(1985, 1, 2), '1985-07-30', 'same_year'],
    [full(1990, 1, 2), '1985-07-30', 'different'],
    [{ year: 1985, month: null, day: null }, '1985-07-30', 'partial_match'],
    [{ year: 1985, month: 7, day: null }, '1985-07-30', 'partial_match'],
    [{ year: 1985, month: 8, day: null }, '1985-07-30', 'same_year'],
    [{ year: 1984, month: null, day: null }, '1985-07-30', 'different'],
    [null, '1985-07-30', 'unknown'],
    [full(1985, 7, 30), null, 'unknown'],
  ])('%j vs %s → %s', (searched, stored, expected) => {
    expect(compareBirthDates(searched, stored)).toBe(expected);
  });

  it('scores the kinds of agreement in order', () => {
    const points = (birthDate: CandidateQuery['birthDate']) => scoreCandidate({ ...query, birthDate }, row()).parts.birthDate;
    expect(points(full(1985, 7, 30))).toBe(20);
    expect(points(full(1985, 30, 7))).toBe(14); // day and month typed the other way round
    expect(points(full(1985, 7, 31))).toBe(10);
    expect(points({ year: 1985, month: 7, day: null })).toBe(12);
    expect(points(full(1985, 1, 1))).toBe(4);
    expect(points(null)).toBe(0);
  });
});

describe('nationalityCode', () => {
  it.each([
    ['BEL', 'BEL'],
    ['Belge', 'BEL'],
    ['België / Belgique', 'BELGIEBELGIQUE'],
    ['be', 'BEL'],
    ['D', 'DEU'],
    ['', null],
    [null, null],
  ])('%s → %s', (input, expected) => {
    expect(nationalityCode(input)).toBe(expected);
  });
});

describe('isStrong and decideAutoIdentification', () => {
  const scored = (overrides: Partial<CandidateRow>, q: CandidateQuery = query): ScoredCandidate => {
    const score = scoreCandidate(q, row(overrides));
    return { ...score, strong: isStrong(score, thresholds) };
  };

  it('identifies exactly one strong candidate', () => {
    const candidates = [scored({}), scored({ surnameSimilarity: 0.5, surnameCoreSimilarity: 0.5, nameSimilarity: 0.5 })];
    expect(candidates.map((c) => c.strong)).toEqual([true, false]);
    expect(decideAutoIdentification(candidates)).toEqual({ decision: 'identified', index: 0, reason: 'single_strong_candidate' });
  });

  it('leaves two strong candidates to an operator', () => {
    expect(decideAutoIdentification([scored({}), scored({ givenNamesSimilarity: 0.9 })])).toEqual({ decision: 'pending', reason: 'several_strong_candidates' });
  });

  it('leaves no strong candidate to an operator', () => {
    expect(decideAutoIdentification([scored({ birthDate: '1970-01-01' })])).toEqual({ decision: 'pending', reason: 'no_strong_candidate' });
    expect(decideAutoIdentification([])).toEqual({ decision: 'pending', reason: 'no_strong_candidate' });
  });

  it('identifies by national number when the names agree, even beside another strong candidate', () => {
    const withNumber = { ...query, nationalNumber: '85073003328' };
    const candidates = [scored({ nationalNumber: '85073003429' }, withNumber), scored({}, withNumber)];
    expect(decideAutoIdentification(candidates)).toEqual({ decision: 'identified', index: 1, reason: 'national_number_match' });
  });

  it('does not identify by a national number whose holder has the same names but was born 94 years apart (the check digits cannot tell)', () => {
    // The number matches a register row whose birth date contradicts the request (as with the check digits' blind
    // spot: a year digit moved by 6 stays valid for someone born 94 years apart); the names alone must not decide.
    const namesake = scored({ birthDate: '1891-07-30' }, { ...query, nationalNumber: '85073003328' });
    expect(namesake.nationalNumberMatch).toBe(true);
    expect(namesake.birthDateAgreement).toBe('different');
    expect(namesake.strong).toBe(false);
    expect(decideAutoIdentification([namesake])).toEqual({ decision: 'pending', reason: 'no_strong_candidate' });
    // The same number with the birth dates agreeing identifies.
    expect(scored({}, { ...query, nationalNumber: '85073003328' }).strong).toBe(true);
  });

  it('does not identify by a national number whose holder has other names and birth date', () => {
    const stranger = scored(
      { birthDate: '1960-01-01', surnameSimilarity: 0.1, surnameCoreSimilarity: 0.1, givenNamesSimilarity: 0.1, nameSimilarity: 0.1 },
      { ...query, nationalNumber: '85073003328' },
    );
    expect(stranger.score).toBe(100);
    expect(stranger.strong).toBe(false);
    expect(decideAutoIdentification([stranger])).toEqual({ decision: 'pending', reason: 'no_strong_candidate' });
  });
});
