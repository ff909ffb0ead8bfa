import { Directive, effect, ElementRef, inject, input } from '@angular/core';

/**
 * `<video [appMediaStream]="stream">`: shows a MediaStream (the real object: tests read
 * `srcObject.getVideoTracks()`), and starts playback (autoplay may wait for a gesture otherwise).
 */
@Directive({ selector: 'video[appMediaStream]' })
export class MediaStreamDirective {
  readonly appMediaStream = input<MediaStream | null>(null);
  private readonly video = inject<ElementRef<HTMLVideoElement>>(ElementRef).nativeElement;

  constructor() {
    effect(() => {
      const stream = this.appMediaStream();
      if (this.video.srcObject !== stream) {
        this.video.srcObject = stream;
      }
      if (stream && typeof this.video.play === 'function') {
        this.video.play()?.catch(() => undefined);
      }
    });
  }
}
