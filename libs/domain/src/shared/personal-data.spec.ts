import { redactPersonalData } from './personal-data';

describe(redactPersonalData.name, () => {
  it('replaces the e-mail address in an SMTP refusal (nodemailer message)', () => {
    expect(redactPersonalData("Can't send mail - all recipients were rejected: 550 5.1.1 <jan.peeters+2026@example.be>: Recipient address rejected: User unknown")).toBe(
      "Can't send mail - all recipients were rejected: 550 5.1.1 <[e-mail]>: Recipient address rejected: User unknown",
    );
  });

  it('replaces valid national and BIS numbers, compact or formatted', () => {
    expect(redactPersonalData('key (national_number)=(88031412365) exists; 88.03.14-123.65; 88431412354')).toBe(
      'key (national_number)=([national number]) exists; [national number]; [national number]',
    );
  });

  it('keeps ids, timestamps and numbers that fail the check digits', () => {
    const text = 'job outbox-5f1c2d3e-8803-4412-9650-880314123659 at 1795547734045: 88031412366 rows, port 35992';
    expect(redactPersonalData(text)).toBe(text);
  });
});
