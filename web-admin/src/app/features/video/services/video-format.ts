import { AgentAppointmentView } from '../shared/video.models';

/** The state shown in the agenda: "waiting" is a confirmed appointment whose citizen is in the waiting room. */
export function displayState(appointment: Pick<AgentAppointmentView, 'state' | 'citizenWaiting'>): string {
  return appointment.state === 'confirmed' && appointment.citizenWaiting ? 'waiting' : appointment.state;
}

export function stateTone(state: string): 'ok' | 'warn' | 'plain' {
  if (state === 'confirmed' || state === 'approved' || state === 'waiting' || state === 'in_progress') return 'ok';
  if (state === 'refused' || state === 'no_show' || state === 'cancelled' || state === 'expired') return 'warn';
  return 'plain';
}

/** Liveness questions the agent may ask (translation keys under `video.liveness`). */
export const LIVENESS_QUESTIONS = ['turn_left', 'turn_right', 'look_up', 'blink_twice', 'hand_near_face', 'read_digits'] as const;
