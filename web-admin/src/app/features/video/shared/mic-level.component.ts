import { ChangeDetectionStrategy, Component, DestroyRef, effect, inject, input, signal } from '@angular/core';
import { TranslatePipe } from '@ngx-translate/core';

/** A live microphone level (0–100) for the device check, from the stream's audio track. */
@Component({
  selector: 'app-video-mic-level',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslatePipe],
  template: `
    <label class="label" [for]="id">{{ 'video.call.mic_level' | translate }}</label>
    <meter [id]="id" min="0" max="100" low="10" high="90" optimum="50" [value]="level()" data-testid="mic-level">{{ level() }}</meter>
  `,
  styles: `
    :host { display: flex; align-items: center; gap: 8px; }
    .label { font: var(--mat-sys-body-small); }
    meter { flex: 1; height: 16px; }
  `,
})
export class MicLevelComponent {
  readonly stream = input<MediaStream | null>(null);
  protected readonly level = signal(0);
  protected readonly id = `mic-${Math.random().toString(36).slice(2, 8)}`;
  private context: AudioContext | null = null;
  private frame: number | null = null;

  constructor() {
    effect(() => {
      this.stop();
      const stream = this.stream();
      if (stream && stream.getAudioTracks().length > 0 && typeof AudioContext !== 'undefined') {
        this.start(stream);
      }
    });
    inject(DestroyRef).onDestroy(() => this.stop());
  }

  private start(stream: MediaStream): void {
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 512;
    context.createMediaStreamSource(stream).connect(analyser);
    this.context = context;
    const samples = new Uint8Array(analyser.fftSize);
    const tick = () => {
      analyser.getByteTimeDomainData(samples);
      let sum = 0;
      for (const sample of samples) {
        const centred = (sample - 128) / 128;
        sum += centred * centred;
      }
      this.level.set(Math.min(100, Math.round(Math.sqrt(sum / samples.length) * 300)));
      this.frame = requestAnimationFrame(tick);
    };
    tick();
  }

  private stop(): void {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    void this.context?.close().catch(() => undefined);
    this.context = null;
    this.level.set(0);
  }
}
