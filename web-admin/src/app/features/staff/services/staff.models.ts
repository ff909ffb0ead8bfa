import { Role } from '../../../core/auth/auth.models';
import { Language } from '../../../core/i18n/languages';
import { Municipality } from '../../../core/municipalities/municipality.model';

export interface Staff {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  municipality: Municipality | null;
  language: Language;
  disabled: boolean;
  totpEnrolled: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface StaffPage {
  items: Staff[];
  total: number;
  page: number;
  pageSize: number;
}

export interface StaffQuery {
  search: string;
  /** 1-based. */
  page: number;
  pageSize: number;
}

export interface CreateStaffRequest {
  email: string;
  displayName: string;
  language: Language;
  roles: Role[];
  municipalityNisCode?: string;
}

export interface CreateStaffResponse {
  staff: Staff;
  initialPassword: string;
}

export interface UpdateStaffRequest {
  displayName?: string;
  language?: Language;
  roles?: Role[];
  municipalityNisCode?: string | null;
}
