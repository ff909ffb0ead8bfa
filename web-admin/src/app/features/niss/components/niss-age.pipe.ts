import { inject, Pipe, PipeTransform } from '@angular/core';
import { TranslateService } from '@ngx-translate/core';
import { ageParts } from '../services/niss-format';

/** Minutes as a short human age in the current language: "45 min", "3 h", "2 d". Impure: follows the language. */
@Pipe({ name: 'nissAge', pure: false })
export class NissAgePipe implements PipeTransform {
  private readonly translate = inject(TranslateService);

  transform(minutes: number | null | undefined): string {
    if (minutes === null || minutes === undefined) {
      return '';
    }
    const { key, n } = ageParts(minutes);
    return this.translate.instant(key, { n });
  }
}
