import { ChangeDetectionStrategy, Component, ElementRef, input, viewChild } from '@angular/core';
import { TranslatePipe } from '@ngx-translate/core';
import { MediaStreamDirective } from './media-stream.directive';

/** The other side big, oneself small in a corner; a message over the big one while nobody is there. */
@Component({
  selector: 'app-video-stage',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MediaStreamDirective, TranslatePipe],
  template: `
    <div class="stage">
      <video #remoteEl class="remote" autoplay playsinline [appMediaStream]="remote()" data-testid="remote-video"
             [attr.aria-label]="remoteLabelKey() | translate"></video>
      @if (!remote() && placeholderKey()) {
        <p class="placeholder" role="status">{{ placeholderKey() | translate }}</p>
      }
      <video class="local" autoplay playsinline [muted]="true" [appMediaStream]="local()" data-testid="local-video"
             [attr.aria-label]="'video.call.local_video' | translate"></video>
    </div>
  `,
  styles: `
    :host { display: block; }
    .stage { position: relative; width: 100%; aspect-ratio: 16 / 9; background: #111; border-radius: 12px; overflow: hidden; }
    .remote { width: 100%; height: 100%; object-fit: contain; display: block; }
    .local { position: absolute; right: 12px; bottom: 12px; width: 24%; min-width: 120px; aspect-ratio: 4 / 3; object-fit: cover;
      background: #333; border: 2px solid #fff; border-radius: 8px; transform: scaleX(-1); }
    .placeholder { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; margin: 0;
      padding: 24px; text-align: center; color: #fff; font: var(--mat-sys-title-medium); }
  `,
})
export class VideoStageComponent {
  readonly remote = input<MediaStream | null>(null);
  readonly local = input<MediaStream | null>(null);
  /** Shown over the big picture while there is no remote stream. */
  readonly placeholderKey = input<string | null>(null);
  readonly remoteLabelKey = input('video.call.remote_video');

  private readonly remoteVideo = viewChild.required<ElementRef<HTMLVideoElement>>('remoteEl');

  /** The big video element (for stills). */
  remoteElement(): HTMLVideoElement {
    return this.remoteVideo().nativeElement;
  }
}
