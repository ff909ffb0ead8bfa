import { TestBed } from '@angular/core/testing';
import { aMe } from '../../../testing/fixtures';
import { SessionStore } from './session.store';

describe(SessionStore.name, () => {
  let store: SessionStore;

  beforeEach(() => {
    store = TestBed.inject(SessionStore);
  });

  it('starts signed out, with no role', () => {
    expect(store.signedIn()).toBe(false);
    expect(store.me()).toBeNull();
    expect(store.roles()).toEqual([]);
    expect(store.hasAnyRole([])).toBe(false);
  });

  it('derives signed-in state and roles from the member', () => {
    store.set(aMe({ roles: ['supervisor', 'clerk'] }));

    expect(store.signedIn()).toBe(true);
    expect(store.roles()).toEqual(['supervisor', 'clerk']);
    expect(store.hasAnyRole(['admin', 'supervisor'])).toBe(true);
    expect(store.hasAnyRole(['admin'])).toBe(false);
    expect(store.hasAnyRole([])).toBe(true);
  });

  it('forgets the member on clear', () => {
    store.set(aMe());
    store.clear();

    expect(store.signedIn()).toBe(false);
    expect(store.hasAnyRole(['admin'])).toBe(false);
  });
});
