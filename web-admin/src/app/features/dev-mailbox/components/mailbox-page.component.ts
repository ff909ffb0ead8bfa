import { ChangeDetectionStrategy, Component, inject, OnInit } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { TranslatePipe } from '@ngx-translate/core';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { LocalDateTimePipe } from '../../../core/i18n/local-date-time.pipe';
import { DevMailboxStore } from '../services/dev-mailbox.store';
import { MailViewComponent } from './mail-view.component';

/** Mails caught by the API's development SMTP catcher. */
@Component({
  selector: 'app-mailbox-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatIconModule, MatProgressBarModule, TranslatePipe, LocalDateTimePipe, MailViewComponent],
  providers: [DevMailboxStore],
  templateUrl: './mailbox-page.component.html',
  styleUrl: './mailbox-page.component.scss',
})
export class MailboxPageComponent implements OnInit {
  protected readonly store = inject(DevMailboxStore);
  private readonly notifier = inject(ErrorNotifier);

  ngOnInit(): void {
    this.store.load();
  }

  protected clear(): void {
    this.store.clear().subscribe({
      next: () => this.notifier.info('mailbox.cleared'),
      error: (error: unknown) => this.notifier.show(error),
    });
  }
}
