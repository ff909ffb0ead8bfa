import {
  cardNumberCheck,
  isValidCardNumber,
  isValidNationalNumber,
  makeNationalNumber,
  nationalNumberCheck,
} from './belgian-numbers';
import { DEMO_IDENTITIES, DEMO_IDENTITY_KEYS } from './demo-identities';

describe('Belgian check digits', () => {
  it.each([
    ['850730033', false, '28'],
    ['170730033', true, '84'],
    ['900220084', false, '56'],
    ['984728997', false, '65'],
    ['014907001', true, '85'],
  ])('national number %s (born from 2000: %s) → %s', (first9, from2000, check) => {
    expect(nationalNumberCheck(first9, from2000)).toBe(check);
  });

  it('puts the 2 in front for births from 2000', () => {
    expect(makeNationalNumber({ year: 2017, month: 7, day: 30 }, 33)).toBe('17073003384');
    expect(makeNationalNumber({ year: 1985, month: 7, day: 30 }, 33)).toBe('85073003328');
    expect(isValidNationalNumber('17073003384')).toBe(true);
    expect(isValidNationalNumber('17073003385')).toBe(false);
  });

  it('computes card numbers with 0 written as 97', () => {
    expect(cardNumberCheck('5911917064')).toBe('58');
    expect(cardNumberCheck('5912010999')).toBe('97');
    expect(isValidCardNumber('591191706458')).toBe(true);
    expect(isValidCardNumber('591191706459')).toBe(false);
  });

  it.each(DEMO_IDENTITY_KEYS)('gives %s valid numbers', (key) => {
    expect(isValidCardNumber(DEMO_IDENTITIES[key].cardNumber)).toBe(true);
    expect(isValidNationalNumber(DEMO_IDENTITIES[key].nationalNumber)).toBe(true);
  });
});
