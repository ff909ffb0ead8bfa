import { ChangeDetectionStrategy, Component, DOCUMENT, inject } from '@angular/core';
import { MatToolbarModule } from '@angular/material/toolbar';
import { RouterOutlet } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { LanguageSwitchComponent } from '../i18n/language-switch.component';

/** Frame of the sign-in pages: app name and language switch, nothing else. */
@Component({
  selector: 'app-public-layout',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, MatToolbarModule, TranslatePipe, LanguageSwitchComponent],
  template: `
    <a class="skip-link" href="#main-content" (click)="skipToContent($event)">
      {{ 'shell.skip_to_content' | translate }}
    </a>
    <header>
      <mat-toolbar class="public-toolbar">
        <span class="app-name">{{ 'app.name' | translate }}</span>
        <span class="spacer"></span>
        <app-language-switch />
      </mat-toolbar>
    </header>
    <main id="main-content" class="public-main" tabindex="-1">
      <router-outlet />
    </main>
  `,
  styles: `
    .public-toolbar {
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
    }
    .app-name {
      font: var(--mat-sys-title-large);
    }
    .spacer {
      flex: 1 1 auto;
    }
    .public-main {
      display: flex;
      justify-content: center;
      padding: 32px 16px;
      outline: none;
    }
  `,
})
export class PublicLayoutComponent {
  private readonly document = inject(DOCUMENT);

  protected skipToContent(event: Event): void {
    event.preventDefault();
    this.document.getElementById('main-content')?.focus();
  }
}
