import { Me } from '../app/core/auth/auth.models';

/** A signed-in member for tests; override what the test is about. */
export function aMe(overrides: Partial<Me> = {}): Me {
  return {
    id: 'b7d0c1de-0000-4000-8000-000000000001',
    email: 'alice.martin@example.be',
    displayName: 'Alice Martin',
    roles: ['admin'],
    municipality: null,
    language: 'fr',
    ...overrides,
  };
}
