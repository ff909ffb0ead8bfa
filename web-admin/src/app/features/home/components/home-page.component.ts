import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { SessionStore } from '../../../core/auth/session.store';
import { MunicipalityNamePipe } from '../../../core/municipalities/municipality-name.pipe';
import { NavigationService } from '../../../core/shell/navigation.service';

/** Greets the member and lists the pages their roles open. */
@Component({
  selector: 'app-home-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatCardModule, MatIconModule, TranslatePipe, MunicipalityNamePipe],
  template: `
    @if (me(); as me) {
      <h1>{{ 'home.greeting' | translate: { name: me.displayName } }}</h1>
      <p class="lead">
        {{ 'home.signed_in_as' | translate: { email: me.email } }}
        @if (me.municipality; as municipality) {
          {{ 'home.municipality' | translate: { name: (municipality | municipalityName), code: municipality.nisCode } }}
        }
      </p>
    }

    <h2>{{ 'home.what_you_can_do' | translate }}</h2>
    <ul class="tasks">
      @for (item of items(); track item.path) {
        <li>
          <mat-card appearance="outlined" class="task">
            <mat-card-content>
              <mat-icon class="task-icon">{{ item.icon }}</mat-icon>
              <div>
                <a class="task-link" [routerLink]="item.path">{{ item.labelKey | translate }}</a>
                <p>{{ item.descriptionKey | translate }}</p>
              </div>
            </mat-card-content>
          </mat-card>
        </li>
      }
    </ul>
  `,
  styles: `
    .lead {
      color: var(--mat-sys-on-surface-variant);
    }
    .tasks {
      list-style: none;
      padding: 0;
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(280px, 1fr));
      gap: 16px;
    }
    .task mat-card-content {
      display: flex;
      gap: 16px;
      align-items: flex-start;
    }
    .task-icon {
      flex: none;
      color: var(--mat-sys-primary);
    }
    .task-link {
      font: var(--mat-sys-title-medium);
    }
    .task p {
      margin: 4px 0 0;
    }
  `,
})
export class HomePageComponent {
  protected readonly me = inject(SessionStore).me;
  private readonly navigation = inject(NavigationService);
  protected readonly items = computed(() => this.navigation.items().filter((item) => item.path !== '/'));
}
