import { HttpClient } from '@angular/common/http';
import { computed, DOCUMENT, inject, Injectable, signal } from '@angular/core';
import { TranslateService } from '@ngx-translate/core';
import { map, Observable, switchMap, tap } from 'rxjs';
import { Me } from '../auth/auth.models';
import { SessionStore } from '../auth/session.store';
import { DEFAULT_LANGUAGE, isLanguage, Language, languageFromTag, LOCALE_BY_LANGUAGE } from './languages';

export const LANGUAGE_STORAGE_KEY = 'sesame.language';

/**
 * The console's current language. Precedence: the signed-in member's language, else the language
 * remembered in this browser, else the browser's own language when it is one of ours, else French.
 */
@Injectable({ providedIn: 'root' })
export class LanguageService {
  private readonly translate = inject(TranslateService);
  private readonly http = inject(HttpClient);
  private readonly session = inject(SessionStore);
  private readonly document = inject(DOCUMENT);

  private readonly currentState = signal<Language>(DEFAULT_LANGUAGE);

  readonly current = this.currentState.asReadonly();
  readonly locale = computed(() => LOCALE_BY_LANGUAGE[this.currentState()]);

  /** The language to start with when nothing is known about the member yet. */
  detectInitial(): Language {
    const remembered = this.readRemembered();
    if (remembered) {
      return remembered;
    }
    const navigator = this.document.defaultView?.navigator;
    const tags = navigator?.languages?.length ? navigator.languages : [navigator?.language];
    for (const tag of tags) {
      const language = languageFromTag(tag);
      if (language) {
        return language;
      }
    }
    return DEFAULT_LANGUAGE;
  }

  /**
   * Switches the UI to `language`: loads its translations, sets `<html lang>` and remembers the
   * choice in this browser. Completes once the translations are in place.
   */
  use(language: Language): Observable<void> {
    this.currentState.set(language);
    this.document.documentElement.lang = language;
    this.remember(language);
    return this.translate.use(language).pipe(map(() => undefined));
  }

  /** The member picked a language in the toolbar: apply it and, when signed in, save it on the account. */
  choose(language: Language): Observable<void> {
    const applied = this.use(language);
    if (!this.session.signedIn()) {
      return applied;
    }
    return applied.pipe(
      switchMap(() => this.http.put<Me>('/api/auth/me/language', { language })),
      tap((me) => this.session.set(me)),
      map(() => undefined),
    );
  }

  /** Sets the language without loading anything; used before the first request goes out. */
  preset(language: Language): void {
    this.currentState.set(language);
    this.document.documentElement.lang = language;
  }

  /** Instant translation of a key in the current language (for snackbars, titles, aria strings). */
  instant(key: string, params?: Record<string, unknown>): string {
    const value: unknown = this.translate.instant(key, params);
    return typeof value === 'string' ? value : key;
  }

  private readRemembered(): Language | null {
    try {
      const value = this.document.defaultView?.localStorage?.getItem(LANGUAGE_STORAGE_KEY);
      return isLanguage(value) ? value : null;
    } catch {
      return null;
    }
  }

  private remember(language: Language): void {
    try {
      this.document.defaultView?.localStorage?.setItem(LANGUAGE_STORAGE_KEY, language);
    } catch {
      // Storage can be unavailable (private mode, policies); the choice then lasts for the page only.
    }
  }
}
