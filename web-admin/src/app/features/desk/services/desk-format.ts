/** `85073003328` → `85.07.30-033.28`; anything else is returned as is. */
export function formatNationalNumber(value: string | null | undefined): string {
  const digits = (value ?? '').replace(/\D/g, '');
  if (digits.length !== 11) {
    return value ?? '';
  }
  return `${digits.slice(0, 2)}.${digits.slice(2, 4)}.${digits.slice(4, 6)}-${digits.slice(6, 9)}.${digits.slice(9)}`;
}

/** `591191706458` → `591-1917064-58`; anything else is returned as is. */
export function formatCardNumber(value: string | null | undefined): string {
  const digits = (value ?? '').replace(/[\s.-]/g, '');
  if (!/^\d{12}$/.test(digits)) {
    return value ?? '';
  }
  return `${digits.slice(0, 3)}-${digits.slice(3, 10)}-${digits.slice(10)}`;
}

/** Today's date in Belgium as `YYYY-MM-DD` (the desk's day, whatever the PC's time zone). */
export function brusselsToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(now);
}

/** The MRZ as typed: upper case, one line per line, no blank lines. */
export function cleanMrz(text: string): string {
  return text
    .toUpperCase()
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');
}
