import { Routes } from '@angular/router';
import { ActivationPageComponent } from './components/activation-page.component';
import { CitizenConnectedPageComponent } from './components/citizen-connected-page.component';
import { CitizenLoginPageComponent } from './components/citizen-login-page.component';

/** `/activate?t=…`: the link of the activation e-mail. No staff session needed. */
export const ACTIVATION_ROUTES: Routes = [{ path: '', component: ActivationPageComponent, title: 'citizen.titles.activate' }];

/** `/citizen/…`: login with a digital key. No staff session needed. */
export const CITIZEN_ROUTES: Routes = [
  { path: 'login', component: CitizenLoginPageComponent, title: 'citizen.titles.login' },
  { path: 'connected', component: CitizenConnectedPageComponent, title: 'citizen.titles.connected' },
  { path: '', pathMatch: 'full', redirectTo: 'login' },
];
