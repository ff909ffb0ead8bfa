import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { DomSanitizer, SafeHtml } from '@angular/platform-browser';
import { TranslatePipe } from '@ngx-translate/core';
import { LocalDateTimePipe } from '../../../core/i18n/local-date-time.pipe';
import { DevMail } from '../services/dev-mail.models';
import { extractLinks, linkify } from '../services/linkify';

/**
 * One caught mail. The text body is shown with its links as plain `<a>` elements (browser tests
 * follow them); the HTML body, when any, in a sandboxed frame that can run nothing.
 */
@Component({
  selector: 'app-mail-view',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslatePipe, LocalDateTimePipe],
  templateUrl: './mail-view.component.html',
  styleUrl: './mail-view.component.scss',
})
export class MailViewComponent {
  private readonly sanitizer = inject(DomSanitizer);

  readonly mail = input.required<DevMail>();

  protected readonly segments = computed(() => linkify(this.mail().text ?? ''));
  protected readonly links = computed(() => extractLinks(this.mail().text ?? '', this.mail().html));
  /** Trusted only because the frame is sandboxed without scripts, forms or same-origin access. */
  protected readonly html = computed<SafeHtml | null>(() => {
    const html = this.mail().html;
    return html ? this.sanitizer.bypassSecurityTrustHtml(html) : null;
  });
}
