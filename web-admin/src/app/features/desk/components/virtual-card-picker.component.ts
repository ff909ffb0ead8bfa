import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatSelectModule } from '@angular/material/select';
import { TranslatePipe } from '@ngx-translate/core';
import { Observable } from 'rxjs';

/** The card emulator's state (tools/beid-emulator/control-server.ts) as /api/dev/virtual-card gives it. */
export interface VirtualCardState {
  card: { label: string; inserted: boolean } | null;
  choice: { identity: string; generation: '1.7' | '1.8'; defect: string | null } | null;
  identities: { key: string; name: string; documentType: string }[];
  generations: ('1.7' | '1.8')[];
  defects: string[];
}

/**
 * Development and demo only: chooses the emulated eID in the demo's virtual reader (npm start).
 * Shows nothing at all where the api has no card emulator (production answers 404).
 */
@Component({
  selector: 'app-virtual-card-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatSelectModule, TranslatePipe],
  template: `
    @if (state(); as current) {
      <section class="picker" aria-labelledby="virtual-card-heading" data-testid="virtual-card-picker">
        <h2 id="virtual-card-heading">
          <mat-icon aria-hidden="true">science</mat-icon>
          {{ 'desk.virtual_card.heading' | translate }}
        </h2>
        <p class="in-reader" data-testid="virtual-card-status">
          @if (current.card; as card) {
            {{ 'desk.virtual_card.in_reader' | translate: { label: card.label } }}
          } @else {
            {{ 'desk.virtual_card.empty' | translate }}
          }
        </p>
        <form [formGroup]="form" (ngSubmit)="insert()" class="choices">
          <mat-form-field subscriptSizing="dynamic">
            <mat-label>{{ 'desk.virtual_card.identity' | translate }}</mat-label>
            <mat-select formControlName="identity" data-testid="virtual-card-identity">
              @for (identity of current.identities; track identity.key) {
                <mat-option [value]="identity.key">{{ identity.name }} ({{ identity.documentType }})</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <mat-form-field subscriptSizing="dynamic">
            <mat-label>{{ 'desk.virtual_card.generation' | translate }}</mat-label>
            <mat-select formControlName="generation">
              @for (generation of current.generations; track generation) {
                <mat-option [value]="generation">{{ 'desk.virtual_card.generation_' + generation.replace('.', '_') | translate }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <mat-form-field subscriptSizing="dynamic">
            <mat-label>{{ 'desk.virtual_card.defect' | translate }}</mat-label>
            <mat-select formControlName="defect" data-testid="virtual-card-defect">
              <mat-option value="">{{ 'desk.virtual_card.no_defect' | translate }}</mat-option>
              @for (defect of current.defects; track defect) {
                <mat-option [value]="defect">{{ defect }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <button mat-stroked-button type="submit" data-testid="virtual-card-insert" [disabled]="busy()">
            <mat-icon>sim_card_download</mat-icon>
            {{ 'desk.virtual_card.insert' | translate }}
          </button>
          <button mat-button type="button" data-testid="virtual-card-remove" [disabled]="busy() || !current.card" (click)="remove()">
            {{ 'desk.virtual_card.remove' | translate }}
          </button>
        </form>
        @if (failed()) {
          <p role="alert" class="error">{{ 'desk.virtual_card.failed' | translate }}</p>
        }
      </section>
    }
  `,
  styles: `
    .picker {
      border: 1px dashed var(--mat-sys-outline);
      border-radius: 8px;
      padding: 8px 16px 12px;
      margin: 12px 0;
    }
    h2 {
      display: flex;
      align-items: center;
      gap: 8px;
      font: var(--mat-sys-title-small);
      margin: 4px 0;
    }
    .in-reader {
      margin: 4px 0 8px;
    }
    .choices {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 12px;
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
})
export class VirtualCardPickerComponent implements OnInit {
  private readonly http = inject(HttpClient);
  protected readonly state = signal<VirtualCardState | null>(null);
  protected readonly busy = signal(false);
  protected readonly failed = signal(false);
  protected readonly form = inject(NonNullableFormBuilder).group({ identity: '', generation: '1.8' as '1.7' | '1.8', defect: '' });

  ngOnInit(): void {
    // Any error (404 outside development) leaves the picker hidden.
    this.http.get<VirtualCardState>('/api/dev/virtual-card').subscribe({ next: (state) => this.show(state), error: () => undefined });
  }

  protected insert(): void {
    const { identity, generation, defect } = this.form.getRawValue();
    this.change(this.http.put<VirtualCardState>('/api/dev/virtual-card', { identity, generation, defect: defect === '' ? null : defect }));
  }

  protected remove(): void {
    this.change(this.http.delete<VirtualCardState>('/api/dev/virtual-card'));
  }

  private change(request: Observable<VirtualCardState>): void {
    this.busy.set(true);
    this.failed.set(false);
    request.subscribe({
      next: (state) => {
        this.busy.set(false);
        this.show(state);
      },
      error: () => {
        this.busy.set(false);
        this.failed.set(true);
      },
    });
  }

  private show(state: VirtualCardState): void {
    this.state.set(state);
    const choice = state.choice;
    this.form.setValue({
      identity: choice?.identity ?? state.identities[0]?.key ?? '',
      generation: choice?.generation ?? '1.8',
      defect: choice?.defect ?? '',
    });
  }
}
