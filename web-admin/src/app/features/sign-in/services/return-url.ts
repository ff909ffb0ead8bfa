/**
 * Only in-app paths are followed after sign-in (no `//host` or `https://…`), and never back into
 * the sign-in pages themselves.
 */
export function safeReturnUrl(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
    return '/';
  }
  if (value === '/login' || value.startsWith('/login/') || value.startsWith('/login?')) {
    return '/';
  }
  return value;
}
