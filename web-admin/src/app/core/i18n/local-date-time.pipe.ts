import { inject, Pipe, PipeTransform } from '@angular/core';
import { LanguageService } from './language.service';

export type DateTimeStyle = 'dateTime' | 'date';

const DATE: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit' };
const DATE_TIME: Intl.DateTimeFormatOptions = { ...DATE, hour: '2-digit', minute: '2-digit', second: '2-digit' };

/**
 * Formats an ISO timestamp (or epoch milliseconds) for the current language. Impure so it follows
 * language changes; the result is memoised per input, value and locale.
 */
@Pipe({ name: 'localDateTime', pure: false })
export class LocalDateTimePipe implements PipeTransform {
  private readonly language = inject(LanguageService);
  private lastKey: string | null = null;
  private lastResult = '';

  transform(value: string | number | null | undefined, style: DateTimeStyle = 'dateTime'): string {
    const locale = this.language.locale();
    if (value === null || value === undefined || value === '') {
      return '';
    }
    const key = `${locale}|${style}|${value}`;
    if (key !== this.lastKey) {
      this.lastKey = key;
      const date = new Date(value);
      this.lastResult = Number.isNaN(date.getTime())
        ? String(value)
        : new Intl.DateTimeFormat(locale, style === 'date' ? DATE : DATE_TIME).format(date);
    }
    return this.lastResult;
  }
}
