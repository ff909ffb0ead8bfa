import { ChangeDetectionStrategy, Component, inject, OnInit } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import { TranslatePipe } from '@ngx-translate/core';
import { filter, switchMap } from 'rxjs';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { LocalDateTimePipe } from '../../../core/i18n/local-date-time.pipe';
import { ConfirmDialogComponent, ConfirmDialogData } from '../../../core/ui/confirm-dialog.component';
import { ActivationCode, isLive } from '../services/desk.models';
import { TodayCodesStore } from '../services/today-codes.store';
import { LetterDialogComponent, LetterDialogData } from './letter-dialog.component';

/** Today's activation codes at this municipality: state, prints, reprint, revoke, batch printing. */
@Component({
  selector: 'app-today-codes',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatTableModule, MatButtonModule, MatIconModule, MatTooltipModule, MatProgressBarModule, TranslatePipe, LocalDateTimePipe],
  templateUrl: './today-codes.component.html',
  styleUrl: './today-codes.component.scss',
})
export class TodayCodesComponent implements OnInit {
  protected readonly store = inject(TodayCodesStore);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(ErrorNotifier);

  protected readonly columns = ['createdAt', 'personName', 'email', 'language', 'state', 'printCount', 'expiresAt', 'actions'];
  protected readonly isLive = isLive;

  ngOnInit(): void {
    this.store.load();
  }

  protected printAll(): void {
    this.openLetters(this.store.unprinted());
  }

  protected print(code: ActivationCode): void {
    this.openLetters([code]);
  }

  protected revoke(code: ActivationCode): void {
    this.dialog
      .open<ConfirmDialogComponent, ConfirmDialogData, boolean>(ConfirmDialogComponent, {
        data: {
          titleKey: 'desk.codes.revoke_title',
          messageKey: 'desk.codes.revoke_message',
          confirmKey: 'desk.codes.revoke_confirm',
          params: { name: code.personName, email: code.email },
        },
      })
      .afterClosed()
      .pipe(
        filter((confirmed) => confirmed === true),
        switchMap(() => this.store.revoke(code)),
      )
      .subscribe({
        next: (updated) => {
          this.store.replace(updated);
          this.notifier.info('desk.codes.revoked_done', { name: updated.personName });
        },
        error: (error: unknown) => this.notifier.show(error),
      });
  }

  private openLetters(codes: readonly ActivationCode[]): void {
    if (codes.length === 0) {
      return;
    }
    this.dialog
      .open<LetterDialogComponent, LetterDialogData, number>(LetterDialogComponent, {
        data: { codes },
        maxWidth: '95vw',
      })
      .afterClosed()
      .subscribe(() => this.store.load());
  }
}
