import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The last BIS counter (`SSS`) handed out per birth date and sex (REFERENCE §2). One row per
 * (year, month, day, sex); `INSERT … ON CONFLICT DO UPDATE … RETURNING` takes the next counter in one
 * statement, and the row lock serialises concurrent allocations for the same date and sex until
 * their transaction ends (api/src/persons/persons.repository.ts).
 */
@Entity('bis_counter')
@Check('CHK_bis_counter_sex', `"sex" IN ('M', 'F', 'U')`)
@Check('CHK_bis_counter_range', `"last_counter" BETWEEN 1 AND 998`)
export class BisCounter {
  @PrimaryColumn({ name: 'birth_year', type: 'smallint' })
  birthYear: number;

  /** 0 when the month is unknown. */
  @PrimaryColumn({ name: 'birth_month', type: 'smallint' })
  birthMonth: number;

  /** 0 when the day is unknown. */
  @PrimaryColumn({ name: 'birth_day', type: 'smallint' })
  birthDay: number;

  /** M, F, or U (unknown: month + 20, any counter). */
  @PrimaryColumn({ type: 'char', length: 1 })
  sex: string;

  @Column({ name: 'last_counter', type: 'smallint' })
  lastCounter: number;
}
