import {
  activationCodeRefusal,
  afterWrongAttempt,
  allowedFrom,
  canTransition,
  characterClasses,
  CITIZEN_CODE_TRANSITIONS,
  citizenCodeRefusal,
  codeChannelOf,
  DIGITAL_KEY_TRANSITIONS,
  enrolmentAllows,
  maskEmail,
  maskPhone,
  normalizeNumericCode,
  normalizePhone,
  normalizeUsername,
  passwordProblems,
} from './activation.rules';

const NOW = new Date('2026-03-02T10:00:00Z');
const later = (seconds: number): Date => new Date(NOW.getTime() + seconds * 1000);

describe('activation rules', () => {
  describe('state tables', () => {
    it('moves a digital key only pending → active → deactivated', () => {
      expect(canTransition(DIGITAL_KEY_TRANSITIONS, 'pending', 'active')).toBe(true);
      expect(canTransition(DIGITAL_KEY_TRANSITIONS, 'active', 'deactivated')).toBe(true);
      expect(canTransition(DIGITAL_KEY_TRANSITIONS, 'pending', 'deactivated')).toBe(false);
      expect(canTransition(DIGITAL_KEY_TRANSITIONS, 'deactivated', 'active')).toBe(false);
      expect(canTransition(DIGITAL_KEY_TRANSITIONS, 'active', 'pending')).toBe(false);
      expect(allowedFrom(DIGITAL_KEY_TRANSITIONS, 'active')).toEqual(['pending']);
      expect(allowedFrom(DIGITAL_KEY_TRANSITIONS, 'deactivated')).toEqual(['active']);
    });

    it('ends a registration or login code only from live, once', () => {
      for (const end of ['used', 'voided', 'locked'] as const) {
        expect(allowedFrom(CITIZEN_CODE_TRANSITIONS, end)).toEqual(['live']);
        expect(canTransition(CITIZEN_CODE_TRANSITIONS, end, 'live')).toBe(false);
      }
    });

    it('orders the enrolment: key kind, then credentials, then the code; the kind may be changed until activation', () => {
      expect(enrolmentAllows('choose_key', 'choose_key')).toBe(true);
      expect(enrolmentAllows('choose_key', 'set_credentials')).toBe(false);
      expect(enrolmentAllows('choose_key', 'confirm')).toBe(false);
      expect(enrolmentAllows('credentials', 'set_credentials')).toBe(true);
      expect(enrolmentAllows('credentials', 'resend_code')).toBe(false);
      expect(enrolmentAllows('credentials', 'confirm')).toBe(false);
      expect(enrolmentAllows('confirm', 'confirm')).toBe(true);
      expect(enrolmentAllows('confirm', 'resend_code')).toBe(true);
      expect(enrolmentAllows('confirm', 'choose_key')).toBe(true);
    });
  });

  describe(activationCodeRefusal.name, () => {
    const live = { status: 'issued' as const, expiresAt: later(3600), lockedAt: null, failedAttempts: 0 };

    it('accepts a live, unexpired, unlocked code', () => {
      expect(activationCodeRefusal(live, NOW, 5)).toBeNull();
      expect(activationCodeRefusal({ ...live, failedAttempts: 4 }, NOW, 5)).toBeNull();
    });

    it('names why a code cannot be used', () => {
      expect(activationCodeRefusal({ ...live, status: 'consumed' }, NOW, 5)).toBe('already_used');
      expect(activationCodeRefusal({ ...live, status: 'revoked' }, NOW, 5)).toBe('revoked');
      expect(activationCodeRefusal({ ...live, status: 'expired' }, NOW, 5)).toBe('expired');
      expect(activationCodeRefusal({ ...live, expiresAt: NOW }, NOW, 5)).toBe('expired');
      expect(activationCodeRefusal({ ...live, lockedAt: NOW }, NOW, 5)).toBe('locked');
      expect(activationCodeRefusal({ ...live, failedAttempts: 5 }, NOW, 5)).toBe('locked');
    });

    it('locks after the last allowed wrong attempt', () => {
      let failed = 0;
      const answers: string[] = [];
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        const outcome = afterWrongAttempt(failed, 5);
        failed = outcome.failedAttempts;
        answers.push(outcome.locked ? 'locked' : `left ${outcome.attemptsLeft}`);
      }
      expect(answers).toEqual(['left 4', 'left 3', 'left 2', 'left 1', 'locked']);
      expect(activationCodeRefusal({ ...live, failedAttempts: failed }, NOW, 5)).toBe('locked');
    });
  });

  describe(citizenCodeRefusal.name, () => {
    const live = { status: 'live' as const, expiresAt: later(300), failedAttempts: 0 };

    it('accepts the newest live code until it expires', () => {
      expect(citizenCodeRefusal(live, NOW, 5)).toBeNull();
      expect(citizenCodeRefusal({ ...live, expiresAt: later(1) }, NOW, 5)).toBeNull();
      expect(citizenCodeRefusal({ ...live, expiresAt: NOW }, NOW, 5)).toBe('expired');
    });

    it('refuses missing, replaced, used and locked codes', () => {
      expect(citizenCodeRefusal(null, NOW, 5)).toBe('missing');
      expect(citizenCodeRefusal({ ...live, status: 'voided' }, NOW, 5)).toBe('missing');
      expect(citizenCodeRefusal({ ...live, status: 'used' }, NOW, 5)).toBe('already_used');
      expect(citizenCodeRefusal({ ...live, status: 'locked' }, NOW, 5)).toBe('locked');
      expect(citizenCodeRefusal({ ...live, failedAttempts: 5 }, NOW, 5)).toBe('locked');
    });

    it('reads six digits, with or without a space', () => {
      expect(normalizeNumericCode('123456')).toBe('123456');
      expect(normalizeNumericCode(' 123 456 ')).toBe('123456');
      expect(normalizeNumericCode('12345')).toBeNull();
      expect(normalizeNumericCode('12345a')).toBeNull();
      expect(normalizeNumericCode('1234567')).toBeNull();
    });

    it('sends codes by e-mail or SMS, never for app keys', () => {
      expect(codeChannelOf('email_code')).toBe('email');
      expect(codeChannelOf('sms_code')).toBe('sms');
      expect(codeChannelOf('totp')).toBeNull();
    });
  });

  describe('username', () => {
    it('keeps 3 to 64 of a-z 0-9 . _ -, in lower case', () => {
      expect(normalizeUsername(' Jan.Peeters ')).toBe('jan.peeters');
      expect(normalizeUsername('a_b-c.9')).toBe('a_b-c.9');
      expect(normalizeUsername('ab')).toBeNull();
      expect(normalizeUsername('x'.repeat(64))).toBe('x'.repeat(64));
      expect(normalizeUsername('x'.repeat(65))).toBeNull();
      expect(normalizeUsername('jan peeters')).toBeNull();
      expect(normalizeUsername('jan@peeters')).toBeNull();
      expect(normalizeUsername('zoë')).toBeNull();
    });
  });

  describe(passwordProblems.name, () => {
    it('accepts a long mixed password that does not contain the username', () => {
      expect(passwordProblems('correct horse battery', 'jan.peeters')).toEqual([]);
      expect(passwordProblems('Tr0ubadour&3x', 'jan.peeters')).toEqual([]);
    });

    it('wants at least 12 characters', () => {
      expect(passwordProblems('short-one1', 'jan')).toEqual(['too_short']);
      expect(passwordProblems('exactly-12ch', 'jan')).toEqual([]);
    });

    it('refuses a password containing the username, whatever the case', () => {
      expect(passwordProblems('my-JAN.PEETERS-secret', 'jan.peeters')).toEqual(['contains_username']);
    });

    it('refuses a password of one kind of character only', () => {
      expect(passwordProblems('abcdefghijklmnop', 'jan')).toEqual(['one_class']);
      expect(passwordProblems('123456789012', 'jan')).toEqual(['one_class']);
      expect(passwordProblems('ABCDEFGHIJKLMN', 'jan')).toEqual(['one_class']);
      expect(passwordProblems('abcdefghijklmnoP', 'jan')).toEqual([]);
      expect(characterClasses('aB3!')).toBe(4);
      expect(characterClasses('éèà')).toBe(1);
    });

    it('lists every broken rule in order', () => {
      expect(passwordProblems('janjanjan', 'janjan')).toEqual(['too_short', 'contains_username', 'one_class']);
      expect(passwordProblems('', 'jan')).toEqual(['too_short']);
    });
  });

  describe(normalizePhone.name, () => {
    it('reads Belgian mobile numbers as typed', () => {
      expect(normalizePhone('0470 12 34 56')).toBe('+32470123456');
      expect(normalizePhone('0470/12.34.56')).toBe('+32470123456');
      expect(normalizePhone('+32 470 12 34 56')).toBe('+32470123456');
      expect(normalizePhone('0032 470 123456')).toBe('+32470123456');
      expect(normalizePhone('470123456')).toBe('+32470123456');
    });

    it('keeps foreign numbers in E.164', () => {
      expect(normalizePhone('+33 6 12 34 56 78')).toBe('+33612345678');
      expect(normalizePhone('0031 6 12345678')).toBe('+31612345678');
    });

    it('refuses Belgian landlines, short numbers and anything not a number', () => {
      expect(normalizePhone('02 123 45 67')).toBeNull();
      expect(normalizePhone('+32 2 123 45 67')).toBeNull();
      expect(normalizePhone('0470 12 34')).toBeNull();
      expect(normalizePhone('+1 23')).toBeNull();
      expect(normalizePhone('call me')).toBeNull();
      expect(normalizePhone('+32 470 12 34 56 ext 2')).toBeNull();
    });
  });

  it('masks where codes go', () => {
    expect(maskEmail('jan.peeters@example.be')).toBe('j•••@example.be');
    expect(maskPhone('+32470123456')).toBe('+32 ••• •• •• 56');
  });
});
