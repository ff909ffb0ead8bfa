import { Routes } from '@angular/router';
import { VideoAppointmentPageComponent } from './components/video-appointment-page.component';
import { VideoBookingPageComponent } from './components/video-booking-page.component';
import { VideoCallPageComponent } from './components/video-call-page.component';

/** Mounted at `/video` for citizens (public). */
export const VIDEO_BOOKING_ROUTES: Routes = [{ path: '', pathMatch: 'full', component: VideoBookingPageComponent, title: 'video.titles.book' }];

/** Mounted at `/video/appointment` (the e-mailed link; public, the security code opens it). */
export const VIDEO_APPOINTMENT_ROUTES: Routes = [
  { path: '', pathMatch: 'full', component: VideoAppointmentPageComponent, title: 'video.titles.appointment' },
  { path: 'call', component: VideoCallPageComponent, title: 'video.titles.call' },
];
