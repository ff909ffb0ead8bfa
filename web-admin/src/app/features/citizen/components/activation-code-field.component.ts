import { ChangeDetectionStrategy, Component, ElementRef, input, model, viewChildren } from '@angular/core';
import { TranslatePipe } from '@ngx-translate/core';
import { compactActivationCode } from '../services/password-rules';

const GROUPS = 4;
const GROUP_LENGTH = 5;

/**
 * The activation code as printed on the letter: four boxes of five characters. Typing moves on to
 * the next box; pasting the whole code (with or without dashes) into any box fills all four.
 * `value` is the compact upper-case code (up to 20 characters).
 */
@Component({
  selector: 'app-activation-code-field',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslatePipe],
  template: `
    <fieldset class="code-field" [attr.aria-describedby]="describedBy()">
      <legend>{{ 'citizen.code.legend' | translate }}</legend>
      <div class="groups">
        @for (group of groups(); track $index; let i = $index) {
          @if (i > 0) {
            <span class="dash" aria-hidden="true">–</span>
          }
          <input
            #box
            class="group"
            type="text"
            [value]="group"
            [attr.aria-label]="'citizen.code.group' | translate: { n: i + 1 }"
            [attr.aria-invalid]="invalid()"
            autocomplete="off"
            autocapitalize="characters"
            spellcheck="false"
            maxlength="29"
            (input)="typed(i, $event)"
            (paste)="pasted(i, $event)"
            (keydown.backspace)="backspace(i, $event)"
          />
        }
      </div>
    </fieldset>
  `,
  styles: `
    .code-field {
      border: none;
      margin: 0 0 8px;
      padding: 0;
    }
    legend {
      font: var(--mat-sys-title-small);
      margin-bottom: 8px;
    }
    .groups {
      display: flex;
      align-items: center;
      gap: 6px;
      flex-wrap: wrap;
    }
    .group {
      width: 5.6ch;
      padding: 10px 8px;
      font: 500 1.15rem/1.2 'Roboto Mono', ui-monospace, monospace;
      letter-spacing: 0.08em;
      text-transform: uppercase;
      border: 1px solid var(--mat-sys-outline);
      border-radius: 4px;
      background: var(--mat-sys-surface);
      color: var(--mat-sys-on-surface);
    }
    .group[aria-invalid='true'] {
      border-color: var(--mat-sys-error);
    }
    .dash {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class ActivationCodeFieldComponent {
  readonly value = model('');
  readonly invalid = input(false);
  readonly describedBy = input<string | null>(null);

  private readonly boxes = viewChildren<ElementRef<HTMLInputElement>>('box');

  protected groups(): string[] {
    const value = this.value();
    return Array.from({ length: GROUPS }, (_, i) => value.slice(i * GROUP_LENGTH, (i + 1) * GROUP_LENGTH));
  }

  protected typed(index: number, event: Event): void {
    const box = event.target as HTMLInputElement;
    const text = compactActivationCode(box.value);
    const next = this.place(index, text);
    box.value = next[index];
    if (text.length >= GROUP_LENGTH) {
      this.focus(Math.min(GROUPS - 1, index + Math.ceil(text.length / GROUP_LENGTH)));
    }
  }

  protected pasted(index: number, event: ClipboardEvent): void {
    const text = compactActivationCode(event.clipboardData?.getData('text') ?? '');
    if (!text) {
      return;
    }
    event.preventDefault();
    // A whole code goes in from the first box, wherever it was pasted.
    const start = text.length >= GROUPS * GROUP_LENGTH ? 0 : index;
    this.place(start, text);
    this.focus(Math.min(GROUPS - 1, start + Math.ceil(text.length / GROUP_LENGTH) - 1));
  }

  protected backspace(index: number, event: Event): void {
    if (index > 0 && (event.target as HTMLInputElement).value === '') {
      event.preventDefault();
      this.focus(index - 1);
    }
  }

  /** Writes `text` from box `start` on, spilling into the following boxes; returns the new groups. */
  private place(start: number, text: string): string[] {
    const groups = this.groups();
    let rest = text;
    for (let i = start; i < GROUPS; i += 1) {
      if (i === start || rest.length > 0) {
        groups[i] = rest.slice(0, GROUP_LENGTH);
        rest = rest.slice(GROUP_LENGTH);
      }
    }
    this.value.set(groups.join('').slice(0, GROUPS * GROUP_LENGTH));
    return groups;
  }

  private focus(index: number): void {
    this.boxes()[index]?.nativeElement.focus();
  }
}
