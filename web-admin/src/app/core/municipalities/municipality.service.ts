import { HttpClient } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { catchError, Observable, of, shareReplay, tap } from 'rxjs';
import { LanguageService } from '../i18n/language.service';
import { Municipality, municipalityName } from './municipality.model';

/** The list of municipalities, fetched once and sorted by name in the UI language. */
@Injectable({ providedIn: 'root' })
export class MunicipalityService {
  private readonly http = inject(HttpClient);
  private readonly language = inject(LanguageService);
  private readonly all = signal<readonly Municipality[]>([]);
  private request$: Observable<readonly Municipality[]> | null = null;

  readonly sorted = computed(() => {
    const language = this.language.current();
    const collator = new Intl.Collator(this.language.locale());
    return [...this.all()].sort((a, b) =>
      collator.compare(municipalityName(a, language), municipalityName(b, language)),
    );
  });

  readonly byNisCode = computed(() => new Map(this.all().map((m) => [m.nisCode, m])));

  load(): Observable<readonly Municipality[]> {
    this.request$ ??= this.http.get<Municipality[]>('/api/municipalities').pipe(
      tap((list) => this.all.set(list)),
      catchError((error: unknown) => {
        this.request$ = null;
        throw error;
      }),
      shareReplay({ bufferSize: 1, refCount: false }),
    );
    return this.request$;
  }

  /** Loads the list if needed, ignoring failures (callers show codes instead of names then). */
  ensureLoaded(): void {
    this.load()
      .pipe(catchError(() => of([])))
      .subscribe();
  }
}
