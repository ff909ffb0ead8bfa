import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { TranslatePipe } from '@ngx-translate/core';
import { passwordRules } from '../services/password-rules';

const RULE_KEYS = { length: 'citizen.credentials.rule_length', username: 'citizen.credentials.rule_username', classes: 'citizen.credentials.rule_classes' };

/** The password rules, each ticked as soon as the typed password meets it. */
@Component({
  selector: 'app-password-hints',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatIconModule, TranslatePipe],
  template: `
    <p class="rules-title" [id]="hintsId() + '-title'">{{ 'citizen.credentials.rules_title' | translate }}</p>
    <ul class="rules" [id]="hintsId()" [attr.aria-labelledby]="hintsId() + '-title'" aria-live="polite">
      @for (state of states(); track state.rule) {
        <li [class.met]="state.met" [attr.data-rule]="state.rule">
          <mat-icon aria-hidden="true">{{ state.met ? 'check_circle' : 'radio_button_unchecked' }}</mat-icon>
          <span>{{ ruleKeys[state.rule] | translate }}</span>
          <span class="visually-hidden">({{ (state.met ? 'citizen.credentials.rule_met' : 'citizen.credentials.rule_unmet') | translate }})</span>
        </li>
      }
    </ul>
  `,
  styles: `
    .rules-title {
      margin: 0 0 4px;
      font: var(--mat-sys-title-small);
    }
    .rules {
      list-style: none;
      margin: 0 0 16px;
      padding: 0;
    }
    .rules li {
      display: flex;
      align-items: center;
      gap: 8px;
      color: var(--mat-sys-on-surface-variant);
      line-height: 1.8;
    }
    .rules li.met {
      color: var(--mat-sys-primary);
    }
    .rules mat-icon {
      font-size: 20px;
      width: 20px;
      height: 20px;
    }
    .visually-hidden {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
    }
  `,
})
export class PasswordHintsComponent {
  readonly password = input('');
  readonly username = input('');
  readonly hintsId = input('password-rules');

  protected readonly ruleKeys = RULE_KEYS;
  protected readonly states = computed(() => passwordRules(this.password(), this.username()));
}
