import { DestroyRef, inject, Injectable } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Title } from '@angular/platform-browser';
import { RouterStateSnapshot, TitleStrategy } from '@angular/router';
import { TranslateService } from '@ngx-translate/core';

/** Route `title`s are translation keys; the document title is "<page> · Sésame" in the current language. */
@Injectable()
export class TranslatedTitleStrategy extends TitleStrategy {
  private readonly title = inject(Title);
  private readonly translate = inject(TranslateService);
  private pageKey: string | undefined;

  constructor() {
    super();
    this.translate.onLangChange.pipe(takeUntilDestroyed(inject(DestroyRef))).subscribe(() => this.apply());
  }

  override updateTitle(snapshot: RouterStateSnapshot): void {
    this.pageKey = this.buildTitle(snapshot);
    this.apply();
  }

  private apply(): void {
    const appName = String(this.translate.instant('app.name'));
    const page = this.pageKey ? String(this.translate.instant(this.pageKey)) : null;
    this.title.setTitle(page ? `${page} · ${appName}` : appName);
  }
}
