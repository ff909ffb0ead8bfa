import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig, createSealer, Language, Sealer } from '@sesame/config';
import { ActivationCode, ActivationLetter, activationLetterSealContext, Municipality, municipalityNameIn } from '@sesame/database';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { JobHandler } from '../runtime/job-handler.decorator';
import { renderActivationLetter } from './activation-letter.renderer';

/**
 * Renders activation letters. Idempotent: the first rendering of a code is kept (a reprint shows the
 * same letter), and a code that ended before the job ran gets no letter.
 */
@Injectable()
export class LettersHandlers {
  private readonly sealer: Sealer;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    this.sealer = createSealer(config.DATA_ENCRYPTION_KEY);
  }

  @JobHandler('letters.render')
  async render({ activationCodeId }: { activationCodeId: string }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // FOR SHARE: the code cannot end (and delete its letter) while this letter is being stored.
      const code = await manager.getRepository(ActivationCode).findOne({ where: { id: activationCodeId }, lock: { mode: 'pessimistic_read' } });
      if (!code || code.status !== 'issued' || !code.letterCodeSealed) return;
      if (await manager.getRepository(ActivationLetter).existsBy({ activationCodeId })) return;
      const full = await manager.getRepository(ActivationCode).findOneOrFail({ where: { id: activationCodeId }, relations: { person: true } });
      const municipality = code.municipalityNisCode
        ? await manager.getRepository(Municipality).findOneBy({ nisCode: code.municipalityNisCode })
        : null;
      const language = code.language as Language;
      const pdf = await renderActivationLetter({
        language,
        personName: `${full.person.givenNames} ${full.person.surname}`.trim(),
        municipalityName: municipality ? municipalityNameIn(municipality, language) : 'Sésame',
        code: this.sealer.open(code.letterCodeSealed, activationLetterSealContext(code.id)),
        email: code.email,
        issuedAt: code.createdAt,
        expiresAt: code.expiresAt,
        activationUrl: new URL('/activate', this.config.PUBLIC_BASE_URL).toString(),
      });
      await manager.getRepository(ActivationLetter).insert({
        activationCodeId,
        pdf,
        sha256: createHash('sha256').update(pdf).digest('hex'),
        renderedAt: new Date(),
      });
    });
  }
}
