import { parseNationalNumber } from '../../libs/domain/src';
import { syntheticPerson } from './persons-generator';

describe('syntheticPerson', () => {
  const counters = new Map<string, number>();
  const people = Array.from({ length: 20_000 }, (_, i) => syntheticPerson(i, counters));

  it('gives every person a valid, unique national number: NISS for Belgians, BIS for the others', () => {
    expect(new Set(people.map((p) => p.nationalNumber)).size).toBe(people.length);
    for (const p of people) {
      const info = parseNationalNumber(p.nationalNumber);
      expect(info).toMatchObject({ kind: p.nationality === 'BEL' ? 'niss' : 'bis', sex: p.sex });
      const [year, month, day] = p.birthDate.split('-').map(Number);
      expect(info!.birthDate).toEqual({ year, month, day });
    }
  });

  it('is deterministic per index and mixes nationalities, particles and accents', () => {
    expect(syntheticPerson(123, new Map())).toEqual(syntheticPerson(123, new Map()));
    const belgians = people.filter((p) => p.nationality === 'BEL').length / people.length;
    expect(belgians).toBeGreaterThan(0.7);
    expect(belgians).toBeLessThan(0.85);
    expect(people.some((p) => /^(Van|De|de|von|d')\b/.test(p.surname))).toBe(true);
    expect(people.some((p) => /[éèëüöçß]/.test(p.surname + p.givenNames))).toBe(true);
  });
});
