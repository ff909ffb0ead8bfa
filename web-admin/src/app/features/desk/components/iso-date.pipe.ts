import { inject, Pipe, PipeTransform } from '@angular/core';
import { LanguageService } from '../../../core/i18n/language.service';

/**
 * A calendar date (`YYYY-MM-DD`: birth date, card validity) in the current language. Formatted in
 * UTC on purpose: a calendar date has no time zone and must not shift by a day. Anything else is
 * shown as is. Impure so it follows language changes.
 */
@Pipe({ name: 'isoDate', pure: false })
export class IsoDatePipe implements PipeTransform {
  private readonly language = inject(LanguageService);

  transform(value: string | null | undefined): string {
    const locale = this.language.locale();
    if (!value) {
      return '';
    }
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!match) {
      return value;
    }
    const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
    return new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }).format(date);
  }
}
