import { SetMetadata } from '@nestjs/common';
import type { JobName } from '@sesame/jobs';

export const JOB_HANDLER_KEY = 'sesame:job-handler';

/** Marks a provider method as THE handler of one job name (exactly one per name, checked at boot). */
export const JobHandler = (name: JobName): MethodDecorator => SetMetadata(JOB_HANDLER_KEY, name);
