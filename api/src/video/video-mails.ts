import type { AppConfig } from '@sesame/config';

/** The citizen's page of their appointment, opened with the token of the booking e-mail. */
export const appointmentUrl = (config: AppConfig, token: string): string => `${config.PUBLIC_BASE_URL.replace(/\/$/, '')}/video/appointment?t=${token}`;
