import { Routes } from '@angular/router';
import { LoginPageComponent } from './components/login-page.component';
import { SecondFactorPageComponent } from './components/second-factor-page.component';
import { TotpEnrolmentPageComponent } from './components/totp-enrolment-page.component';

export const SIGN_IN_ROUTES: Routes = [
  { path: '', component: LoginPageComponent, title: 'titles.login' },
  { path: 'totp', component: SecondFactorPageComponent, title: 'titles.second_factor' },
  { path: 'enrolment', component: TotpEnrolmentPageComponent, title: 'titles.totp_enrolment' },
];
