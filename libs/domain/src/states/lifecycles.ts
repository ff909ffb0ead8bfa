import { defineStateMachine } from './state-machine';

/** NISS identification ticket (DESIGN.md flow 3). */
export const NISS_TICKET_STATES = ['submitted', 'pending', 'in_review', 'action_required', 'identified', 'failed', 'deleted'] as const;
export type NissTicketState = (typeof NISS_TICKET_STATES)[number];

export const nissTicketLifecycle = defineStateMachine('niss_ticket', NISS_TICKET_STATES, {
  /** Automatic identification found exactly one strong candidate at submission. */
  auto_identify: { from: ['submitted'], to: 'identified' },
  /** No strong candidate: an operator must decide. */
  queue: { from: ['submitted'], to: 'pending' },
  /** An operator claims the ticket to work it (the claim itself lives beside the state). */
  claim: { from: ['pending'], to: 'in_review' },
  /** The claim is given up, or expired after the idle time. */
  release: { from: ['in_review'], to: 'pending' },
  identify: { from: ['in_review'], to: 'identified' },
  fail: { from: ['in_review'], to: 'failed' },
  request_reupload: { from: ['in_review'], to: 'action_required' },
  /** The requester sent a new document. */
  reupload: { from: ['action_required'], to: 'pending' },
  /** The requester deletes a request that has no final answer yet. */
  delete: { from: ['submitted', 'pending', 'in_review', 'action_required'], to: 'deleted' },
});

/** Video-interview appointment (DESIGN.md flow 2). */
export const APPOINTMENT_STATES = ['requested', 'confirmed', 'in_progress', 'approved', 'refused', 'no_show', 'cancelled', 'expired'] as const;
export type AppointmentState = (typeof APPOINTMENT_STATES)[number];

export const appointmentLifecycle = defineStateMachine('appointment', APPOINTMENT_STATES, {
  confirm: { from: ['requested'], to: 'confirmed' },
  start: { from: ['confirmed'], to: 'in_progress' },
  approve: { from: ['in_progress'], to: 'approved' },
  refuse: { from: ['in_progress'], to: 'refused' },
  mark_no_show: { from: ['confirmed'], to: 'no_show' },
  cancel: { from: ['requested', 'confirmed'], to: 'cancelled' },
  expire: { from: ['requested'], to: 'expired' },
});
