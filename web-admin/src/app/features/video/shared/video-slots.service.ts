import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';
import { handlesUnauthorized } from '../../../core/http/http-context';
import { SlotsAnswer } from './video.models';

/** `GET /api/video/slots`: the free interview slots, public (no session of any kind). */
@Injectable({ providedIn: 'root' })
export class VideoSlotsService {
  private readonly http = inject(HttpClient);

  slots(from: string, days: number): Observable<SlotsAnswer> {
    const params = new HttpParams().set('from', from).set('days', days);
    return this.http.get<SlotsAnswer>('/api/video/slots', { params, context: handlesUnauthorized() });
  }
}
