import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { finalize } from 'rxjs';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { toApiError } from '../../../core/http/api-error';
import { CitizenApiService } from '../services/citizen-api.service';
import { CitizenMe } from '../services/citizen.models';

/** `/citizen/connected`: who is logged in with a digital key, and logout. */
@Component({
  selector: 'app-citizen-connected-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatCardModule, MatButtonModule, MatIconModule, MatProgressBarModule, TranslatePipe],
  template: `
    <mat-card class="citizen-card" appearance="outlined">
      <mat-card-content>
        <p class="eyebrow">{{ 'citizen.title' | translate }}</p>
        @if (loading()) {
          <mat-progress-bar mode="indeterminate" [attr.aria-label]="'common.loading' | translate" />
        } @else if (me(); as me) {
          <h1>{{ 'citizen.connected.title' | translate }}</h1>
          <p class="identity">{{ 'citizen.connected.as' | translate: { name: me.name } }}</p>
          <p>{{ 'citizen.connected.username' | translate: { username: me.username } }}</p>
          <p>{{ 'citizen.connected.key' | translate: { kind: ('citizen.kinds.' + me.keyKind | translate) } }}</p>
          <div class="actions">
            <span></span>
            <button mat-flat-button type="button" (click)="logout()" [disabled]="busy()">
              <mat-icon>logout</mat-icon>
              {{ 'citizen.connected.logout' | translate }}
            </button>
          </div>
        } @else {
          <h1>{{ 'citizen.connected.signed_out_title' | translate }}</h1>
          @if (error(); as message) {
            <div class="inline-error">
              <mat-icon>error</mat-icon>
              <span role="alert">{{ message }}</span>
            </div>
          }
          <p><a mat-flat-button routerLink="/citizen/login">{{ 'citizen.connected.login' | translate }}</a></p>
        }
      </mat-card-content>
    </mat-card>
  `,
  styleUrl: './citizen-card.scss',
})
export class CitizenConnectedPageComponent implements OnInit {
  private readonly api = inject(CitizenApiService);
  private readonly router = inject(Router);
  private readonly notifier = inject(ErrorNotifier);

  protected readonly me = signal<CitizenMe | null>(null);
  protected readonly loading = signal(true);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  ngOnInit(): void {
    this.api
      .me()
      .pipe(finalize(() => this.loading.set(false)))
      .subscribe({
        next: (me) => this.me.set(me),
        error: (error: unknown) => this.error.set(this.notifier.messageFor(toApiError(error))),
      });
  }

  protected logout(): void {
    this.busy.set(true);
    this.api
      .logout()
      .pipe(finalize(() => this.busy.set(false)))
      .subscribe({
        next: () => {
          this.me.set(null);
          this.notifier.info('citizen.connected.logged_out');
          void this.router.navigate(['/citizen/login']);
        },
        error: (error: unknown) => this.error.set(this.notifier.messageFor(toApiError(error))),
      });
  }
}
