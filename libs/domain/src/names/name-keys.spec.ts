import { givenNamesKey, normaliseName, personNameKeys, surnameCoreKey, surnameKey } from './name-keys';

describe('normaliseName', () => {
  it.each([
    ['Dupont', 'dupont'],
    ['  DUPONT  ', 'dupont'],
    ['Ségolène', 'segolene'],
    ['Françoise', 'francoise'],
    ['Müller', 'muller'],
    ['Noël-Hélène', 'noel helene'],
    ["D'Hondt", 'd hondt'],
    ['D’Ursel', 'd ursel'],
    ['Jean--Pierre   Marie', 'jean pierre marie'],
    ['Weiß', 'weiss'],
    ['Lætitia', 'laetitia'],
    ['Cœur', 'coeur'],
    ['Søren Kierkegaard', 'soren kierkegaard'],
    ['Łukasz Wałęsa', 'lukasz walesa'],
    ['Muñoz Peña', 'munoz pena'],
    ['Dvořák', 'dvorak'],
    ['Ştefănescu', 'stefanescu'],
    ['Yılmaz Öztürk', 'yilmaz ozturk'],
    ['Иванов', 'ivanov'],
    ['Щербаков Юрий', 'shcherbakov yuriy'],
    ['Παπαδόπουλος', 'papadopoulos'],
    ['', ''],
  ])('%s → %s', (input, expected) => {
    expect(normaliseName(input)).toBe(expected);
  });

  it('is empty for null and undefined', () => {
    expect(normaliseName(null)).toBe('');
    expect(normaliseName(undefined)).toBe('');
  });
});

describe('surname keys', () => {
  it('gives "Van den Bossche", "Vandenbossche" and "VAN DEN BOSSCHE" the same full key', () => {
    expect(surnameKey('Van den Bossche')).toBe('vandenbossche');
    expect(surnameKey('Vandenbossche')).toBe('vandenbossche');
    expect(surnameKey('VAN DEN BOSSCHE')).toBe('vandenbossche');
  });

  it('gives "Van den Bossche", "Vandenbossche", "Vanden Bossche" and "Bossche" the same particle-free key', () => {
    for (const name of ['Van den Bossche', 'Vandenbossche', 'Vanden Bossche', 'Bossche', 'van der bossche']) {
      expect(surnameCoreKey(name)).toBe('bossche');
    }
  });

  it.each([
    ['De Smet', 'desmet', 'smet'],
    ["D'Hondt", 'dhondt', 'hondt'],
    ['de la Fontaine', 'delafontaine', 'fontaine'],
    ['Du Bois', 'dubois', 'bois'],
    ['Le Clercq', 'leclercq', 'clercq'],
    ['von Bismarck', 'vonbismarck', 'bismarck'],
    ['ter Borch', 'terborch', 'borch'],
    ['Ten Cate', 'tencate', 'cate'],
    ['Vander Elst', 'vanderelst', 'elst'],
    ['Vanderelst', 'vanderelst', 'elst'],
    ['Vandevelde', 'vandevelde', 'velde'],
    ['Vandamme', 'vandamme', 'damme'],
    ["'t Kint", 'tkint', 'kint'],
    ['El Amrani', 'elamrani', 'amrani'],
    ['Dos Santos Ferreira', 'dossantosferreira', 'santosferreira'],
  ])('%s → full %s, particle-free %s', (name, full, core) => {
    expect(surnameKey(name)).toBe(full);
    expect(surnameCoreKey(name)).toBe(core);
  });

  it('does not cut names that merely start like a particle', () => {
    expect(surnameCoreKey('Dupont')).toBe('dupont');
    expect(surnameCoreKey('Desmet')).toBe('desmet');
    expect(surnameCoreKey('Vance')).toBe('vance');
    expect(surnameCoreKey('Leroy')).toBe('leroy');
    expect(surnameCoreKey('Lambert')).toBe('lambert');
  });

  it('keeps a surname made only of particles', () => {
    expect(surnameCoreKey('Van')).toBe('van');
    expect(surnameCoreKey('De La')).toBe('dela');
  });
});

describe('personNameKeys', () => {
  it('builds the four keys of a person', () => {
    expect(personNameKeys('Van den Bossche', 'Jean-Pierre Marie')).toEqual({
      surnameKey: 'vandenbossche',
      surnameCoreKey: 'bossche',
      givenNamesKey: 'jean pierre marie',
      nameKey: 'bossche jean pierre marie',
    });
  });

  it('keeps given names as separate words', () => {
    expect(givenNamesKey('Marie-Thérèse  Ghislaine')).toBe('marie therese ghislaine');
  });

  it('copes with missing parts', () => {
    expect(personNameKeys('Öztürk', '')).toEqual({ surnameKey: 'ozturk', surnameCoreKey: 'ozturk', givenNamesKey: '', nameKey: 'ozturk' });
    expect(personNameKeys(null, null)).toEqual({ surnameKey: '', surnameCoreKey: '', givenNamesKey: '', nameKey: '' });
  });
});
