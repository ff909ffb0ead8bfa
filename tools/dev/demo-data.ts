import { Municipality, Role, Staff } from '../../libs/database/src';
import type { DataSource } from 'typeorm';

/** Registration offices of the demo: NIS (REFNIS) code and official names. */
export const DEMO_MUNICIPALITIES: Pick<Municipality, 'nisCode' | 'nameFr' | 'nameNl' | 'nameDe'>[] = [
  { nisCode: '21004', nameFr: 'Bruxelles', nameNl: 'Brussel', nameDe: 'Brüssel' },
  { nisCode: '21001', nameFr: 'Anderlecht', nameNl: 'Anderlecht', nameDe: 'Anderlecht' },
  { nisCode: '11002', nameFr: 'Anvers', nameNl: 'Antwerpen', nameDe: 'Antwerpen' },
  { nisCode: '44021', nameFr: 'Gand', nameNl: 'Gent', nameDe: 'Gent' },
  { nisCode: '31005', nameFr: 'Bruges', nameNl: 'Brugge', nameDe: 'Brügge' },
  { nisCode: '24062', nameFr: 'Louvain', nameNl: 'Leuven', nameDe: 'Löwen' },
  { nisCode: '62063', nameFr: 'Liège', nameNl: 'Luik', nameDe: 'Lüttich' },
  { nisCode: '92094', nameFr: 'Namur', nameNl: 'Namen', nameDe: 'Namur' },
  { nisCode: '52011', nameFr: 'Charleroi', nameNl: 'Charleroi', nameDe: 'Charleroi' },
  { nisCode: '53053', nameFr: 'Mons', nameNl: 'Bergen', nameDe: 'Mons' },
  { nisCode: '25112', nameFr: 'Wavre', nameNl: 'Waver', nameDe: 'Wavre' },
  { nisCode: '71022', nameFr: 'Hasselt', nameNl: 'Hasselt', nameDe: 'Hasselt' },
  { nisCode: '63023', nameFr: 'Eupen', nameNl: 'Eupen', nameDe: 'Eupen' },
];

export interface DemoAccount {
  email: string;
  displayName: string;
  password: string;
  roles: Role[];
  municipalityNisCode: string | null;
  language: 'fr' | 'nl' | 'de' | 'en';
}

/** One account per role, and a second video agent. Demo passwords are public by design: never run the seed against production. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { email: 'admin@sesame.localhost', displayName: 'Ada Admin', password: 'demo-admin-2026', roles: ['admin'], municipalityNisCode: null, language: 'en' },
  { email: 'supervisor@sesame.localhost', displayName: 'Sofie Supervisor', password: 'demo-supervisor-2026', roles: ['supervisor'], municipalityNisCode: null, language: 'nl' },
  { email: 'clerk.bruxelles@sesame.localhost', displayName: 'Claire Dubois', password: 'demo-clerk-2026', roles: ['clerk'], municipalityNisCode: '21004', language: 'fr' },
  { email: 'clerk.eupen@sesame.localhost', displayName: 'Klaus Mertens', password: 'demo-clerk-2026', roles: ['clerk'], municipalityNisCode: '63023', language: 'de' },
  { email: 'video@sesame.localhost', displayName: 'Vincent Peeters', password: 'demo-video-2026', roles: ['video_agent'], municipalityNisCode: null, language: 'nl' },
  { email: 'video2@sesame.localhost', displayName: 'Léa Lambert', password: 'demo-video-2026', roles: ['video_agent'], municipalityNisCode: null, language: 'fr' },
  { email: 'niss@sesame.localhost', displayName: 'Nadia El Amrani', password: 'demo-niss-2026', roles: ['niss_operator'], municipalityNisCode: null, language: 'fr' },
];

export async function seedMunicipalities(dataSource: DataSource): Promise<void> {
  await dataSource.getRepository(Municipality).upsert(DEMO_MUNICIPALITIES, ['nisCode']);
}

export async function staffExists(dataSource: DataSource, email: string): Promise<boolean> {
  return dataSource.getRepository(Staff).existsBy({ email });
}
