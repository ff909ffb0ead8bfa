import { parseNationalNumber, surnameKey } from '../../libs/domain/src';
import { syntheticPerson, zipfRank } from './persons-generator';

describe('syntheticPerson', () => {
  const counters = new Map<string, number>();
  const people = Array.from({ length: 20_000 }, (_, i) => syntheticPerson(i, counters));
  const countBy = (key: (p: (typeof people)[number]) => string) => {
    const counts = new Map<string, number>();
    for (const p of people) counts.set(key(p), (counts.get(key(p)) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => b[1] - a[1]);
  };

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
    expect(syntheticPerson(987_654, new Map())).toEqual(syntheticPerson(987_654, new Map()));
    const belgians = people.filter((p) => p.nationality === 'BEL').length / people.length;
    expect(belgians).toBeGreaterThan(0.7);
    expect(belgians).toBeLessThan(0.85);
    expect(people.some((p) => /^(Van|De|de|von|d')\b/.test(p.surname))).toBe(true);
    expect(people.some((p) => /[éèëüöçß]/.test(p.surname + p.givenNames))).toBe(true);
  });

  it('draws surnames like a real register: many distinct names, the frequent ones still frequent', () => {
    const surnames = countBy((p) => surnameKey(p.surname));
    // About 12,000 distinct surnames in 20,000 persons, most of them carried once…
    expect(surnames.length).toBeGreaterThan(9_000);
    expect(surnames.filter(([, n]) => n === 1).length).toBeGreaterThan(6_000);
    // …while the head stays Belgian and frequent: Peeters among the first, none above 1 %.
    const [, first] = surnames[0]!;
    expect(first / people.length).toBeGreaterThan(0.001);
    expect(first / people.length).toBeLessThan(0.01);
    expect(surnames.slice(0, 10).map(([key]) => key)).toContain('peeters');
    const top10 = surnames.slice(0, 10).reduce((sum, [, n]) => sum + n, 0) / people.length;
    expect(top10).toBeGreaterThan(0.01);
    expect(top10).toBeLessThan(0.04);
  });

  it('gives each origin its own names, in the form of the holder’s sex', () => {
    const of = (nationality: string, sex?: 'M' | 'F') => people.filter((p) => p.nationality === nationality && (!sex || p.sex === sex));
    const polishWomen = of('POL', 'F').map((p) => p.surname);
    expect(polishWomen.some((s) => /(sk|ck)a$/.test(s))).toBe(true);
    expect(polishWomen.some((s) => /(sk|ck)i$/.test(s))).toBe(false);
    expect(of('POL', 'M').some((p) => /(sk|ck)i$/.test(p.surname))).toBe(true);
    expect(of('GRC', 'F').some((p) => /opoulos$/.test(p.surname))).toBe(false);
    expect(of('TUR').some((p) => /[ışğ]/.test(p.surname))).toBe(true);
    expect(of('MAR').some((p) => /^(El|Ben|Ait|Bou)/.test(p.surname))).toBe(true);
    expect(of('ROU').some((p) => /(escu|eanu)$/.test(p.surname))).toBe(true);
    // Belgians of every origin: a Moroccan or Italian surname with a NISS number.
    expect(of('BEL').some((p) => /^(El |Ben)/.test(p.surname))).toBe(true);
    expect(of('BEL').some((p) => /^(Di |De |Lo |La )?[A-Z][a-z]+(i|o|elli|etti|ini)$/.test(p.surname) && !/^(De|Van)/.test(p.surname))).toBe(true);
    // Composed names never run a letter three times, and never repeat a given name.
    expect(people.filter((p) => /(\p{L})\1\1/iu.test(p.surname))).toEqual([]);
    expect(people.filter((p) => new Set(p.givenNames.split(' ')).size !== p.givenNames.split(' ').length)).toEqual([]);
  });
});

describe('zipfRank', () => {
  const draws = (size: number, head: number, n = 100_000) => Array.from({ length: n }, (_, i) => zipfRank((i + 0.5) / n, size, head));

  it('stays within 1..size', () => {
    const ranks = draws(1000, 5);
    expect(Math.min(...ranks)).toBe(1);
    expect(Math.max(...ranks)).toBe(1000);
    expect(zipfRank(0, 10, 1)).toBe(1);
    expect(zipfRank(0.999999, 10, 1)).toBe(10);
  });

  it('makes rank r about (r + head) / (1 + head) times rarer than rank 1', () => {
    const counts = new Map<number, number>();
    for (const rank of draws(10_000, 4, 400_000)) counts.set(rank, (counts.get(rank) ?? 0) + 1);
    const count = (rank: number) => counts.get(rank) ?? 0;
    // Rank r takes the share ln((r + head) / (r − 1 + head)) of the continuous law: ≈ 1 / (r − ½ + head).
    const share = (rank: number) => Math.log((rank + 4) / (rank + 3));
    expect(count(1) / count(21)).toBeCloseTo(share(1) / share(21), 1);
    expect(count(1) / count(96)).toBeCloseTo(share(1) / share(96), 0);
    expect(count(1) / count(96)).toBeGreaterThan(20);
  });
});
