import { inject, Pipe, PipeTransform } from '@angular/core';
import { LanguageService } from '../i18n/language.service';
import { Municipality, municipalityName } from './municipality.model';

/** A municipality's name in the UI language. Impure so it follows language changes (cheap lookup). */
@Pipe({ name: 'municipalityName', pure: false })
export class MunicipalityNamePipe implements PipeTransform {
  private readonly language = inject(LanguageService);

  transform(municipality: Municipality | null | undefined): string {
    const language = this.language.current();
    return municipality ? municipalityName(municipality, language) : '';
  }
}
