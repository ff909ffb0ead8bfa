export const ROLES = ['clerk', 'video_agent', 'niss_operator', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);
