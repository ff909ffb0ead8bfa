import { Routes } from '@angular/router';
import { HomePageComponent } from './components/home-page.component';

export const HOME_ROUTES: Routes = [{ path: '', component: HomePageComponent, title: 'titles.home' }];
