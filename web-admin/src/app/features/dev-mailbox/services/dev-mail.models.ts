import { Language } from '../../../core/i18n/languages';

export interface DevMail {
  id: string;
  to: string[];
  subject: string;
  date: string;
  language: Language | null;
  text: string;
  html: string | null;
}
