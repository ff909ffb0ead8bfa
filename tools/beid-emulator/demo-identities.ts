import * as crypto from 'node:crypto';
import { makeNationalNumber, withCardNumberCheck } from './belgian-numbers';
import type { CardholderIdentity } from './card-profile';
import { createPlaceholderPhoto } from './placeholder-photo';

/**
 * Fictitious cardholders for tests and the demo. Names, numbers and addresses are made up;
 * check digits are valid. Cards whose validity begins on or after 01.09.2020 are applet 1.8 (ECC)
 * cards by default, older ones applet 1.7 (RSA): `jan` and `marie-therese` are the 1.7 cards.
 */

/** 16 stable pseudo-random bytes per cardholder (the chip serial number). */
function chipNumber(key: string): string {
  return crypto.createHash('sha256').update(`sesame-demo-chip:${key}`).digest('hex').slice(0, 32).toUpperCase();
}

/** 1.7 photos are 140×200, photos from 2021 are 150×195. */
function photo(key: string, generation: '1.7' | '1.8'): Buffer {
  return generation === '1.7'
    ? createPlaceholderPhoto({ seed: key, width: 140, height: 200 })
    : createPlaceholderPhoto({ seed: key, width: 150, height: 195 });
}

export type DemoIdentityKey =
  | 'francoise'
  | 'jan'
  | 'lukas'
  | 'baron'
  | 'emma'
  | 'giulia'
  | 'amir'
  | 'marie-therese';

export const DEMO_IDENTITIES: Readonly<Record<DemoIdentityKey, CardholderIdentity>> = {
  /** Belgian, French card, accents in both given names, applet 1.8. */
  francoise: {
    cardNumber: withCardNumberCheck('6010234517'),
    chipNumber: chipNumber('francoise'),
    validityBegin: '12.03.2023',
    validityEnd: '12.03.2033',
    deliveryMunicipality: 'Liège',
    nationalNumber: makeNationalNumber({ year: 1987, month: 8, day: 14 }, 126),
    surname: 'Dubois-Lefèvre',
    firstNames: 'Françoise Émilie',
    thirdNameInitial: 'A',
    nationality: 'Belge',
    birthPlace: 'Liège',
    birthDate: '14 AOUT 1987',
    sex: 'F',
    documentType: 1,
    specialStatus: 0,
    address: { street: 'Rue Saint-Gilles 25', postalCode: '4000', municipality: 'Liège' },
    photo: photo('francoise', '1.8'),
    cardLanguage: 'fr',
  },
  /** Belgian, Dutch card, applet 1.7 RSA, document type written as a single `1`. */
  jan: {
    cardNumber: withCardNumberCheck('5921917064'),
    chipNumber: chipNumber('jan'),
    validityBegin: '15.06.2020',
    validityEnd: '15.06.2030',
    deliveryMunicipality: 'Antwerpen',
    nationalNumber: makeNationalNumber({ year: 1985, month: 7, day: 30 }, 33),
    surname: 'Peeters',
    firstNames: 'Jan Pieter',
    thirdNameInitial: 'K',
    nationality: 'Belg',
    birthPlace: 'Antwerpen',
    birthDate: '30 JUL 1985',
    sex: 'M',
    documentType: '1',
    specialStatus: 0,
    address: { street: 'Lange Nieuwstraat 112 bus 3', postalCode: '2000', municipality: 'Antwerpen' },
    photo: photo('jan', '1.7'),
    cardLanguage: 'nl',
  },
  /** Belgian, German card (`DD.MMM.YYYY` birth date with MÄR), umlaut in the surname. */
  lukas: {
    cardNumber: withCardNumberCheck('6023456781'),
    chipNumber: chipNumber('lukas'),
    validityBegin: '02.02.2022',
    validityEnd: '02.02.2032',
    deliveryMunicipality: 'Eupen',
    nationalNumber: makeNationalNumber({ year: 1979, month: 3, day: 15 }, 57),
    surname: 'Müller',
    firstNames: 'Lukas Johannes',
    thirdNameInitial: 'P',
    nationality: 'Belgier',
    birthPlace: 'Eupen',
    birthDate: '15.MÄR.1979',
    sex: 'M',
    documentType: 1,
    specialStatus: 0,
    address: { street: 'Aachener Straße 41', postalCode: '4700', municipality: 'Eupen' },
    photo: photo('lukas', '1.8'),
    cardLanguage: 'de',
  },
  /** Noble condition, three given names, particle in the surname. */
  baron: {
    cardNumber: withCardNumberCheck('6031122334'),
    chipNumber: chipNumber('baron'),
    validityBegin: '20.10.2021',
    validityEnd: '20.10.2031',
    deliveryMunicipality: 'Namur',
    nationalNumber: makeNationalNumber({ year: 1962, month: 3, day: 2 }, 211),
    surname: 'de Rochefontaine',
    firstNames: 'Charles-Édouard Philippe',
    thirdNameInitial: 'M',
    nationality: 'Belge',
    birthPlace: 'Namur',
    birthDate: '02 MARS 1962',
    sex: 'M',
    nobleCondition: 'Baron',
    documentType: 1,
    specialStatus: 0,
    address: { street: 'Chaussée de Louvain 150', postalCode: '5000', municipality: 'Namur' },
    photo: photo('baron', '1.8'),
    cardLanguage: 'fr',
  },
  /** Kids-ID (type 6), born 2017: national number check computed with the 2-prefix. */
  emma: {
    cardNumber: withCardNumberCheck('6109876543'),
    chipNumber: chipNumber('emma'),
    validityBegin: '05.05.2025',
    validityEnd: '05.05.2028',
    deliveryMunicipality: 'Gent',
    nationalNumber: makeNationalNumber({ year: 2017, month: 3, day: 12 }, 142),
    surname: 'Janssens',
    firstNames: 'Emma Louise',
    thirdNameInitial: '',
    nationality: 'Belg',
    birthPlace: 'Gent',
    birthDate: '12 MAAR 2017',
    sex: 'V',
    documentType: 6,
    specialStatus: 0,
    address: { street: 'Korenmarkt 8', postalCode: '9000', municipality: 'Gent' },
    photo: photo('emma', '1.8'),
    cardLanguage: 'nl',
  },
  /** Foreigner, EU card (type 31) with the EU start-date mention (tag 1F). */
  giulia: {
    cardNumber: withCardNumberCheck('6205551234'),
    chipNumber: chipNumber('giulia'),
    validityBegin: '10.01.2024',
    validityEnd: '10.01.2029',
    deliveryMunicipality: 'Etterbeek',
    nationalNumber: makeNationalNumber({ year: 1990, month: 11, day: 23 }, 284),
    surname: 'Rossi',
    firstNames: 'Giulia Maria',
    thirdNameInitial: 'C',
    nationality: 'Italienne',
    birthPlace: 'Torino',
    birthDate: '23 NOV 1990',
    sex: 'F',
    documentType: 31,
    specialStatus: 0,
    foreignerMentions: { euStartDate: '10.01.2024', memberOfFamily: true },
    address: { street: 'Rue de la Loi 155', postalCode: '1040', municipality: 'Etterbeek' },
    photo: photo('giulia', '1.8'),
    cardLanguage: 'fr',
  },
  /** Foreigner, A card (type 11): student with a limited work permit and a regional file number. */
  amir: {
    cardNumber: withCardNumberCheck('6217778889'),
    chipNumber: chipNumber('amir'),
    validityBegin: '15.09.2026',
    validityEnd: '14.09.2027',
    deliveryMunicipality: 'Leuven',
    nationalNumber: makeNationalNumber({ year: 1998, month: 4, day: 4 }, 215),
    surname: 'Hosseini',
    firstNames: 'Amir Reza',
    thirdNameInitial: '',
    nationality: 'Iraanse',
    birthPlace: 'Teheran',
    birthDate: '04 APR 1998',
    sex: 'M',
    documentType: 11,
    specialStatus: 0,
    foreignerMentions: { workPermit: '8', cardAMention1: 'D', regionalFileNumber: '202600123456789012' },
    address: { street: 'Naamsestraat 80', postalCode: '3000', municipality: 'Leuven' },
    photo: photo('amir', '1.8'),
    cardLanguage: 'nl',
  },
  /** Belgian, applet 1.7 RSA, special status 1 (white cane), hyphenated given name. */
  'marie-therese': {
    cardNumber: withCardNumberCheck('5927654321'),
    chipNumber: chipNumber('marie-therese'),
    validityBegin: '03.08.2020',
    validityEnd: '03.08.2030',
    deliveryMunicipality: 'Bruxelles',
    nationalNumber: makeNationalNumber({ year: 1950, month: 1, day: 1 }, 68),
    surname: 'Vanderstraeten',
    firstNames: 'Marie-Thérèse Ghislaine',
    thirdNameInitial: 'J',
    nationality: 'Belge',
    birthPlace: 'Ixelles',
    birthDate: '01 JAN 1950',
    sex: 'F',
    documentType: 1,
    specialStatus: 1,
    address: { street: 'Avenue Louise 231', postalCode: '1050', municipality: 'Ixelles' },
    photo: photo('marie-therese', '1.7'),
    cardLanguage: 'fr',
  },
};

export const DEMO_IDENTITY_KEYS = Object.keys(DEMO_IDENTITIES) as DemoIdentityKey[];

export function isDemoIdentityKey(key: string): key is DemoIdentityKey {
  return Object.prototype.hasOwnProperty.call(DEMO_IDENTITIES, key);
}
