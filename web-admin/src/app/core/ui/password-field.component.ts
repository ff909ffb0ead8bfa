import { ChangeDetectionStrategy, Component, input, signal } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { TranslatePipe } from '@ngx-translate/core';
import { ControlErrorPipe } from '../errors/control-error.pipe';

/**
 * A required password field with a button that shows or hides the characters (a toggle button for
 * screen readers), and the control's error under it. Each page names the field and the button.
 */
@Component({
  selector: 'app-password-field',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, MatButtonModule, MatIconModule, TranslatePipe, ControlErrorPipe],
  template: `
    <mat-form-field class="full-width">
      <mat-label>{{ labelKey() | translate }}</mat-label>
      <input
        matInput
        [type]="hidden() ? 'password' : 'text'"
        [formControl]="control()"
        [attr.autocomplete]="autocomplete()"
        [aria-describedby]="describedBy()"
        [maxlength]="maxLength()"
        required
      />
      <button
        mat-icon-button
        matSuffix
        type="button"
        (click)="hidden.set(!hidden())"
        [attr.aria-label]="(hidden() ? showKey() : hideKey()) | translate"
        [attr.aria-pressed]="!hidden()"
      >
        <mat-icon>{{ hidden() ? 'visibility' : 'visibility_off' }}</mat-icon>
      </button>
      <mat-error>{{ control() | controlError }}</mat-error>
    </mat-form-field>
  `,
  styles: `
    :host {
      display: block;
    }
  `,
})
export class PasswordFieldComponent {
  readonly control = input.required<FormControl<string>>();
  readonly labelKey = input.required<string>();
  /** The toggle button's accessible name while the characters are hidden, and while they are shown. */
  readonly showKey = input.required<string>();
  readonly hideKey = input.required<string>();
  readonly autocomplete = input<'current-password' | 'new-password'>('current-password');
  /** Ids of elements that describe the field (e.g. the password rules), besides its own hint and error. */
  readonly describedBy = input('');
  readonly maxLength = input<number | null>(null);

  protected readonly hidden = signal(true);
}
