/**
 * Demo availability of the demo video agent (video@sesame.localhost): weekdays 08:00–12:00 and
 * 13:00–18:00, Saturdays 09:00–12:00, in slots of VIDEO_SLOT_MINUTES, from today on, so that `npm
 * start` shows free slots on the citizens' booking page (/video) and the agent's week on
 * /interviews/availability. Idempotent: nothing is added when the agent already has a pattern.
 */
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../libs/config/src';
import { Staff, VideoAvailabilityPattern } from '../../libs/database/src';
import { brusselsDate } from '../../libs/domain/src';

export const DEMO_VIDEO_AGENT_EMAIL = 'video@sesame.localhost';

const WEEK: { weekday: number; startTime: string; endTime: string }[] = [
  ...[1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, startTime: '08:00', endTime: '12:00' },
    { weekday, startTime: '13:00', endTime: '18:00' },
  ]),
  { weekday: 6, startTime: '09:00', endTime: '12:00' },
];

export async function seedDemoVideoAvailability(dataSource: DataSource, config: AppConfig): Promise<string[]> {
  const agent = await dataSource.getRepository(Staff).findOneBy({ email: DEMO_VIDEO_AGENT_EMAIL });
  if (!agent) return [];
  const patterns = dataSource.getRepository(VideoAvailabilityPattern);
  if ((await patterns.countBy({ agentId: agent.id })) > 0) return [];
  const validFrom = brusselsDate(new Date());
  await patterns.insert(
    WEEK.map((span) => ({ ...span, agentId: agent.id, slotMinutes: config.VIDEO_SLOT_MINUTES, validFrom, validUntil: null, createdBy: agent.id })),
  );
  return [`video availability of ${DEMO_VIDEO_AGENT_EMAIL} (${WEEK.length} weekly spans)`];
}
