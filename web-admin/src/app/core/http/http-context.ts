import { HttpContext, HttpContextToken } from '@angular/common/http';

/**
 * 401 answers the caller handles itself instead of being sent to the sign-in page:
 * `true` for every 401 (sign-in steps, the initial session probe), or the list of error codes
 * that mean "wrong input" rather than "session gone" (e.g. a wrong current password).
 */
export const HANDLES_UNAUTHORIZED = new HttpContextToken<boolean | readonly string[]>(() => false);

export function handlesUnauthorized(value: boolean | readonly string[] = true): HttpContext {
  return new HttpContext().set(HANDLES_UNAUTHORIZED, value);
}
