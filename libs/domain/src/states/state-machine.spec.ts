import { appointmentLifecycle, nissTicketLifecycle, NISS_TICKET_STATES } from './lifecycles';
import { defineStateMachine, IllegalTransitionError } from './state-machine';

describe('NISS ticket lifecycle (DESIGN.md)', () => {
  const { next, can, isFinal, actionsFrom } = nissTicketLifecycle;

  it('follows submitted → identified | pending → in_review → identified | failed | action_required → pending', () => {
    expect(next('submitted', 'auto_identify')).toBe('identified');
    expect(next('submitted', 'queue')).toBe('pending');
    expect(next('pending', 'claim')).toBe('in_review');
    expect(next('in_review', 'identify')).toBe('identified');
    expect(next('in_review', 'fail')).toBe('failed');
    expect(next('in_review', 'request_reupload')).toBe('action_required');
    expect(next('action_required', 'reupload')).toBe('pending');
    expect(next('in_review', 'release')).toBe('pending');
  });

  it('lets every non-final ticket be deleted, and nothing leave a final one', () => {
    for (const state of NISS_TICKET_STATES) {
      const final = ['identified', 'failed', 'deleted'].includes(state);
      expect({ state, final: isFinal(state) }).toEqual({ state, final });
      expect({ state, deletable: can(state, 'delete') }).toEqual({ state, deletable: !final });
    }
  });

  it('refuses an illegal move with what the ticket can still do', () => {
    expect(() => next('pending', 'identify')).toThrow(IllegalTransitionError);
    try {
      next('pending', 'identify');
    } catch (error) {
      expect(error).toMatchObject({ machine: 'niss_ticket', from: 'pending', action: 'identify', allowed: ['claim', 'delete'] });
    }
    expect(() => next('identified', 'delete')).toThrow(/final state/);
    expect(actionsFrom('action_required')).toEqual(['reupload', 'delete']);
    expect(nissTicketLifecycle.sourcesOf('delete')).toEqual(['submitted', 'pending', 'in_review', 'action_required']);
  });
});

describe('appointment lifecycle (DESIGN.md)', () => {
  it('follows requested → confirmed → in_progress → approved | refused | no_show; cancel and expire', () => {
    const { next, can } = appointmentLifecycle;
    expect(next('requested', 'confirm')).toBe('confirmed');
    expect(next('confirmed', 'start')).toBe('in_progress');
    expect(['approve', 'refuse'].map((a) => next('in_progress', a as 'approve' | 'refuse'))).toEqual(['approved', 'refused']);
    expect(next('confirmed', 'mark_no_show')).toBe('no_show');
    expect(can('requested', 'cancel') && can('confirmed', 'cancel')).toBe(true);
    expect(can('in_progress', 'cancel')).toBe(false);
    expect(next('requested', 'expire')).toBe('expired');
    expect(can('confirmed', 'expire')).toBe(false);
  });
});

describe('defineStateMachine', () => {
  it('refuses a table that names a state it does not know', () => {
    expect(() => defineStateMachine('broken', ['a', 'b'] as const, { go: { from: ['a'], to: 'c' as 'b' } })).toThrow(/unknown state "c"/);
  });
});
