import { Routes } from '@angular/router';
import { MailboxPageComponent } from './components/mailbox-page.component';

export const DEV_MAILBOX_ROUTES: Routes = [{ path: '', component: MailboxPageComponent, title: 'titles.dev_mailbox' }];
