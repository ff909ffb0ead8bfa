import { Person } from '@sesame/database';
import { parseNationalNumber, personNameKeys } from '@sesame/domain';
import { randomInt } from 'node:crypto';
import { ApiHarness, startApi } from '../../../test/integration/support/api-harness';
import { ConsoleClient } from '../../../test/integration/support/console-client';
import { createStaff } from '../../../test/integration/support/factories';
import { PersonsService } from './persons.service';

/** A birth date no other spec uses, so counters and candidates are this run's own. */
const uniqueYear = () => 1901 + randomInt(0, 90);

describe(PersonsService.name, () => {
  let api: ApiHarness;
  let persons: PersonsService;
  const tag = `Q${randomInt(100000, 999999)}`; // keeps this run's names apart from other specs' persons
  const year = uniqueYear();
  const date = (month: number, day: number) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

  async function insertPerson(fields: Partial<Person> & { surname: string; givenNames: string }): Promise<Person> {
    const repository = api.dataSource.getRepository(Person);
    return repository.save(repository.create({ language: 'fr', ...fields, ...personNameKeys(fields.surname, fields.givenNames) }));
  }

  beforeAll(async () => {
    api = await startApi();
    persons = api.app.get(PersonsService);
  });
  afterAll(() => api.close());

  describe('candidate search on real PostgreSQL (pg_trgm)', () => {
    let bossche: Person;
    let other: Person;
    beforeAll(async () => {
      bossche = await insertPerson({ surname: `Van den Bossche${tag}`, givenNames: 'Jean-Pierre Marie', birthDate: date(7, 30), sex: 'M', nationality: 'BEL' });
      other = await insertPerson({ surname: `Vandenbussche${tag}`, givenNames: 'Anne', birthDate: date(3, 2), sex: 'F', nationality: 'BEL' });
      await insertPerson({ surname: `Peeters${tag}`, givenNames: 'Jan', birthDate: date(1, 1), sex: 'M', nationality: 'BEL' });
    });

    it('finds "Van den Bossche" when searched glued, accented and with a typo in the given names, first and strong', async () => {
      const { candidates, autoIdentification } = await persons.findCandidates({
        surname: `VANDENBOSSCHE${tag}`,
        givenNames: 'Jéan Piere',
        birthDate: date(7, 30),
        sex: 'M',
        nationality: 'BEL',
      });
      expect(candidates[0]).toMatchObject({ id: bossche.id, birthDateAgreement: 'exact', parts: { surname: 40, birthDate: 20, nationality: 10, sex: 5 } });
      expect(candidates[0]!.score).toBeGreaterThanOrEqual(90);
      expect(candidates[0]!.score).toBe(Object.values(candidates[0]!.parts).reduce((a, b) => a + b, 0));
      expect(candidates.find((c) => c.id === other.id)?.score ?? 0).toBeLessThan(candidates[0]!.score);
      expect(autoIdentification).toEqual({ decision: 'identified', index: 0, reason: 'single_strong_candidate' });
    });

    it('finds the person by the particle-free surname and with surname and given names swapped', async () => {
      const byCore = await persons.findCandidates({ surname: `Bossche${tag}`, givenNames: 'Jean-Pierre', birthDate: date(7, 30) });
      expect(byCore.candidates[0]?.id).toBe(bossche.id);
      const swapped = await persons.findCandidates({ surname: 'Jean Pierre Marie', givenNames: `Bossche${tag}`, birthDate: date(7, 30) });
      expect(swapped.candidates[0]).toMatchObject({ id: bossche.id, namesSwapped: true });
      // Without a complete birth date the whole-name arm searches everyone.
      const undated = await persons.findCandidates({ surname: 'Jean Pierre Marie', givenNames: `Bossche${tag}`, birthDate: String(year) });
      expect(undated.candidates[0]).toMatchObject({ id: bossche.id, namesSwapped: true });
    });

    it('ranks by birth date when names tie, and knows a partial birth date', async () => {
      const { candidates } = await persons.findCandidates({ surname: `Vandenbossche${tag}`, birthDate: String(year) });
      expect(candidates[0]?.birthDateAgreement).toBe('partial_match');
      expect(candidates.map((c) => c.id)).toEqual(expect.arrayContaining([bossche.id]));
    });

    it('makes a national number that exists a match of 100, strong only when the names agree', async () => {
      const number = `${String(year % 100).padStart(2, '0')}0730033`;
      const nn = number + String(97 - (Number((year >= 2000 ? '2' : '') + number) % 97)).padStart(2, '0');
      await api.dataSource.getRepository(Person).update({ id: bossche.id }, { nationalNumber: nn });
      try {
        const right = await persons.findCandidates({ surname: `Bossche${tag}`, givenNames: 'Jean', nationalNumber: nn });
        expect(right.candidates[0]).toMatchObject({ id: bossche.id, score: 100, nationalNumberMatch: true, strong: true });
        expect(right.autoIdentification).toMatchObject({ decision: 'identified', reason: 'national_number_match' });
        const wrongPerson = await persons.findCandidates({ surname: `Zzyzx${tag}`, givenNames: 'Xavier', nationalNumber: nn });
        expect(wrongPerson.candidates[0]).toMatchObject({ id: bossche.id, nationalNumberMatch: true, strong: false });
        expect(wrongPerson.autoIdentification.decision).toBe('pending');
      } finally {
        await api.dataSource.getRepository(Person).update({ id: bossche.id }, { nationalNumber: null });
      }
    });

    it('finds nothing for an unrelated name', async () => {
      const { candidates, autoIdentification } = await persons.findCandidates({ surname: `Xylophonique${tag.toLowerCase()}zz`, givenNames: 'Quentin' });
      expect(candidates.filter((c) => c.surname.endsWith(tag))).toEqual([]);
      expect(autoIdentification.decision).toBe('pending');
    });

    it('serves POST /api/persons/candidate-searches to NISS operators with readable parts, and validates the query', async () => {
      const operator = await createStaff(api.app, { roles: ['niss_operator'] });
      const client = new ConsoleClient(api.server);
      await client.signIn(operator);
      const ok = await client.post('/api/persons/candidate-searches', { surname: `Van den Bossche${tag}`, givenNames: 'Jean-Pierre', birthDate: date(7, 30), sex: 'M', nationality: 'BEL' });
      expect(ok.status).toBe(200);
      expect(ok.body.candidates[0]).toMatchObject({ personId: bossche.id, parts: { surname: 40 }, birthDateAgreement: 'exact', strong: true });
      expect(ok.body.autoIdentification).toMatchObject({ decision: 'identified', personId: bossche.id });
      expect((await client.post('/api/persons/candidate-searches', { surname: 'X', birthDate: '1985-13-01' })).status).toBe(400);
      expect((await client.post('/api/persons/candidate-searches', { givenNames: 'Jean' })).status).toBe(400);
      expect((await client.post('/api/persons/candidate-searches', { surname: 'X', sex: 'X' })).status).toBe(400);
    });
  });

  describe('BIS allocation', () => {
    it('gives 200 concurrent allocations for the same birth date and sex 200 distinct valid BIS numbers', async () => {
      const birthDate = { year: 2000 + randomInt(1, 25), month: 2, day: randomInt(1, 29) }; // the 2 prefix; a date of this run's own
      const people = await Promise.all(
        Array.from({ length: 200 }, (_, i) => persons.createWithBisNumber({ surname: `Bis${tag}`, givenNames: `Person ${i}`, birthDate, sex: 'M', nationality: 'SYR' })),
      );
      const numbers = people.map((p) => p.nationalNumber!);
      expect(new Set(numbers).size).toBe(200);
      for (const number of numbers) {
        expect(parseNationalNumber(number)).toMatchObject({ kind: 'bis', sex: 'M', sexKnown: true, birthDate });
        expect(Number(number.slice(2, 4))).toBe(42);
      }
      // Consecutive odd counters (men), without gaps: from 1 on a fresh register, or past the numbers
      // an earlier run on the same database left for this birth date.
      const counters = numbers.map((n) => Number(n.slice(6, 9))).sort((a, b) => a - b);
      expect(counters[0] % 2).toBe(1);
      expect(counters).toEqual(Array.from({ length: 200 }, (_, i) => counters[0] + 2 * i));
      expect(people[0]).toMatchObject({ surnameKey: `bis${tag.toLowerCase()}`, sex: 'M' });
    });

    it('uses even counters for women, month + 20 for an unknown sex, and partial dates', async () => {
      const y = uniqueYear();
      const woman = await persons.createWithBisNumber({ surname: `Bis${tag}`, givenNames: 'Fatima', birthDate: { year: y, month: 5, day: 1 }, sex: 'F' });
      expect(parseNationalNumber(woman.nationalNumber!)).toMatchObject({ kind: 'bis', sex: 'F' });
      expect(Number(woman.nationalNumber!.slice(6, 9)) % 2).toBe(0);
      const unknown = await persons.createWithBisNumber({ surname: `Bis${tag}`, givenNames: 'X', birthDate: { year: y, month: null, day: null }, sex: null });
      expect(unknown.nationalNumber!.slice(2, 6)).toBe('2000');
      expect(parseNationalNumber(unknown.nationalNumber!)).toMatchObject({ kind: 'bis', sexKnown: false, birthDate: { year: y, month: null, day: null } });
      expect(unknown).toMatchObject({ birthDate: null, birthDateText: `${y}-00-00` });
    });

    it('starts past a BIS number already in the register and skips numbers taken since', async () => {
      const y = uniqueYear();
      const first = await persons.createWithBisNumber({ surname: `Bis${tag}`, givenNames: 'A', birthDate: { year: y, month: 11, day: 11 }, sex: 'F' });
      // Someone else's number lands on the next counter (e.g. read from a card): allocation skips it.
      const taken = first.nationalNumber!.slice(0, 6) + String(Number(first.nationalNumber!.slice(6, 9)) + 2).padStart(3, '0');
      const takenNumber = taken + String(97 - (Number(taken) % 97)).padStart(2, '0');
      await insertPerson({ surname: `Card${tag}`, givenNames: 'B', nationalNumber: takenNumber });
      const next = await persons.createWithBisNumber({ surname: `Bis${tag}`, givenNames: 'C', birthDate: { year: y, month: 11, day: 11 }, sex: 'F' });
      expect(Number(next.nationalNumber!.slice(6, 9))).toBe(Number(first.nationalNumber!.slice(6, 9)) + 4);
    });
  });
});
