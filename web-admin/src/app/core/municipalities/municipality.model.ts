import { Language } from '../i18n/languages';

export interface Municipality {
  /** NIS code, five digits. */
  nisCode: string;
  nameFr: string;
  nameNl: string;
  nameDe: string;
}

/** The municipality's name in the UI language (French for French and English). */
export function municipalityName(municipality: Municipality, language: Language): string {
  switch (language) {
    case 'nl':
      return municipality.nameNl;
    case 'de':
      return municipality.nameDe;
    default:
      return municipality.nameFr;
  }
}
