import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { map, Observable } from 'rxjs';
import {
  AgentAppointmentView,
  ApprovedPerson,
  ApproveAnswer,
  Availability,
  AvailabilityException,
  AvailabilityPattern,
  CapacityDay,
  Checklist,
  NewException,
  NewPattern,
  Still,
  VideoAgent,
} from '../shared/video.models';

const appointmentUrl = (id: string) => `/api/video/appointments/${encodeURIComponent(id)}`;

/** `/api/video/*` for staff: availability, capacity, agenda and the interview itself. */
@Injectable({ providedIn: 'root' })
export class VideoApiService {
  private readonly http = inject(HttpClient);

  /** The video agents, by name: all of them for supervisors and admins, oneself for an agent (the console's agent filters). */
  agents(): Observable<VideoAgent[]> {
    return this.http.get<{ agents: VideoAgent[] }>('/api/video/agents').pipe(map((answer) => answer.agents));
  }

  availability(agentId: string | null): Observable<Availability> {
    const params = agentId ? new HttpParams().set('agentId', agentId) : undefined;
    return this.http.get<Availability>('/api/video/availability', { params });
  }

  addPattern(pattern: NewPattern): Observable<AvailabilityPattern> {
    return this.http.post<AvailabilityPattern>('/api/video/availability/patterns', pattern);
  }

  deletePattern(id: string): Observable<void> {
    return this.http.delete<void>(`/api/video/availability/patterns/${encodeURIComponent(id)}`);
  }

  addException(exception: NewException): Observable<AvailabilityException> {
    return this.http.post<AvailabilityException>('/api/video/availability/exceptions', exception);
  }

  deleteException(id: string): Observable<void> {
    return this.http.delete<void>(`/api/video/availability/exceptions/${encodeURIComponent(id)}`);
  }

  capacity(from: string, days: number): Observable<CapacityDay[]> {
    const params = new HttpParams().set('from', from).set('days', days);
    return this.http.get<{ days: CapacityDay[] }>('/api/video/capacity', { params }).pipe(map((answer) => answer.days));
  }

  agenda(from: string, days: number, agentId: string | null): Observable<AgentAppointmentView[]> {
    let params = new HttpParams().set('from', from).set('days', days);
    if (agentId) params = params.set('agentId', agentId);
    return this.http.get<{ appointments: AgentAppointmentView[] }>('/api/video/agenda', { params }).pipe(map((answer) => answer.appointments));
  }

  appointment(id: string): Observable<AgentAppointmentView> {
    return this.http.get<AgentAppointmentView>(appointmentUrl(id));
  }

  /** A page of the citizen's ID copy, fetched with the staff session. */
  idCopyPage(id: string, n: number): Observable<Blob> {
    return this.http.get(`${appointmentUrl(id)}/id-copy/pages/${n}`, { responseType: 'blob', withCredentials: true });
  }

  start(id: string): Observable<AgentAppointmentView> {
    return this.http.post<AgentAppointmentView>(`${appointmentUrl(id)}/start`, {});
  }

  addStill(id: string, image: Blob): Observable<Still> {
    const body = new FormData();
    body.append('file', image, 'still.png');
    return this.http.post<Still>(`${appointmentUrl(id)}/stills`, body);
  }

  still(id: string, stillId: string): Observable<Blob> {
    return this.http.get(`${appointmentUrl(id)}/stills/${encodeURIComponent(stillId)}`, { responseType: 'blob', withCredentials: true });
  }

  /** `confirmReplaceKeys`: the agent confirmed that the keys active on the e-mail will be deactivated (required when there are any). */
  approve(id: string, checklist: Checklist, person: ApprovedPerson, confirmReplaceKeys = false): Observable<ApproveAnswer> {
    return this.http.post<ApproveAnswer>(`${appointmentUrl(id)}/approve`, { checklist, person, ...(confirmReplaceKeys ? { confirmReplaceKeys: true } : {}) });
  }

  refuse(id: string, reason: string): Observable<AgentAppointmentView> {
    return this.http.post<AgentAppointmentView>(`${appointmentUrl(id)}/refuse`, { reason });
  }

  noShow(id: string): Observable<AgentAppointmentView> {
    return this.http.post<AgentAppointmentView>(`${appointmentUrl(id)}/no-show`, {});
  }
}
