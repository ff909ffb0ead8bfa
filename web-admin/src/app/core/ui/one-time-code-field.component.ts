import { ChangeDetectionStrategy, Component, ElementRef, input, viewChild } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TranslatePipe } from '@ngx-translate/core';
import { ControlErrorPipe } from '../errors/control-error.pipe';

/** The code as the API takes it: the spaces a person may type ("123 456") left out. */
export function compactOneTimeCode(code: string): string {
  return code.replace(/\s/g, '');
}

/**
 * A required field for a one-time code (authenticator app, e-mail or SMS): numeric keyboard,
 * autofill from the phone (`one-time-code`), a hint under it and the control's error.
 */
@Component({
  selector: 'app-one-time-code-field',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, TranslatePipe, ControlErrorPipe],
  template: `
    <mat-form-field class="full-width">
      <mat-label>{{ labelKey() | translate }}</mat-label>
      <input #input matInput [formControl]="control()" inputmode="numeric" autocomplete="one-time-code" maxlength="9" required />
      <mat-hint>{{ hintKey() | translate }}</mat-hint>
      <mat-error>{{ control() | controlError }}</mat-error>
    </mat-form-field>
  `,
  styles: `
    :host {
      display: block;
    }
  `,
})
export class OneTimeCodeFieldComponent {
  readonly control = input.required<FormControl<string>>();
  readonly labelKey = input.required<string>();
  readonly hintKey = input.required<string>();

  private readonly input = viewChild.required<ElementRef<HTMLInputElement>>('input');

  /** Puts the cursor in the field. */
  focus(): void {
    this.input().nativeElement.focus();
  }
}
