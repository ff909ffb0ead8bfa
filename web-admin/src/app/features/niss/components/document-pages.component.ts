import { ChangeDetectionStrategy, Component, DestroyRef, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';
import { TranslatePipe } from '@ngx-translate/core';
import { Subscription } from 'rxjs';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { NissApiService } from '../services/niss-api.service';

const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3];

/** The uploaded document's pages, fetched with the staff session, with zoom and rotation. */
@Component({
  selector: 'app-niss-document-pages',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatIconModule, MatTooltipModule, TranslatePipe],
  template: `
    <div class="toolbar" role="toolbar" [attr.aria-label]="'niss.review.document_tools' | translate">
      <button mat-icon-button type="button" (click)="zoom(-1)" [disabled]="zoomIndex() === 0" [attr.aria-label]="'niss.review.zoom_out' | translate" [matTooltip]="'niss.review.zoom_out' | translate">
        <mat-icon>zoom_out</mat-icon>
      </button>
      <span class="zoom-level" aria-live="polite">{{ zoomPercent() }} %</span>
      <button mat-icon-button type="button" (click)="zoom(1)" [disabled]="zoomIndex() === zooms.length - 1" [attr.aria-label]="'niss.review.zoom_in' | translate" [matTooltip]="'niss.review.zoom_in' | translate">
        <mat-icon>zoom_in</mat-icon>
      </button>
      <button mat-icon-button type="button" (click)="rotate()" [attr.aria-label]="'niss.review.rotate' | translate" [matTooltip]="'niss.review.rotate' | translate">
        <mat-icon>rotate_right</mat-icon>
      </button>
    </div>
    @for (page of urls(); track $index) {
      <figure class="page">
        @if (page) {
          <img [src]="page" [alt]="'niss.review.page_alt' | translate: { n: $index + 1 }" [style.transform]="transform()" />
        } @else {
          <p class="empty-state">{{ 'common.loading' | translate }}</p>
        }
        <figcaption>{{ 'niss.review.page' | translate: { n: $index + 1 } }}</figcaption>
      </figure>
    } @empty {
      <p class="empty-state">{{ 'niss.review.no_document' | translate }}</p>
    }
  `,
  styles: `
    :host { display: block; }
    .toolbar { display: flex; align-items: center; gap: 4px; }
    .zoom-level { min-width: 4em; text-align: center; }
    .page { margin: 0 0 16px; overflow: auto; max-height: 75vh; border: 1px solid var(--mat-sys-outline-variant); border-radius: 8px; }
    .page img { display: block; width: 100%; transform-origin: center center; transition: transform 0.15s; }
    figcaption { padding: 4px 8px; font: var(--mat-sys-label-medium); color: var(--mat-sys-on-surface-variant); }
  `,
})
export class DocumentPagesComponent {
  private readonly api = inject(NissApiService);
  private readonly notifier = inject(ErrorNotifier);

  readonly documentId = input<string | null>(null);
  readonly pageCount = input(0);

  protected readonly zooms = ZOOMS;
  protected readonly zoomIndex = signal(ZOOMS.indexOf(1));
  protected readonly rotation = signal(0);
  protected readonly urls = signal<readonly (string | null)[]>([]);
  protected readonly zoomPercent = () => Math.round(ZOOMS[this.zoomIndex()] * 100);
  protected readonly transform = () => `scale(${ZOOMS[this.zoomIndex()]}) rotate(${this.rotation()}deg)`;

  private subscriptions: Subscription[] = [];

  constructor() {
    effect(() => {
      const documentId = this.documentId();
      const count = this.pageCount();
      untracked(() => this.load(documentId, count));
    });
    inject(DestroyRef).onDestroy(() => this.clear());
  }

  protected zoom(step: number): void {
    this.zoomIndex.update((i) => Math.min(ZOOMS.length - 1, Math.max(0, i + step)));
  }

  protected rotate(): void {
    this.rotation.update((r) => (r + 90) % 360);
  }

  private load(documentId: string | null, count: number): void {
    this.clear();
    if (!documentId || count < 1) {
      this.urls.set([]);
      return;
    }
    const pages = Math.min(count, 2);
    this.urls.set(Array.from({ length: pages }, () => null));
    for (let n = 1; n <= pages; n++) {
      this.subscriptions.push(
        this.api.page(documentId, n).subscribe({
          next: (blob) => this.urls.update((urls) => urls.map((url, i) => (i === n - 1 ? URL.createObjectURL(blob) : url))),
          error: (error: unknown) => this.notifier.show(error),
        }),
      );
    }
  }

  private clear(): void {
    this.subscriptions.forEach((subscription) => subscription.unsubscribe());
    this.subscriptions = [];
    for (const url of this.urls()) {
      if (url) URL.revokeObjectURL(url);
    }
  }
}
