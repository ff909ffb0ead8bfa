import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, Relation } from 'typeorm';
import { ActivationCode } from './activation-code.entity';

/**
 * The rendered activation letter (one-page PDF) of a live code. It carries the code in clear, so it
 * is deleted in the transaction that ends the code.
 */
@Entity('activation_letter')
export class ActivationLetter {
  @PrimaryColumn({ name: 'activation_code_id', type: 'uuid' })
  activationCodeId: string;

  @OneToOne(() => ActivationCode, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'activation_code_id', foreignKeyConstraintName: 'FK_activation_letter_code' })
  activationCode: Relation<ActivationCode>;

  @Column({ type: 'bytea' })
  pdf: Buffer;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ name: 'rendered_at', type: 'timestamptz' })
  renderedAt: Date;
}
