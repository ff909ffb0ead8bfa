import { ChangeDetectionStrategy, Component, computed, effect, inject, OnInit, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { LanguageService } from '../../../core/i18n/language.service';
import { brusselsDateTime } from '../../video/shared/brussels-time';
import { MicLevelComponent } from '../../video/shared/mic-level.component';
import { CitizenAppointmentView } from '../../video/shared/video.models';
import { VideoCallService } from '../../video/shared/video-call.service';
import { VideoStageComponent } from '../../video/shared/video-stage.component';
import { VideoCitizenApiService } from '../services/video-citizen-api.service';

/**
 * `/video/appointment/call`: the camera and microphone check, the waiting room until the agent lets
 * the citizen in, then the interview; at the end, the outcome (the activation code when approved).
 */
@Component({
  selector: 'app-video-call-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButtonModule, MatCardModule, MatIconModule, MatProgressBarModule, TranslatePipe, MicLevelComponent, VideoStageComponent],
  providers: [VideoCallService],
  templateUrl: './video-call-page.component.html',
  styleUrl: './video-citizen.scss',
  styles: `
    :host { max-width: 1100px; }
  `,
})
export class VideoCallPageComponent implements OnInit {
  protected readonly call = inject(VideoCallService);
  private readonly api = inject(VideoCitizenApiService);
  private readonly language = inject(LanguageService);
  private readonly router = inject(Router);

  protected readonly appointment = signal<CitizenAppointmentView | null>(null);
  protected readonly signedOut = signal(false);
  protected readonly mediaChecked = signal(false);

  /** What the big picture says while there is no video from the agent. */
  protected readonly placeholderKey = computed(() => {
    switch (this.call.status()) {
      case 'waiting_admission':
        return 'video.call.waiting_admission';
      case 'waiting_peer':
        return 'video.call.waiting_agent';
      case 'peer_left':
        return 'video.call.peer_left';
      case 'closed':
        return 'video.call.closed';
      case 'ended':
        return 'video.call.ended';
      default:
        return 'video.call.connecting';
    }
  });

  constructor() {
    // The outcome is recorded: read the appointment again (it carries the activation code).
    effect(() => {
      if (this.call.outcome()) {
        untracked(() => this.load());
      }
    });
  }

  ngOnInit(): void {
    this.load(true);
  }

  protected when(instant: string): string {
    return brusselsDateTime(instant, this.language.locale());
  }

  protected rejoin(): void {
    this.call.connect();
  }

  protected leave(): void {
    this.call.leave();
    this.call.stopMedia();
    void this.router.navigate(['/video/appointment']);
  }

  private load(start = false): void {
    this.api.appointment().subscribe({
      next: (appointment) => {
        this.appointment.set(appointment);
        if (start) void this.start();
      },
      error: () => this.signedOut.set(true),
    });
  }

  /** Camera and microphone first (the check), then the waiting room. */
  private async start(): Promise<void> {
    await this.call.startMedia();
    this.mediaChecked.set(true);
    this.call.connect();
  }
}
