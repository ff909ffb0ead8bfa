import { Routes } from '@angular/router';
import { VideoAgendaPageComponent } from './components/video-agenda-page.component';
import { VideoAvailabilityPageComponent } from './components/video-availability-page.component';
import { VideoSessionPageComponent } from './components/video-session-page.component';

/** Mounted at `/video` in the console (video agents, supervisors, admins). */
export const VIDEO_ROUTES: Routes = [
  { path: '', pathMatch: 'full', component: VideoAgendaPageComponent, title: 'video.titles.agenda' },
  { path: 'availability', component: VideoAvailabilityPageComponent, title: 'video.titles.availability' },
  { path: ':id', component: VideoSessionPageComponent, title: 'video.titles.session' },
];
