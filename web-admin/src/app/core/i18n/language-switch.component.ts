import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonToggleChange, MatButtonToggleModule } from '@angular/material/button-toggle';
import { TranslatePipe } from '@ngx-translate/core';
import { ErrorNotifier } from '../errors/error-notifier.service';
import { isLanguage, LANGUAGES } from './languages';
import { LanguageService } from './language.service';

/** FR / NL / DE / EN toggle for the toolbar. */
@Component({
  selector: 'app-language-switch',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonToggleModule, TranslatePipe],
  template: `
    <mat-button-toggle-group
      class="language-switch"
      [value]="language.current()"
      (change)="choose($event)"
      [attr.aria-label]="'language.switch_label' | translate"
      hideSingleSelectionIndicator
    >
      @for (lang of languages; track lang) {
        <mat-button-toggle [value]="lang" [attr.lang]="lang" [aria-label]="('language.autonym.' + lang | translate) + ' (' + lang.toUpperCase() + ')'">
          {{ lang.toUpperCase() }}
        </mat-button-toggle>
      }
    </mat-button-toggle-group>
  `,
  styles: `
    .language-switch {
      --mat-button-toggle-height: 36px;
      --mat-button-toggle-text-color: var(--mat-sys-on-primary-container);
      --mat-button-toggle-background-color: transparent;
      --mat-button-toggle-selected-state-background-color: var(--mat-sys-primary);
      --mat-button-toggle-selected-state-text-color: var(--mat-sys-on-primary);
      --mat-button-toggle-divider-color: var(--mat-sys-outline);
    }
  `,
})
export class LanguageSwitchComponent {
  protected readonly language = inject(LanguageService);
  private readonly notifier = inject(ErrorNotifier);
  protected readonly languages = LANGUAGES;

  protected choose(event: MatButtonToggleChange): void {
    const value: unknown = event.value;
    if (isLanguage(value)) {
      this.language.choose(value).subscribe({ error: (error: unknown) => this.notifier.show(error) });
    }
  }
}
