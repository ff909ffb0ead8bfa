import { Routes } from '@angular/router';
import { AccountPageComponent } from './components/account-page.component';

export const ACCOUNT_ROUTES: Routes = [{ path: '', component: AccountPageComponent, title: 'titles.account' }];
