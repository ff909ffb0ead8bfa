import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NISS_REUPLOAD_REASONS, type Document, type NissReuploadReason, type NissTicket, type NissTicketEvent } from '@sesame/database';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { CandidateDto, toCandidateDto } from '../../persons/dto/persons.dto';
import type { Candidate } from '../../persons/persons.service';
import type { DayFigures, Figures, QueueRow, ReviewView } from '../review.service';
import { RequestDataDto } from './request-data.dto';

const bool = ({ value }: { value: unknown }) => (value === 'true' || value === true ? true : value === 'false' || value === false ? false : value);

export class TicketIdParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
}

export class DocumentPageParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
  @ApiProperty({ minimum: 1, maximum: 2 }) @Type(() => Number) @IsInt() @Min(1) @Max(2) n: number;
}

export class TicketListQueryDto {
  @ApiPropertyOptional({ enum: ['mine', 'organisation'], default: 'organisation' }) @IsOptional() @IsIn(['mine', 'organisation']) scope: 'mine' | 'organisation' = 'organisation';
  @ApiPropertyOptional({ minimum: 1, default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10_000) page = 1;
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize = 20;
}

export class ReuploadDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() documentId: string;
  @ApiProperty({ type: RequestDataDto }) @ValidateNested() @Type(() => RequestDataDto) data: RequestDataDto;
}

export class QueueQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() organisationId?: string;
  @ApiPropertyOptional({ example: 'MAR' }) @IsOptional() @Matches(/^[A-Z]{3}$/) nationality?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20) documentType?: string;
  @ApiPropertyOptional() @IsOptional() @Transform(bool) @IsBoolean() awaitingReupload?: boolean;
  @ApiPropertyOptional() @IsOptional() @Transform(bool) @IsBoolean() mine?: boolean;
  /** The cursor of the previous page (`next` of its answer). */
  @ApiPropertyOptional() @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z_[0-9a-f-]{36}$/) after?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit = 50;
}

export class ClaimDto {
  /** Supervisors: take over a ticket another operator holds. */
  @ApiPropertyOptional() @IsOptional() @IsBoolean() takeover?: boolean;
}

export class IdentifyDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() personId: string;
}

export class FailDto {
  @ApiProperty() @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)) @IsString() @MinLength(3) @MaxLength(500) reason: string;
}

export class ReuploadRequestDto {
  @ApiProperty({ enum: NISS_REUPLOAD_REASONS }) @IsIn(NISS_REUPLOAD_REASONS) reason: NissReuploadReason;
  @ApiPropertyOptional({ nullable: true }) @Transform(({ value }) => (typeof value === 'string' ? value.trim() || null : (value ?? null))) @IsOptional() @IsString() @MaxLength(500) text: string | null = null;
}

export class BulkReuploadRequestDto extends ReuploadRequestDto {
  @ApiProperty({ type: [String] }) @ArrayMinSize(1) @ArrayMaxSize(200) @IsUUID('all', { each: true }) ticketIds: string[];
}

export class FiguresQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 90, default: 14 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(90) days = 14;
}

export class TicketEventDto {
  @ApiProperty() at: string;
  @ApiProperty() action: string;
  @ApiPropertyOptional({ nullable: true }) fromStatus: string | null;
  @ApiProperty() toStatus: string;
  @ApiProperty({ enum: ['requester', 'staff', 'system'] }) actorKind: string;
  @ApiProperty() details: Record<string, unknown>;
}

/** A ticket as its requester sees it. */
export class TicketDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'NISS-2026-0000123' }) number: string;
  @ApiProperty({ enum: ['submitted', 'pending', 'in_review', 'action_required', 'identified', 'failed', 'deleted'] }) status: string;
  /** What the requester is shown: identified (✓ NISS), failed (✗), pending (⏲; in review and submitted included), action_required. */
  @ApiProperty({ enum: ['identified', 'failed', 'pending', 'action_required', 'deleted'] }) display: string;
  @ApiPropertyOptional({ nullable: true }) niss: string | null;
  @ApiProperty() autoIdentified: boolean;
  @ApiProperty() submittedAt: string;
  @ApiPropertyOptional({ nullable: true }) decidedAt: string | null;
  @ApiPropertyOptional({ nullable: true }) failureReason: string | null;
  @ApiPropertyOptional({ enum: NISS_REUPLOAD_REASONS, nullable: true }) actionReason: string | null;
  @ApiPropertyOptional({ nullable: true }) actionText: string | null;
  @ApiProperty() requestedBy: string;
  @ApiProperty() surname: string;
  @ApiProperty() givenNames: string;
  @ApiProperty() birthDate: string;
  @ApiProperty() deletable: boolean;
}

export class TicketDetailDto extends TicketDto {
  @ApiProperty({ type: RequestDataDto }) data: RequestDataDto;
  @ApiPropertyOptional({ nullable: true }) documentId: string | null;
  @ApiProperty({ type: [TicketEventDto] }) history: TicketEventDto[];
}

export class TicketListDto {
  @ApiProperty({ type: [TicketDto] }) notifications: TicketDto[];
  @ApiProperty({ type: [TicketDto] }) items: TicketDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class DocumentStatusDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['received', 'processed', 'failed'] }) status: string;
  @ApiProperty() pageCount: number;
  @ApiPropertyOptional({ nullable: true }) failureCode: string | null;
  /** What the worker found (quality per page, MRZ and its checks, fields with confidence); null until analysed. */
  @ApiPropertyOptional({ nullable: true }) analysis: Document['analysis'];
}

export class QueueItemDto {
  @ApiProperty() id: string;
  @ApiProperty() number: string;
  @ApiProperty() status: string;
  @ApiProperty() submittedAt: string;
  @ApiProperty() ageMinutes: number;
  @ApiProperty({ enum: ['ok', 'warning', 'late'] }) sla: string;
  @ApiProperty() organisationId: string;
  @ApiProperty() organisationName: string;
  @ApiProperty() nationality: string;
  @ApiProperty() documentType: string;
  @ApiProperty() surname: string;
  @ApiProperty() givenNames: string;
  @ApiProperty() birthDate: string;
  @ApiPropertyOptional({ nullable: true }) claimedBy: string | null;
  @ApiPropertyOptional({ nullable: true }) claimedByName: string | null;
  @ApiPropertyOptional({ nullable: true }) actionReason: string | null;
}

export class QueueDto {
  @ApiProperty({ type: [QueueItemDto] }) items: QueueItemDto[];
  /** Pass as `after` for the next page; null on the last one. */
  @ApiPropertyOptional({ nullable: true }) next: string | null;
}

export class PrefillChangeDto {
  @ApiProperty() field: string;
  @ApiProperty() proposed: string;
  @ApiPropertyOptional({ nullable: true }) entered: string | null;
}

export class ReviewDto {
  @ApiProperty({ type: TicketDetailDto }) ticket: TicketDetailDto;
  @ApiProperty() organisationName: string;
  @ApiPropertyOptional({ nullable: true }) claimedBy: string | null;
  @ApiPropertyOptional({ nullable: true }) claimedByName: string | null;
  @ApiPropertyOptional({ type: DocumentStatusDto, nullable: true }) document: DocumentStatusDto | null;
  @ApiProperty({ type: [PrefillChangeDto] }) changes: PrefillChangeDto[];
  @ApiProperty({ type: [CandidateDto] }) candidates: CandidateDto[];
  @ApiPropertyOptional({ nullable: true }) bisProposedBy: string | null;
  @ApiPropertyOptional({ nullable: true }) bisProposedByName: string | null;
  @ApiProperty() bisFourEyes: boolean;
}

export class BisResultDto {
  @ApiProperty({ type: TicketDto }) ticket: TicketDto;
  /** True when the BIS was only proposed (four eyes): a supervisor must confirm it. */
  @ApiProperty() proposed: boolean;
}

export class BulkResultDto {
  @ApiProperty() ticketId: string;
  @ApiProperty() ok: boolean;
  @ApiPropertyOptional() code?: string;
  /** Why this ticket was not asked, in the caller's language. */
  @ApiPropertyOptional() message?: string;
}

export class DayFiguresDto implements DayFigures {
  @ApiProperty() day: string;
  @ApiProperty() submitted: number;
  @ApiProperty() autoIdentified: number;
  @ApiPropertyOptional({ nullable: true }) autoIdentifiedPercent: number | null;
  @ApiProperty() decided: number;
  @ApiPropertyOptional({ nullable: true }) medianMinutesToDecision: number | null;
}

export class FiguresDto {
  @ApiProperty({ type: [DayFiguresDto] }) days: DayFiguresDto[];
  @ApiProperty() pending: number;
  @ApiProperty() inReview: number;
  @ApiProperty() awaitingReupload: number;
  @ApiPropertyOptional({ nullable: true }) oldestPendingSubmittedAt: string | null;
}

const iso = (date: Date | null) => (date ? new Date(date).toISOString() : null);

export function displayOf(status: string): string {
  if (status === 'identified' || status === 'failed' || status === 'action_required' || status === 'deleted') return status;
  return 'pending';
}

export const toTicketDto = (ticket: NissTicket): TicketDto => ({
  id: ticket.id,
  number: ticket.number,
  status: ticket.status,
  display: displayOf(ticket.status),
  niss: ticket.niss,
  autoIdentified: ticket.autoIdentified,
  submittedAt: iso(ticket.submittedAt)!,
  decidedAt: iso(ticket.decidedAt),
  failureReason: ticket.failureReason,
  actionReason: ticket.actionReason,
  actionText: ticket.actionText,
  requestedBy: ticket.requestedBy,
  surname: ticket.data.person.surname,
  givenNames: ticket.data.person.givenNames,
  birthDate: ticket.data.person.birthDate,
  deletable: ['submitted', 'pending', 'in_review', 'action_required'].includes(ticket.status),
});

export const toEventDto = (event: NissTicketEvent): TicketEventDto => ({
  at: iso(event.at)!,
  action: event.action,
  fromStatus: event.fromStatus,
  toStatus: event.toStatus,
  actorKind: event.actorKind,
  details: event.details,
});

export const toTicketDetailDto = (ticket: NissTicket, events: NissTicketEvent[]): TicketDetailDto => ({
  ...toTicketDto(ticket),
  data: ticket.data as RequestDataDto,
  documentId: ticket.documentId,
  history: events.map(toEventDto),
});

export const toDocumentStatusDto = (document: Document): DocumentStatusDto => ({
  id: document.id,
  status: document.status,
  pageCount: document.pageCount,
  failureCode: document.failureCode,
  analysis: document.analysis,
});

export const toQueueItemDto = (row: QueueRow): QueueItemDto => ({
  id: row.ticket.id,
  number: row.ticket.number,
  status: row.ticket.status,
  submittedAt: iso(row.ticket.submittedAt)!,
  ageMinutes: row.ageMinutes,
  sla: row.sla,
  organisationId: row.ticket.organisationId,
  organisationName: row.organisationName,
  nationality: row.ticket.nationality,
  documentType: row.ticket.documentType,
  surname: row.ticket.data.person.surname,
  givenNames: row.ticket.data.person.givenNames,
  birthDate: row.ticket.data.person.birthDate,
  claimedBy: row.ticket.claimedBy,
  claimedByName: row.claimedByName,
  actionReason: row.ticket.actionReason,
});

export const toReviewDto = (view: ReviewView, bisFourEyes: boolean): ReviewDto => ({
  ticket: toTicketDetailDto(view.ticket, view.events),
  organisationName: view.organisationName,
  claimedBy: view.ticket.claimedBy,
  claimedByName: view.claimedByName,
  document: view.document ? toDocumentStatusDto(view.document) : null,
  changes: view.changes,
  candidates: view.candidates.map((c: Candidate) => toCandidateDto(c)),
  bisProposedBy: view.ticket.bisProposedBy,
  bisProposedByName: view.bisProposedByName,
  bisFourEyes,
});

export const toFiguresDto = (figures: Figures): FiguresDto => ({ ...figures, oldestPendingSubmittedAt: iso(figures.oldestPendingSubmittedAt) });
