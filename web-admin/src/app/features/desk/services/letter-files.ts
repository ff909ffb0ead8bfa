import { DOCUMENT, inject, Injectable } from '@angular/core';
import { DomSanitizer, SafeResourceUrl } from '@angular/platform-browser';
import { map, Observable } from 'rxjs';
import { DeskApiService } from './desk-api.service';

/** A letter PDF held in the browser: a blob URL for the download link, the same URL trusted for a frame. */
export interface LetterFile {
  codeId: string;
  url: string;
  frameUrl: SafeResourceUrl;
  fileName: string;
}

/**
 * Fetches activation letters as blob URLs for preview, print and download. Letters hold an
 * activation code: every URL handed out must be released as soon as it leaves the screen.
 */
@Injectable({ providedIn: 'root' })
export class LetterFiles {
  private readonly api = inject(DeskApiService);
  private readonly sanitizer = inject(DomSanitizer);
  private readonly window = inject(DOCUMENT).defaultView;

  open(codeId: string): Observable<LetterFile> {
    return this.api.getLetter(codeId).pipe(
      map((blob) => {
        const url = URL.createObjectURL(new Blob([blob], { type: 'application/pdf' }));
        return {
          codeId,
          url,
          // Trusted: a blob URL this page just made from the API's own PDF.
          frameUrl: this.sanitizer.bypassSecurityTrustResourceUrl(url),
          fileName: `activation-letter-${codeId.slice(0, 8)}.pdf`,
        };
      }),
    );
  }

  release(file: LetterFile | null | undefined): void {
    if (file) {
      URL.revokeObjectURL(file.url);
    }
  }

  /**
   * Opens the browser's print dialog for the letter shown in `frame`. When the frame cannot print
   * (its viewer is blocked), the PDF opens in a new tab to print from there.
   */
  print(frame: HTMLIFrameElement | null | undefined, file: LetterFile): void {
    const target = frame?.contentWindow;
    try {
      if (target) {
        target.focus();
        target.print();
        return;
      }
    } catch {
      // Fall through to the new tab.
    }
    this.window?.open(file.url, '_blank', 'noopener');
  }
}
